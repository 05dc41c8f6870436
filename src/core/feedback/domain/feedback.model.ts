import { recordKind } from '../../shared/index.js';

/**
 * What a user did about a business number or one of its messages. Blocks, reports and marketing
 * opt-outs are negative signals; reads and replies are engagement. Template quality reads them per
 * template; number quality can read them per number.
 */
export type FeedbackKind = 'block' | 'unblock' | 'report' | 'stop_marketing' | 'resume_marketing' | 'reply' | 'read';
export const feedbackKinds: readonly FeedbackKind[] = ['block', 'unblock', 'report', 'stop_marketing', 'resume_marketing', 'reply', 'read'];

export interface UserFeedback {
  readonly key: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly kind: FeedbackKind;
  /** The message the user reacted to, when there is one. */
  readonly messageKey: string | null;
  /** The template of that message, when it was a template. */
  readonly templateId: string | null;
  /** That message's pricing category (`marketing`, `utility`, `authentication`, `service`). */
  readonly category: string | null;
  readonly at: number;
}

export const feedbackRecorded = recordKind<UserFeedback>('feedback.event');

/** Where a user stands with one business number: what sends to them will meet. */
export interface UserStanding {
  readonly blocked: boolean;
  readonly stoppedMarketing: boolean;
}
