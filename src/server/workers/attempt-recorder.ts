import type { DeliveryAttempt, OutboxRecord, OutboxRepository } from '../../core/webhooks/index.js';

export interface AttemptResult {
  readonly record: OutboxRecord;
  /** None for a row that was held back instead of attempted (the out-of-order switch). */
  readonly attempt: DeliveryAttempt | null;
}

export interface AttemptRecorderOptions {
  readonly outbox: OutboxRepository;
  /** Attempts per transaction at the most; a full batch is written at once. */
  readonly maxBatch?: number;
  /** How long the first waiting attempt may wait for others to share its transaction. */
  readonly gatherMs?: number;
  /** Told once a batch is stored. */
  readonly onRecorded: (results: readonly AttemptResult[]) => void;
  /** Told when a batch could not be stored: its rows are still pending in the store. */
  readonly onFailed: (results: readonly AttemptResult[], error: unknown) => void;
  /** Told when the last waiting attempt has been written. */
  readonly onIdle: () => void;
}

/**
 * Records delivery attempts in batched transactions, one transaction at a time. A batch is written
 * when it is full, when its first attempt has waited `gatherMs`, or when told that no more attempts
 * are coming (`flush`); with a few POSTs in flight per callback, attempts finish a few at a time, and
 * one transaction each would cost a disk sync per handful of webhooks.
 */
export class AttemptRecorder {
  readonly #options: AttemptRecorderOptions;
  readonly #maxBatch: number;
  readonly #gatherMs: number;
  #waiting: AttemptResult[] = [];
  #writing = false;
  #urgent = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AttemptRecorderOptions) {
    this.#options = options;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#gatherMs = options.gatherMs ?? 100;
  }

  /** Nothing waits to be recorded and no batch is being written. */
  get idle(): boolean {
    return this.#waiting.length === 0 && !this.#writing;
  }

  add(result: AttemptResult): void {
    this.#waiting.push(result);
    if (this.#waiting.length >= this.#maxBatch) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#gatherMs);
  }

  /** Writes what waits now instead of gathering more. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#urgent = true;
    if (!this.#writing && this.#waiting.length > 0) void this.#write();
  }

  async #write(): Promise<void> {
    this.#writing = true;
    do {
      this.#urgent = false;
      const batch = this.#waiting.splice(0, this.#maxBatch);
      try {
        await this.#options.outbox.recordAttempts(batch);
        this.#options.onRecorded(batch);
      } catch (error) {
        this.#options.onFailed(batch, error);
      }
      // Attempts that finished during the write gather for a batch of their own, unless told nothing else is coming.
    } while (this.#waiting.length >= this.#maxBatch || (this.#urgent && this.#waiting.length > 0));
    this.#writing = false;
    if (this.#waiting.length > 0) this.#timer ??= setTimeout(() => this.flush(), this.#gatherMs);
    else this.#options.onIdle();
  }
}
