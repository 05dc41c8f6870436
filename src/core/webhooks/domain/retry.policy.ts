import type { OutboxRecord } from './outbox.model.js';

/**
 * Retries back off exponentially from 5 s, doubling up to one hour between attempts, and stop
 * 7 days after the event (Meta's 2025 webhook pages; an older page said 36 h, see docs/policies.md).
 */
export const retryPolicy = {
  firstDelayMs: 5_000,
  maxDelayMs: 60 * 60 * 1000,
  giveUpAfterMs: 7 * 24 * 60 * 60 * 1000,
} as const;

export function retryDelayMs(attemptsSoFar: number): number {
  return Math.min(retryPolicy.firstDelayMs * 2 ** Math.max(0, attemptsSoFar - 1), retryPolicy.maxDelayMs);
}

export type AttemptOutcome = { readonly delivered: true } | { readonly delivered: false; readonly error: string };

/** The outbox row after one attempt. A receiver's 2xx is delivery; anything else is retried. */
export function afterAttempt(record: OutboxRecord, outcome: AttemptOutcome, now: number): OutboxRecord {
  const attempts = record.attempts + 1;
  if (outcome.delivered) return { ...record, attempts, status: 'delivered', deliveredAt: now, finishedAt: now, lastError: null };
  const nextAttemptAt = now + retryDelayMs(attempts);
  const expired = nextAttemptAt - record.createdAt > retryPolicy.giveUpAfterMs;
  return { ...record, attempts, status: expired ? 'dead' : 'pending', nextAttemptAt, finishedAt: expired ? now : null, lastError: outcome.error };
}
