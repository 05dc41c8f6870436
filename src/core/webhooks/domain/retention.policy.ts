/**
 * Delivered and dead webhooks (outbox rows and their attempts) stay in the delivery log for a while
 * after they finished, then are pruned in bounded batches. A pending row is never pruned: it is still
 * being retried, and the retry policy gives it up (makes it dead) after 7 days at the most.
 */
export const retentionPolicy = {
  /** How long a finished row stays readable unless the operator says otherwise. */
  keepMs: 7 * 24 * 60 * 60 * 1000,
  /** Rows deleted per transaction, so that pruning a large backlog never holds the database long. */
  batchSize: 1_000,
  /** How often, in clock time, finished rows are looked for. */
  everyMs: 60 * 1000,
} as const;

/** Rows that finished before this time are past their retention at `now`. */
export function pruneBefore(now: number, keepMs: number): number {
  return now - keepMs;
}
