import { recordKind } from '../shared/index.js';
import type { ConsentState, LedgerEntry, OptInLink } from './domain/opt-in.model.js';

/** An entry appended to the ledger; its writer also moves the number's current state. */
export const ledgerAppended = recordKind<LedgerEntry>('consent.ledger');
export const optInLinkCreated = recordKind<OptInLink>('consent.link');

export interface ConsentRepository {
  /** The current state of each category for a number (read on every template send when the check is on). */
  states(businessId: string, waId: string): Promise<readonly ConsentState[]>;
  /** The same states when they are in memory (no query), else undefined: the send path's fast way. */
  remembered(businessId: string, waId: string): readonly ConsentState[] | undefined;
  /** Newest first. */
  ledger(businessId: string, filter: { readonly waId?: string; readonly before?: string; readonly limit: number }): Promise<LedgerEntry[]>;
  findLink(businessId: string, id: string): Promise<OptInLink | undefined>;
  findLinkByToken(token: string): Promise<OptInLink | undefined>;
}
