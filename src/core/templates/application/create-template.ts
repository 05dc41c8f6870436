import { resolveWaba, type Principal } from '../../accounts/index.js';
import { domainError, fail, ok, record, scheduleTimer, unitOf, type DomainError, type Result, type UnitRecord } from '../../shared/index.js';
import { lintDraft, submitError } from '../domain/template-lint.js';
import { parseTemplateDraft } from '../domain/template-draft.parse.js';
import type { TemplateAuthor } from '../domain/template-history.js';
import type { MessageTemplate } from '../domain/template.model.js';
import { templateSaved } from '../ports.js';
import { reviewRecords } from './review-template.js';
import { checkHeaderSamples, historyRecord } from './template-history.js';
import { ensureSampleTemplates, newTemplate } from './samples.js';
import { templateTimers, type TemplatesDeps } from './templates.deps.js';

/** Templates per WABA: 250 while the business is unverified, 6,000 once verified (reference §7.3). */
export const templateLimits = { unverified: 250, verified: 6_000 } as const;
/** A deleted approved template's name and language stay blocked this long. */
export const deletedNameBlockMs = 30 * 24 * 60 * 60 * 1000;

export interface CreatedTemplate {
  readonly id: string;
  readonly status: MessageTemplate['status'];
  readonly category: MessageTemplate['category'];
}

/**
 * `POST /{waba-id}/message_templates`: reads the template, refuses it with Meta's subcode when a
 * submit-stage rule fails, and stores it PENDING with its review scheduled after the simulated delay
 * (or decided at once when the delay is 0).
 */
export async function createTemplate(
  deps: TemplatesDeps,
  input: { readonly principal: Principal; readonly wabaId: string; readonly body: unknown; readonly author: TemplateAuthor },
): Promise<Result<CreatedTemplate, DomainError>> {
  const waba = await resolveWaba(deps.accounts, { principal: input.principal, id: input.wabaId, method: 'post', permission: 'whatsapp_business_management' });
  if (!waba.ok) return waba;
  await ensureSampleTemplates(deps, waba.value);
  const parsed = parseTemplateDraft(input.body);
  const all = await deps.templates.listAll(waba.value.id);
  if (parsed.draft === undefined) return fail(submitError(parsed.findings) ?? domainError('TEMPLATE_INVALID', 'The template could not be read.'));
  const draft = parsed.draft;
  const findings = [...parsed.findings, ...(await lintDraft(draft, { others: all, detect: deps.detect }))];
  const refused = submitError(findings);
  if (refused !== undefined) return fail(refused);
  const samples = await checkHeaderSamples(deps, draft.components, waba.value.businessId);
  if (!samples.ok) return samples;
  const now = deps.clock.now();
  const recentlyDeleted = all.find(
    (template) => template.status === 'DELETED' && template.rejectedReason === 'NONE' && template.name === draft.name && template.language === draft.language && (template.deletedAt ?? 0) > now - deletedNameBlockMs,
  );
  if (recentlyDeleted !== undefined) {
    return fail(domainError('TEMPLATE_NAME_BEING_DELETED', `${draft.language} content for ${draft.name} was deleted on ${new Date(recentlyDeleted.deletedAt ?? now).toISOString().slice(0, 10)}; the name can be used again 30 days after that, or choose another name.`));
  }
  const business = await deps.accounts.findBusiness(waba.value.businessId);
  const limit = business?.verificationStatus === 'verified' ? templateLimits.verified : templateLimits.unverified;
  if (all.filter((template) => template.status !== 'DELETED').length >= limit) {
    return fail(domainError('TEMPLATE_LIMIT_REACHED', `This WABA holds ${limit} message templates, the most it may (${business?.verificationStatus === 'verified' ? 'verified business' : 'verify the business to hold up to 6,000'}); delete unused ones first.`));
  }
  const pending = newTemplate(deps, waba.value, draft, now);
  const delayMs = await deps.review.delayMs();
  let saved: MessageTemplate = pending;
  const records: UnitRecord[] = [historyRecord(deps, pending, { event: 'CREATED', author: input.author, at: now })];
  if (delayMs === 0) {
    const reviewed = await reviewRecords(deps, pending, now);
    saved = reviewed.template;
    records.push(...reviewed.records);
  } else {
    records.push(record(templateSaved, pending), scheduleTimer(deps.ids, { kind: templateTimers.review, subject: pending.id, dueAt: now + delayMs, payload: null }));
  }
  await deps.writer.commit(unitOf(records));
  return ok({ id: saved.id, status: saved.status, category: saved.category });
}
