import type { Review, ReviewKind, ReviewStatus } from './domain/review.model.js';
import type { ReviewerSettings } from './domain/reviewer.policy.js';

export interface ReviewFilter {
  readonly status?: ReviewStatus;
  readonly kind?: ReviewKind;
  readonly businessId?: string;
  readonly phoneNumberId?: string;
  readonly limit: number;
}

export interface ReviewsRepository {
  find(id: string): Promise<Review | undefined>;
  /** Newest first. */
  list(filter: ReviewFilter): Promise<Review[]>;
}

/** The operator's reviewer settings in force. */
export interface ReviewerSettingsSource {
  reviewerSettings(): Promise<ReviewerSettings>;
}
