import TinyQueue from 'tinyqueue';
import type { AppliedStatuses, PlannedStatus } from '../../core/messaging/index.js';
import type { Clock, WriteBatcher } from '../../core/shared/index.js';

/** How many runs a status that fails on its own gets before it is dead-lettered. */
const maxFailuresAlone = 5;
/**
 * Statuses applied per batch. A batch is one task on the event loop (its reads and the building of
 * its webhooks) and one share of a group commit, so its size bounds how long requests wait behind
 * it; the run yields to the event loop between batches. While requests are committing, a batch
 * rides with their next commit and costs no commit of its own, so it is kept small: a backlog (after
 * a pause of the collector, or statuses that each build webhooks) is then worked off in short tasks
 * with requests read between them. With no request committing, each batch takes a commit and a WAL
 * sync of its own, and a larger one costs less. Measured in docs/benchmarks.md.
 */
const defaultMaxBatch = 100;
const defaultMaxBatchUnderLoad = 20;
/** The poll never waits less than this for the next status, so that statuses gather into batches. */
const minPollMs = 5;

interface Entry {
  /** The status's `dueAt`, kept on the entry: the heap compares it without reaching into the status. */
  readonly dueAt: number;
  readonly order: number;
  readonly planned: PlannedStatus;
}

export interface SimSchedulerDeps {
  readonly clock: Clock;
  /** Turns due statuses into what to commit (the core's applyPlannedStatuses). */
  readonly apply: (due: readonly PlannedStatus[]) => Promise<AppliedStatuses>;
  readonly writer: WriteBatcher;
  /** Told, after the due statuses committed, that everything due up to this time has been applied. */
  readonly onCaughtUp?: (until: number) => void;
  /** Told when applying due statuses failed; they stay queued and are tried again. */
  readonly onError?: (error: unknown) => void;
  /**
   * Told of a status set aside for good: one that cannot be applied, or whose commit fails alone
   * while the statuses around it commit. It is dropped so that it cannot stall everyone else's.
   */
  readonly onDeadLetter?: (planned: PlannedStatus, reason: string) => void;
  /** Statuses applied per batch (default 100). */
  readonly maxBatch?: number;
  /** Statuses applied per batch while the writer reports requests committing (default 20). */
  readonly maxBatchUnderLoad?: number;
}

/**
 * The simulated network's pending statuses, in time order. They live in memory: each is a pure
 * function of the simulator's seed and a committed message, so after a restart they are planned
 * again from the messages still in flight (SimNetwork.recover) instead of being stored twice.
 * `onCaughtUp` reports how far it got, which bounds how far back a restart has to look.
 */
export class SimScheduler {
  readonly #deps: SimSchedulerDeps;
  readonly #maxBatch: number;
  readonly #maxBatchUnderLoad: number;
  readonly #queue = new TinyQueue<Entry>([], (left, right) => left.dueAt - right.dueAt || left.order - right.order);
  #order = 0;
  readonly #failures = new WeakMap<PlannedStatus, number>();
  #chain: Promise<number> = Promise.resolve(0);
  #kicked = false;
  #poll: NodeJS.Timeout | undefined;

  constructor(deps: SimSchedulerDeps) {
    this.#deps = deps;
    this.#maxBatch = deps.maxBatch ?? defaultMaxBatch;
    this.#maxBatchUnderLoad = Math.min(this.#maxBatch, deps.maxBatchUnderLoad ?? defaultMaxBatchUnderLoad);
  }

  get pending(): number {
    return this.#queue.length;
  }

  add(planned: readonly PlannedStatus[]): void {
    const now = this.#deps.clock.now();
    let due = false;
    for (const item of planned) {
      this.#queue.push({ dueAt: item.dueAt, order: this.#order++, planned: item });
      due ||= item.dueAt <= now;
    }
    if (due) this.#kick();
  }

  /**
   * Applies every status due now, oldest first, in batches of one commit each; between batches the
   * event loop runs whatever else waits (requests), so a backlog never holds it for long.
   */
  runDue(): Promise<number> {
    this.#chain = this.#chain.catch(() => 0).then(() => this.#runAll());
    return this.#chain;
  }

  /** Like runDue, for callers that do not wait: a failure is reported, never thrown into the void. */
  #runInBackground(): void {
    this.runDue().catch((error: unknown) => this.#deps.onError?.(error));
  }

  /**
   * Polls for due statuses at most `intervalMs` apart, and sooner when the next one falls due sooner
   * (but not more often than every 5 ms): statuses are applied in small batches as they fall due
   * rather than in one large batch per interval.
   */
  start(intervalMs: number): void {
    const tick = (): void => {
      this.runDue()
        .catch((error: unknown) => this.#deps.onError?.(error))
        .finally(() => {
          if (this.#poll !== undefined) this.#poll = setTimeout(tick, this.#nextPollMs(intervalMs));
        });
    };
    this.#poll = setTimeout(tick, this.#nextPollMs(intervalMs));
  }

  #nextPollMs(intervalMs: number): number {
    const next = this.#queue.peek()?.dueAt;
    if (next === undefined) return intervalMs;
    return Math.min(intervalMs, Math.max(minPollMs, next - this.#deps.clock.now()));
  }

  async stop(): Promise<void> {
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#poll = undefined;
    await this.#chain.catch(() => 0);
  }

  #kick(): void {
    if (this.#kicked) return;
    this.#kicked = true;
    setImmediate(() => {
      this.#kicked = false;
      this.#runInBackground();
    });
  }

  /**
   * Commits a batch. If the batch fails, each status is committed on its own: the ones that fail
   * alone while others succeed are dead-lettered; if every one fails, the fault is not theirs (a
   * database that is down) and the whole batch is thrown back to be retried.
   */
  async #commit(due: readonly PlannedStatus[]): Promise<void> {
    const applied = await this.#deps.apply(due);
    for (const rejected of applied.rejected) this.#deps.onDeadLetter?.(rejected.planned, rejected.reason);
    let batchError: unknown;
    try {
      // No request waits on these statuses: they share the next commit of the sends under load.
      await (this.#deps.writer.commitLater?.(applied.unit) ?? this.#deps.writer.commit(applied.unit));
      applied.settle?.();
      return;
    } catch (error) {
      batchError = error;
    }
    const [only] = due;
    if (due.length === 1 && only !== undefined) {
      // Alone, a status cannot be compared with others: it gets a few more runs before it is set aside.
      const failures = (this.#failures.get(only) ?? 0) + 1;
      this.#failures.set(only, failures);
      if (failures < maxFailuresAlone) throw batchError;
      this.#deps.onDeadLetter?.(only, batchError instanceof Error ? batchError.message : String(batchError));
      return;
    }
    const failed: { planned: PlannedStatus; error: unknown }[] = [];
    const settled = new Set(applied.rejected.map((rejected) => rejected.planned));
    for (const planned of due) {
      if (settled.has(planned)) continue;
      try {
        const alone = await this.#deps.apply([planned]);
        await this.#deps.writer.commit(alone.unit);
        alone.settle?.();
      } catch (error) {
        failed.push({ planned, error });
      }
    }
    if (failed.length === due.length - settled.size && failed.length > 0) throw batchError;
    for (const { planned, error } of failed) this.#deps.onDeadLetter?.(planned, error instanceof Error ? error.message : String(error));
  }

  async #runAll(): Promise<number> {
    let count = 0;
    for (;;) {
      // Requests that arrived meanwhile go first: the batch before this one may have just committed.
      if (count > 0) await new Promise((resolve) => setImmediate(resolve));
      const now = this.#deps.clock.now();
      const due: PlannedStatus[] = [];
      const limit = this.#deps.writer.requestsCommitting?.() === true ? this.#maxBatchUnderLoad : this.#maxBatch;
      while (due.length < limit && (this.#queue.peek()?.dueAt ?? Infinity) <= now) {
        const entry = this.#queue.pop();
        if (entry !== undefined) due.push(entry.planned);
      }
      if (due.length === 0) {
        this.#deps.onCaughtUp?.(now);
        return count;
      }
      try {
        await this.#commit(due);
      } catch (error) {
        // Nothing of the batch committed: put it back so that the next run applies it.
        for (const planned of due) this.#queue.push({ dueAt: planned.dueAt, order: this.#order++, planned });
        throw error;
      }
      count += due.length;
    }
  }
}
