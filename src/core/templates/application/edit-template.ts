import { canSeeNode, hasPermission, type Principal } from '../../accounts/index.js';
import { cancelTimers, domainError, fail, ok, record, scheduleTimer, unitOf, type DomainError, type Result, type UnitRecord } from '../../shared/index.js';
import { lintDraft, submitError } from '../domain/template-lint.js';
import { applyTemplateEvent } from '../domain/template-status.machine.js';
import { parseCategory, parseComponents } from '../domain/template-draft.parse.js';
import type { TemplateAuthor } from '../domain/template-history.js';
import type { MessageTemplate } from '../domain/template.model.js';
import { templateSaved } from '../ports.js';
import { reviewRecords } from './review-template.js';
import { checkHeaderSamples, historyRecord } from './template-history.js';
import { templateTimers, type TemplatesDeps } from './templates.deps.js';

const day = 24 * 60 * 60 * 1000;
/** An approved template may be edited once per 24 hours and 10 times per 30 days (reference §7.4). */
export const editLimits = { perDay: 1, perThirtyDays: 10 } as const;

/** A template node visible to the token, or Graph's 100/33 answer. */
export async function visibleTemplate(deps: Pick<TemplatesDeps, 'templates'>, principal: Principal, id: string, method: 'get' | 'post' | 'delete'): Promise<Result<MessageTemplate, DomainError> | undefined> {
  const template = await deps.templates.findById(id);
  if (template === undefined || template.status === 'DELETED') return undefined;
  if (!canSeeNode(principal, template)) {
    return fail(domainError('NODE_NOT_FOUND', `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`));
  }
  if (!hasPermission(principal, 'whatsapp_business_management')) return fail(domainError('PERMISSION_DENIED', 'The access token lacks the whatsapp_business_management permission.'));
  return ok(template);
}

/**
 * `POST /{template-id}`: new components, category or TTL. Only APPROVED, REJECTED and PAUSED
 * templates may be edited; an approved one within its edit limits and without a category change.
 * The edit goes back to review.
 */
export async function editTemplate(deps: TemplatesDeps, template: MessageTemplate, body: Readonly<Record<string, unknown>>, author: TemplateAuthor): Promise<Result<{ readonly success: true }, DomainError>> {
  const moved = applyTemplateEvent(template.status, 'edit');
  if (!moved.ok) return moved;
  const now = deps.clock.now();
  const category = body['category'] === undefined ? template.category : parseCategory(body['category']);
  if (category === undefined) return fail(domainError('TEMPLATE_INVALID', `'${String(body['category'])}' is not a template category: use MARKETING, UTILITY or AUTHENTICATION.`));
  if (template.status === 'APPROVED') {
    if (category !== template.category) return fail(domainError('TEMPLATE_EDIT_REFUSED', `The category of an approved template cannot be changed (${template.category} → ${category}); create a new template instead.`));
    if (template.edits.filter((at) => at > now - day).length >= editLimits.perDay) {
      return fail(domainError('TEMPLATE_EDIT_LIMIT', 'An approved template can be edited once per 24 hours; try again later.'));
    }
    if (template.edits.filter((at) => at > now - 30 * day).length >= editLimits.perThirtyDays) {
      return fail(domainError('TEMPLATE_EDIT_LIMIT', 'An approved template can be edited 10 times per 30 days; create a new template instead.'));
    }
  }
  let components = template.components;
  if (body['components'] !== undefined) {
    const parsed = parseComponents(body['components']);
    const refused = submitError(parsed.findings);
    if (refused !== undefined || parsed.components === undefined) return fail(refused ?? domainError('TEMPLATE_INVALID', 'The components could not be read.'));
    components = parsed.components;
    const samples = await checkHeaderSamples(deps, components, template.businessId);
    if (!samples.ok) return samples;
  }
  const ttl = body['message_send_ttl_seconds'];
  const edited: MessageTemplate = {
    ...template,
    category,
    components,
    messageSendTtlSeconds: typeof ttl === 'number' && Number.isInteger(ttl) ? ttl : template.messageSendTtlSeconds,
    status: moved.value,
    rejectedReason: null,
    pausedUntil: null,
    edits: template.status === 'APPROVED' ? [...template.edits.filter((at) => at > now - 30 * day), now] : template.edits,
    updatedAt: now,
  };
  const refused = submitError(await lintDraft(edited, { others: await deps.templates.listAll(template.wabaId), selfId: template.id, detect: deps.detect }));
  if (refused !== undefined) return fail(refused);
  const delayMs = await deps.review.delayMs();
  const records: UnitRecord[] = [cancelTimers(templateTimers.unpause, template.id), cancelTimers(templateTimers.disable, template.id), historyRecord(deps, edited, { event: 'EDITED', author, at: now })];
  if (delayMs === 0) records.push(...(await reviewRecords(deps, edited, now)).records);
  else records.push(record(templateSaved, edited), scheduleTimer(deps.ids, { kind: templateTimers.review, subject: template.id, dueAt: now + delayMs, payload: null }));
  await deps.writer.commit(unitOf(records));
  return ok({ success: true });
}
