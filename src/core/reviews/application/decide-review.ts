import { cancelTimers, domainError, emptyUnit, fail, ok, record, unitOf, type DomainError, type Result, type TimerHandler, type UnitOfWork, type UnitRecord } from '../../shared/index.js';
import { reviewDecided, reviewTimerKind, type Review, type ReviewKind, type Verdict } from '../domain/review.model.js';
import { rejectionReason } from '../domain/reviewer.policy.js';
import type { ReviewsRepository } from '../ports.js';

/**
 * What a decision does to the reviewed subject (a business, a number): the module that owns the
 * subject applies it, and may turn the reviewer's verdict around (a display name that breaks the
 * naming rules is declined whatever the reviewer was set to do).
 */
export type ReviewApplier = (review: Review, proposed: Verdict, at: number) => Promise<{ readonly verdict: Verdict; readonly records: readonly UnitRecord[] }>;

export interface DecideReviewDeps {
  readonly reviews: ReviewsRepository;
  readonly appliers: Readonly<Record<ReviewKind, ReviewApplier>>;
}

export interface DecidedReview {
  readonly review: Review;
  readonly unit: UnitOfWork;
}

/** Decides a pending review: its outcome, what it does to the subject, and its timer cancelled. */
export async function decideReview(deps: DecideReviewDeps, input: { readonly id: string; readonly verdict: Verdict }, at: number): Promise<Result<DecidedReview, DomainError>> {
  const review = await deps.reviews.find(input.id);
  if (review === undefined) return fail(domainError('NODE_NOT_FOUND', `No review with id '${input.id}'.`));
  if (review.status !== 'pending') {
    return fail(domainError('REQUEST_CONFLICT', `Review ${review.id} was already decided: ${review.status} by the ${review.decidedBy ?? 'reviewer'}.`));
  }
  const proposed: Verdict = input.verdict.decision === 'reject' ? { ...input.verdict, reason: rejectionReason(review.kind, input.verdict.reason) } : { ...input.verdict, reason: null };
  const applied = await deps.appliers[review.kind](review, proposed, at);
  const { verdict } = applied;
  const status = verdict.decision === 'approve' ? 'approved' : 'rejected';
  const decided: Review = { ...review, status, decidedAt: at, decidedBy: verdict.by, reason: verdict.reason };
  return ok({
    review: decided,
    unit: unitOf(
      [cancelTimers(reviewTimerKind, review.id), record(reviewDecided, { id: review.id, status, decidedAt: at, decidedBy: verdict.by, reason: verdict.reason })],
      applied.records,
    ),
  });
}

/** Runs the simulated reviewer's decision when its timer falls due (a review an operator already decided is left alone). */
export function reviewTimerHandler(deps: DecideReviewDeps): TimerHandler {
  return async (timer, at) => {
    const decided = await decideReview(deps, { id: timer.subject, verdict: timer.payload as Verdict }, at);
    return decided.ok ? decided.value.unit : emptyUnit;
  };
}
