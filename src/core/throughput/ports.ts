import type { ThroughputLevel } from '../accounts/index.js';

export interface SendBudgetRequest {
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly level: Exclude<ThroughputLevel, 'UNLIMITED'>;
  readonly now: number;
}

/** A user's message a number received: it takes from the number's second, never from a pair's. */
export interface InboundBudgetRequest {
  readonly phoneNumberId: string;
  readonly level: Exclude<ThroughputLevel, 'UNLIMITED'>;
  readonly now: number;
}

/** Taken, or which budget is spent and how long until the next message fits. */
export type SendBudgetVerdict = { readonly ok: true } | { readonly ok: false; readonly spent: 'number' | 'pair'; readonly waitMs: number };

export interface MarketingBudgetRequest {
  readonly waId: string;
  readonly cap: { readonly count: number; readonly windowMs: number };
  readonly now: number;
}

export type MarketingBudgetVerdict = { readonly ok: true } | { readonly ok: false; readonly waitMs: number };

/**
 * Where the send budgets live: the number's messages a second, each (number, user) pair's rate and
 * each user's marketing deliveries. A send takes from the number and the pair together or from
 * neither. One node on SQLite keeps them in memory (`InMemorySendBudgets`, saved at stop and loaded
 * at start); on PostgreSQL every node takes from the same rows, one transaction per take
 * (`KyselySendBudgets` in the store), so that several Kabar nodes share one budget. A user's message
 * the number receives takes from the number's second too (`takeInbound`), but is never refused: an
 * empty second stays empty rather than going into debt. A send a later check refuses (nothing
 * stored) gives back what it took (`giveBack`, `giveBackMarketing`, with the request of the take).
 */
export interface SendBudgets {
  take(request: SendBudgetRequest): Promise<SendBudgetVerdict>;
  /** Undoes one `take` that succeeded with this request: one message back to the number and the pair. */
  giveBack(request: SendBudgetRequest): Promise<void>;
  takeInbound(request: InboundBudgetRequest): Promise<void>;
  takeMarketing(request: MarketingBudgetRequest): Promise<MarketingBudgetVerdict>;
  /** Undoes one `takeMarketing` that succeeded with this request: the user's delivery at `now` is forgotten. */
  giveBackMarketing(request: MarketingBudgetRequest): Promise<void>;
}

/**
 * One budget as stored: a number's (`n|{phone-number-id}`: `tat`), a pair's (`p|{phone-number-id}|{wa_id}`:
 * `tat`, `burstStart`, `burstCount`) or a user's marketing deliveries (`m|{wa_id}`: `times`).
 */
export interface BudgetEntry {
  readonly key: string;
  readonly tat: number;
  readonly burstStart: number;
  readonly burstCount: number;
  readonly times: readonly number[];
  readonly updatedAt: number;
}

export const budgetKeys = {
  number: (phoneNumberId: string): string => `n|${phoneNumberId}`,
  pair: (phoneNumberId: string, waId: string): string => `p|${phoneNumberId}|${waId}`,
  marketing: (waId: string): string => `m|${waId}`,
} as const;
