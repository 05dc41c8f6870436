import type { ThroughputLevel } from '../accounts/index.js';

export interface SendBudgetRequest {
  readonly phoneNumberId: string;
  readonly waId: string;
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
 * neither. One node keeps them in memory (`InMemorySendBudgets`); with several nodes on PostgreSQL
 * a shared implementation keeps the same state per key in the database (see docs/architecture.md).
 */
export interface SendBudgets {
  take(request: SendBudgetRequest): Promise<SendBudgetVerdict>;
  takeMarketing(request: MarketingBudgetRequest): Promise<MarketingBudgetVerdict>;
}
