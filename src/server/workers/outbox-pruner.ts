import ms from 'ms';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../core/shared/index.js';
import { pruneBefore, retentionPolicy, type OutboxRepository } from '../../core/webhooks/index.js';

/** `KABAR_WEBHOOK_RETENTION`: a duration such as `7d`; unset keeps the default of 7 days. */
export function webhookRetentionFromEnvironment(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const milliseconds = ms(value.trim() as ms.StringValue) as number | undefined;
  if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds) || milliseconds <= 0) {
    throw new Error(`KABAR_WEBHOOK_RETENTION must be a positive duration such as 7d, 36h or 90m, not "${value}"`);
  }
  return milliseconds;
}

export interface PrunerDeps {
  readonly outbox: OutboxRepository;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
  /** How long delivered and dead rows stay after they finished (default 7 days). */
  readonly keepMs?: number;
  readonly batchSize?: number;
}

export interface PruneReport {
  readonly outboxRows: number;
  readonly attempts: number;
  /** Outbox rows deleted by each transaction. */
  readonly batches: readonly number[];
}

const nothing: PruneReport = { outboxRows: 0, attempts: 0, batches: [] };

/**
 * Deletes delivered and dead outbox rows, with their attempts, once they are older than the
 * retention; pending rows are never touched. It runs at most once a minute of clock time, so the
 * simulated clock drives it like the rest, in transactions of at most `batchSize` rows with a turn
 * of the event loop between them, so that requests are served while a large backlog goes.
 */
export class OutboxPruner {
  readonly #deps: PrunerDeps;
  #nextRunAt = Number.NEGATIVE_INFINITY;
  #running: Promise<PruneReport> | undefined;
  #poll: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(deps: PrunerDeps) {
    this.#deps = deps;
  }

  /** Prunes if a run is due by the clock; resolves with what went. */
  runDue(): Promise<PruneReport> {
    if (this.#running !== undefined) return this.#running;
    if (this.#stopped || this.#deps.clock.now() < this.#nextRunAt) return Promise.resolve(nothing);
    this.#running = this.#prune().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Asks the clock every `intervalMs` whether a run is due. */
  start(intervalMs: number): void {
    const tick = (): void => {
      void this.runDue()
        .catch((error: unknown) => this.#deps.log.error({ err: error }, 'pruning the webhook log failed; the next run tries again'))
        .finally(() => {
          if (!this.#stopped) this.#poll = setTimeout(tick, intervalMs);
        });
    };
    this.#poll = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    await this.#running?.catch(() => undefined);
  }

  async #prune(): Promise<PruneReport> {
    const now = this.#deps.clock.now();
    const before = pruneBefore(now, this.#deps.keepMs ?? retentionPolicy.keepMs);
    const batchSize = this.#deps.batchSize ?? retentionPolicy.batchSize;
    const batches: number[] = [];
    let attempts = 0;
    for (;;) {
      const outcome = await this.#deps.outbox.pruneFinished(before, batchSize);
      if (outcome.outboxRows > 0) batches.push(outcome.outboxRows);
      attempts += outcome.attempts;
      if (outcome.outboxRows < batchSize || this.#stopped) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#nextRunAt = now + retentionPolicy.everyMs;
    const outboxRows = batches.reduce((sum, count) => sum + count, 0);
    if (outboxRows > 0) this.#deps.log.info({ outboxRows, attempts, batches: batches.length }, 'pruned finished webhooks past their retention');
    return { outboxRows, attempts, batches };
  }
}
