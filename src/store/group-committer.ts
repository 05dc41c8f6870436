import type { Kysely } from 'kysely';
import { idempotentAnswerRecorded, payloadsOf, type CommitOutcome, type UnitOfWork, type WriteBatcher } from '../core/shared/index.js';
import { messageStored } from '../core/messaging/index.js';
import type { Database } from './schema.js';
import { writeUnits, type UnitWriter } from './unit-writers.js';
import { errorCode } from './error-code.js';
import { heldUserIndexOf, type HeldUserIndex } from './held-user-index.js';
import { heldStatusesOf, type HeldStatuses } from './held-statuses.js';
import type { HeldSlice } from './held-generations.js';

/** What a group commit's transaction wrote of what is held (SQLite): confirmed once it has committed. */
interface Slices {
  readonly users: HeldSlice | undefined;
  readonly statuses: HeldSlice | undefined;
}

interface Pending {
  readonly unit: UnitOfWork;
  resolve(outcome: CommitOutcome): void;
  reject(error: unknown): void;
}

export interface GroupCommitterOptions {
  /** The writer of every record kind a unit may hold, in the order they run. */
  readonly writers: readonly UnitWriter[];
  /** Flush early once this many units wait. */
  readonly maxBatch?: number;
  /** Told after each commit, e.g. to wake the webhook dispatcher and remember opened windows. */
  readonly onCommitted?: (units: readonly UnitOfWork[]) => void;
  /**
   * How long a unit given to `commitLater` waits for a commit to share (ms; 20 by default), and how
   * recent the last `commit` must be for it to wait at all.
   */
  readonly laterMs?: number;
  /** The process's monotonic time in ms (tests give theirs). */
  readonly now?: () => number;
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${errorCode(error) ?? ''}` : String(error);
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT_UNIQUE|duplicate key value|23505/.test(text);
}

/**
 * Group commit: the units that arrive within two event-loop turns share one transaction, and each
 * caller is answered only after that transaction has committed. If a batch fails, its units are
 * retried one by one so that one bad unit (a duplicate idempotency key) cannot sink the others.
 */
export class GroupCommitter implements WriteBatcher {
  readonly #db: Kysely<Database>;
  readonly #writers: readonly UnitWriter[];
  readonly #maxBatch: number;
  readonly #onCommitted: ((units: readonly UnitOfWork[]) => void) | undefined;
  /** Where users' index entries are written late (SQLite): told of each commit's messages, and given a slice to write in each. */
  readonly #userIndex: HeldUserIndex | undefined;
  /** Where status rows are written late (SQLite): told of each commit's statuses, and given a slice to write in each. */
  readonly #statuses: HeldStatuses | undefined;
  readonly #laterMs: number;
  readonly #now: () => number;
  #queue: Pending[] = [];
  #scheduled = false;
  #running: Promise<void> = Promise.resolve();
  /** When `commit` was last called: while requests keep committing, units for later wait for theirs. */
  #lastCommitAt = -Infinity;
  /** Commits the units waiting for later if no commit of a request has taken them in time. */
  #laterTimer: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>, options: GroupCommitterOptions) {
    this.#db = db;
    this.#writers = options.writers;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#onCommitted = options.onCommitted;
    this.#laterMs = options.laterMs ?? 20;
    this.#now = options.now ?? (() => performance.now());
    this.#userIndex = heldUserIndexOf(db);
    this.#statuses = heldStatusesOf(db);
  }

  commit(unit: UnitOfWork): Promise<CommitOutcome> {
    this.#lastCommitAt = this.#now();
    return new Promise<CommitOutcome>((resolve, reject) => {
      this.#queue.push({ unit, resolve, reject });
      if (this.#queue.length >= this.#maxBatch) this.#flushSoon(true);
      else this.#flushSoon(false);
    });
  }

  /**
   * Commits a unit that no request waits on with the next commit a request makes. Under load, the
   * simulator's statuses fell due between two group commits of sends and took a transaction and a
   * WAL sync of their own, which the next group commit of sends then waited behind (one flush in
   * nine at 50 connections, docs/benchmarks.md). Here they wait in the queue without starting a
   * flush: the sends' next flush takes them. If no request has committed within `laterMs`, the
   * unit commits as `commit` does; if none commits while it waits, it commits after `laterMs`.
   */
  commitLater(unit: UnitOfWork): Promise<CommitOutcome> {
    if (!this.requestsCommitting()) return this.commit(unit);
    return new Promise<CommitOutcome>((resolve, reject) => {
      this.#queue.push({ unit, resolve, reject });
      if (this.#queue.length >= this.#maxBatch) {
        this.#flushSoon(true);
        return;
      }
      this.#laterTimer ??= setTimeout(() => {
        this.#laterTimer = undefined;
        this.#flushSoon(false);
      }, this.#laterMs);
    });
  }

  /** Whether a request has committed within `laterMs`: a unit for later then waits for the next one. */
  requestsCommitting(): boolean {
    return this.#now() - this.#lastCommitAt <= this.#laterMs;
  }

  /** Waits until everything queued so far has committed. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#scheduled) {
      this.#flushSoon(true);
      await this.#running;
    }
    await this.#running;
  }

  /** Writes every held index entry and status (see `HeldUserIndex`, `HeldStatuses`); for shutting down, after `drain`. */
  async flushHeld(): Promise<void> {
    const index = this.#userIndex;
    const statuses = this.#statuses;
    if (index === undefined && statuses === undefined) return;
    const flushed = this.#running.then(async () => {
      await statuses?.flush(this.#db);
      await index?.flush(this.#db);
    });
    this.#running = flushed.catch(() => undefined);
    await flushed;
  }

  /** One transaction: a slice of the held index entries and of the held statuses, then the units' records. */
  async #write(units: readonly UnitOfWork[]): Promise<Slices> {
    return this.#db.transaction().execute(async (trx) => {
      this.#statuses?.begin();
      const messages = units.reduce((count, unit) => count + payloadsOf(unit, messageStored).length, 0);
      const slices: Slices = { users: this.#userIndex?.writeSlice(messages), statuses: this.#statuses?.writeSlice(messages) };
      await writeUnits(trx, this.#writers, units);
      return slices;
    });
  }

  /** After a commit, before the next transaction: the slices are written, and the units' messages and statuses are held. */
  #committed(units: readonly UnitOfWork[], slices: Slices): void {
    this.#userIndex?.confirm(slices.users);
    this.#userIndex?.hold(units);
    this.#statuses?.confirm(slices.statuses);
    this.#statuses?.hold();
    this.#onCommitted?.(units);
  }

  #flushSoon(now: boolean): void {
    if (this.#scheduled && !now) return;
    this.#scheduled = true;
    const run = (): void => {
      this.#running = this.#running.then(() => this.#flush());
    };
    // Two event-loop turns, not one: the second poll phase collects the requests of clients whose
    // answers the previous commit just released, so fewer, larger commits share the fsync. Measured
    // +5 % throughput at 50 connections and +13 % at 10 with no change in p99 (docs/benchmarks.md).
    if (now) run();
    else setImmediate(() => setImmediate(run));
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (this.#queue.length > 0) this.#flushSoon(false);
    else if (this.#laterTimer !== undefined) {
      clearTimeout(this.#laterTimer);
      this.#laterTimer = undefined;
    }
    let committed = false;
    let slices: Slices = { users: undefined, statuses: undefined };
    try {
      slices = await this.#write(batch.map((pending) => pending.unit));
      committed = true;
    } catch (error) {
      if (batch.length === 1) {
        this.#settleAlone(batch[0], error);
        return;
      }
    }
    if (committed) {
      for (const pending of batch) pending.resolve({ committed: true });
      this.#committed(batch.map((pending) => pending.unit), slices);
      return;
    }
    for (const pending of batch) {
      let alone: Slices;
      try {
        alone = await this.#write([pending.unit]);
      } catch (error) {
        this.#settleAlone(pending, error);
        continue;
      }
      pending.resolve({ committed: true });
      this.#committed([pending.unit], alone);
    }
  }

  #settleAlone(pending: Pending | undefined, error: unknown): void {
    if (pending === undefined) return;
    const claimsKey = payloadsOf(pending.unit, messageStored).some((message) => message.idempotencyKey !== null) || payloadsOf(pending.unit, idempotentAnswerRecorded).length > 0;
    if (isUniqueViolation(error) && claimsKey) {
      pending.resolve({ committed: false, reason: 'duplicate_idempotency_key' });
    } else {
      pending.reject(error);
    }
  }
}
