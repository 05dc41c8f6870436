import type { EscalationPath, LimitContact, LimitEvent, LimitEventKind, StoredAnswerTime } from './records.js';

export interface LimitsRepository {
  /** Every counted contact whose last time is after `since`, oldest first (the index is rebuilt from them at start). */
  contactsSince(since: number): Promise<LimitContact[]>;
  /** Newest first. */
  events(phoneNumberId: string, filter: { readonly kind?: LimitEventKind; readonly limit: number }): Promise<LimitEvent[]>;
  escalationPaths(): Promise<EscalationPath[]>;
  /** Customer messages received after `since` and when each was answered, oldest first. */
  answerTimesSince(since: number): Promise<StoredAnswerTime[]>;
}
