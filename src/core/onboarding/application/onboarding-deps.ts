import type { WabaCreatedHook } from '../../accounts/index.js';
import type { LimitsProfile } from '../../policy/index.js';
import { commerceReviewApplier, displayNameApplier, officialBusinessApplier, type NumbersDeps } from '../../numbers/index.js';
import { decideReview, type ReviewApplier, type ReviewDecision, type ReviewKind, type Review } from '../../reviews/index.js';
import type { DomainError, Result } from '../../shared/index.js';
import { businessVerificationApplier } from './business-verification.js';

export interface OnboardingDeps extends NumbersDeps {
  readonly wabaHooks: readonly WabaCreatedHook[];
  /** The business's limits profile: under `2025-10` verification lifts the portfolio's limit, not each number's. */
  readonly limitsProfileOf?: (businessId: string) => Promise<LimitsProfile>;
}

/** Who applies each kind of review's outcome. */
export function reviewAppliers(deps: OnboardingDeps): Readonly<Record<ReviewKind, ReviewApplier>> {
  return {
    business_verification: businessVerificationApplier(deps),
    commerce_policy: commerceReviewApplier(deps),
    display_name: displayNameApplier(deps),
    official_business_account: officialBusinessApplier(deps),
  };
}

/** An operator decides a pending review now, instead of waiting for the simulated reviewer. */
export async function decideAsOperator(
  deps: OnboardingDeps,
  input: { readonly reviewId: string; readonly decision: ReviewDecision; readonly reason?: string | null },
): Promise<Result<Review, DomainError>> {
  const decided = await decideReview({ reviews: deps.reviews, appliers: reviewAppliers(deps) }, { id: input.reviewId, verdict: { decision: input.decision, reason: input.reason ?? null, by: 'operator' } }, deps.clock.now());
  if (!decided.ok) return decided;
  await deps.writer.commit(decided.value.unit);
  return { ok: true, value: decided.value.review };
}
