/**
 * The simulated reviewer: after its delay it applies the linter's rules to a pending template and
 * approves it, or rejects it with the `rejected_reason` of the first reject-level finding. An operator
 * can decide instead (admin API, `kabar templates review`).
 */
import { cancelTimers, domainError, fail, ok, record, unitOf, type DomainError, type Result, type UnitOfWork, type UnitRecord } from '../../shared/index.js';
import { formatLocation } from '../domain/lint-rules.catalog.js';
import { lintDraft, rejection } from '../domain/template-lint.js';
import { applyTemplateEvent } from '../domain/template-status.machine.js';
import { simulatedReviewer, type TemplateAuthor } from '../domain/template-history.js';
import type { MessageTemplate, RejectedReason } from '../domain/template.model.js';
import { templateSaved } from '../ports.js';
import { historyRecord } from './template-history.js';
import { statusNotice } from './template-notifications.js';
import { templateTimers, type TemplatesDeps } from './templates.deps.js';

/** The reviewer's verdict on a template, as the records that apply it. */
export async function reviewRecords(deps: TemplatesDeps, template: MessageTemplate, at: number): Promise<{ readonly template: MessageTemplate; readonly records: UnitRecord[] }> {
  const others = await deps.templates.listAll(template.wabaId);
  const findings = await lintDraft(template, { others, selfId: template.id, detect: deps.detect });
  const rejected = rejection(findings);
  if (rejected === undefined) return decide(deps, template, { outcome: 'APPROVED', explanation: 'The review found nothing against it: it can be sent.', author: simulatedReviewer }, at);
  const { finding, reason } = rejected;
  return decide(deps, template, { outcome: 'REJECTED', reason, recommendation: finding.hint.en, explanation: `${finding.message.en} (rule ${finding.rule} at ${formatLocation(finding.location)}) ${finding.hint.en}`, author: simulatedReviewer }, at);
}

interface Decision {
  readonly outcome: 'APPROVED' | 'REJECTED';
  readonly reason?: RejectedReason;
  readonly recommendation?: string;
  readonly explanation: string;
  readonly author: TemplateAuthor;
}

async function decide(deps: TemplatesDeps, template: MessageTemplate, decision: Decision, at: number): Promise<{ readonly template: MessageTemplate; readonly records: UnitRecord[] }> {
  const approved = decision.outcome === 'APPROVED';
  const next: MessageTemplate = {
    ...template,
    status: decision.outcome,
    rejectedReason: approved ? 'NONE' : (decision.reason ?? 'INVALID_FORMAT'),
    // A newly approved template starts its quality afresh.
    ...(approved ? { quality: 'UNKNOWN' as const, qualitySince: at, flaggedAt: null } : {}),
    updatedAt: at,
  };
  const notes = await statusNotice(
    deps,
    next,
    {
      event: decision.outcome,
      explanation: decision.explanation,
      ...(approved ? {} : { reason: next.rejectedReason ?? 'INVALID_FORMAT', rejectionInfo: { reason: decision.explanation, recommendation: decision.recommendation ?? '' } }),
    },
    at,
  );
  const entry = historyRecord(deps, next, { event: decision.outcome, author: decision.author, at, note: decision.explanation });
  return { template: next, records: [record(templateSaved, next), entry, ...notes] };
}

/** Timer handler: reviews the template if it is still pending. */
export async function runReview(deps: TemplatesDeps, templateId: string, at: number): Promise<UnitOfWork> {
  const template = await deps.templates.findById(templateId);
  if (template?.status !== 'PENDING') return unitOf();
  return unitOf((await reviewRecords(deps, template, at)).records);
}

/** An operator's decision, which replaces the simulated review. */
export async function overrideReview(
  deps: TemplatesDeps,
  input: { readonly templateId: string; readonly outcome: 'APPROVED' | 'REJECTED'; readonly reason?: RejectedReason; readonly note?: string; readonly author: TemplateAuthor },
): Promise<Result<MessageTemplate, DomainError>> {
  const template = await deps.templates.findById(input.templateId);
  if (template === undefined || template.status === 'DELETED') return fail(domainError('NODE_NOT_FOUND', `No template with id '${input.templateId}'.`));
  const moved = applyTemplateEvent(template.status, input.outcome === 'APPROVED' ? 'approve' : 'reject');
  if (!moved.ok) return moved;
  const at = deps.clock.now();
  const decided = await decide(
    deps,
    template,
    {
      outcome: input.outcome,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      explanation: input.note ?? (input.outcome === 'APPROVED' ? 'An operator approved it.' : `An operator rejected it (${input.reason ?? 'INVALID_FORMAT'}).`),
      author: input.author,
    },
    at,
  );
  await deps.writer.commit(unitOf([cancelTimers(templateTimers.review, template.id)], decided.records));
  return ok(decided.template);
}
