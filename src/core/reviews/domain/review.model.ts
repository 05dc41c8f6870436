import { recordKind } from '../../shared/index.js';

/** What Meta reviews during onboarding; each kind has its own simulated reviewer. */
export type ReviewKind = 'business_verification' | 'commerce_policy' | 'display_name' | 'official_business_account';
export const reviewKinds: readonly ReviewKind[] = ['business_verification', 'commerce_policy', 'display_name', 'official_business_account'];

export type ReviewStatus = 'pending' | 'approved' | 'rejected';
export type ReviewDecision = 'approve' | 'reject';
/** Who decided: the simulated reviewer when its delay ran out, or an operator early. */
export type ReviewDecider = 'reviewer' | 'operator';

export interface Review {
  readonly id: string;
  readonly kind: ReviewKind;
  readonly businessId: string;
  readonly wabaId: string | null;
  readonly phoneNumberId: string | null;
  readonly status: ReviewStatus;
  readonly requestedAt: number;
  /** When the simulated reviewer decides; null when it waits for an operator. */
  readonly dueAt: number | null;
  readonly decidedAt: number | null;
  readonly decidedBy: ReviewDecider | null;
  readonly reason: string | null;
  /** What was submitted: documents, the requested name, supporting links… */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Verdict {
  readonly decision: ReviewDecision;
  readonly reason: string | null;
  readonly by: ReviewDecider;
}

export interface ReviewDecided {
  readonly id: string;
  readonly status: Exclude<ReviewStatus, 'pending'>;
  readonly decidedAt: number;
  readonly decidedBy: ReviewDecider;
  readonly reason: string | null;
}

export const reviewOpened = recordKind<Review>('reviews.opened');
export const reviewDecided = recordKind<ReviewDecided>('reviews.decided');

/** The timer kind under which a simulated reviewer's decision falls due (subject: the review id). */
export const reviewTimerKind = 'reviews.decide';
