import type { FeedbackKind, UserFeedback, UserStanding } from './domain/feedback.model.js';

export interface FeedbackFilter {
  readonly phoneNumberId?: string;
  readonly templateId?: string;
  readonly waId?: string;
  readonly kind?: FeedbackKind;
  readonly from?: number;
  readonly to?: number;
  /** Keys below this one: the next page of a newest-first listing. */
  readonly before?: string;
  readonly limit: number;
}

export interface FeedbackRepository {
  /** Newest first. */
  list(filter: FeedbackFilter): Promise<UserFeedback[]>;
  /** How many events of each kind match, within [from, to). */
  countByKind(filter: { readonly templateId?: string; readonly phoneNumberId?: string; readonly from: number; readonly to: number }): Promise<Readonly<Record<FeedbackKind, number>>>;
}

/** Whether a user blocked a business number or stopped its marketing (the simulated phones know). */
export interface UserStandings {
  standing(phoneNumberId: string, waId: string): UserStanding;
}
