import { recordKind, type Awaitable } from '../shared/index.js';

/** A user put on or taken off a number's blocklist; a batch applies each pair's last change. */
export interface BlocklistChange {
  readonly businessId: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly blocked: boolean;
  readonly at: number;
}

export const blocklistChanged = recordKind<BlocklistChange>('blocking.changed');

/** One page of a blocklist, in wa_id order, and whether there is more on either side of it. */
export interface BlocklistPage {
  readonly waIds: readonly string[];
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
}

export interface BlocklistRepository {
  /**
   * Read on every send and every inbound message: kept in memory briefly, refreshed by this
   * process's commits. Answers at once while the number's list is in memory.
   */
  isBlocked(phoneNumberId: string, waId: string): Awaitable<boolean>;
  /** The wa_ids among `waIds` that the number has blocked. */
  blockedAmong(phoneNumberId: string, waIds: readonly string[]): Promise<Set<string>>;
  count(phoneNumberId: string): Promise<number>;
  /** Up to `limit` wa_ids after `after` (or before `before`), ascending. */
  page(phoneNumberId: string, range: { readonly limit: number; readonly after?: string; readonly before?: string }): Promise<BlocklistPage>;
}
