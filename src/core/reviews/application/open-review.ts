import { record, scheduleTimer, type IdSource, type UnitRecord } from '../../shared/index.js';
import { reviewOpened, reviewTimerKind, type Review, type ReviewKind } from '../domain/review.model.js';
import { plannedVerdict } from '../domain/reviewer.policy.js';
import type { ReviewerSettingsSource } from '../ports.js';

export interface OpenReviewDeps {
  readonly ids: IdSource;
  readonly reviewers: ReviewerSettingsSource;
}

export interface OpenReviewInput {
  readonly kind: ReviewKind;
  readonly businessId: string;
  readonly wabaId?: string | null;
  readonly phoneNumberId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Opens a review and, unless its reviewer waits for an operator, the durable timer at which the
 * simulated reviewer decides. The verdict is fixed when the review opens: changing the settings
 * later changes the reviews opened later.
 */
export async function openReview(deps: OpenReviewDeps, input: OpenReviewInput, now: number): Promise<{ readonly review: Review; readonly records: UnitRecord[] }> {
  const setting = (await deps.reviewers.reviewerSettings())[input.kind];
  const planned = plannedVerdict(input.kind, setting, now);
  const review: Review = {
    id: deps.ids.nodeId(),
    kind: input.kind,
    businessId: input.businessId,
    wabaId: input.wabaId ?? null,
    phoneNumberId: input.phoneNumberId ?? null,
    status: 'pending',
    requestedAt: now,
    dueAt: planned?.dueAt ?? null,
    decidedAt: null,
    decidedBy: null,
    reason: null,
    details: input.details ?? {},
  };
  const records: UnitRecord[] = [record(reviewOpened, review)];
  if (planned !== undefined) records.push(scheduleTimer(deps.ids, { kind: reviewTimerKind, subject: review.id, dueAt: planned.dueAt, payload: planned.verdict }));
  return { review, records };
}
