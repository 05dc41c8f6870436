import type { UnitOfWork, WriteBatcher } from '../../core/messaging/index.js';
import type { Clock, TimerRecord } from '../../core/shared/index.js';

export interface TimerSource {
  due(now: number, limit: number): Promise<TimerRecord[]>;
}

/**
 * Runs due timers in time order, a batch per transaction. Runs never overlap: a kick while one is
 * in progress queues exactly one more.
 */
export class TimerRunner {
  readonly #source: TimerSource;
  readonly #process: (timers: readonly TimerRecord[]) => Promise<UnitOfWork>;
  readonly #writer: WriteBatcher;
  readonly #clock: Clock;
  #chain: Promise<number> = Promise.resolve(0);
  #poll: NodeJS.Timeout | undefined;

  constructor(deps: { source: TimerSource; process: (timers: readonly TimerRecord[]) => Promise<UnitOfWork>; writer: WriteBatcher; clock: Clock }) {
    this.#source = deps.source;
    this.#process = deps.process;
    this.#writer = deps.writer;
    this.#clock = deps.clock;
  }

  /** Runs every timer due now; resolves with how many ran. */
  runDue(): Promise<number> {
    this.#chain = this.#chain.catch(() => 0).then(() => this.#runAll());
    return this.#chain;
  }

  start(intervalMs: number): void {
    const tick = (): void => {
      this.runDue()
        .catch(() => 0)
        .finally(() => {
          if (this.#poll !== undefined) this.#poll = setTimeout(tick, intervalMs);
        });
    };
    this.#poll = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#poll = undefined;
    await this.#chain.catch(() => 0);
  }

  async #runAll(): Promise<number> {
    let count = 0;
    for (;;) {
      const timers = await this.#source.due(this.#clock.now(), 500);
      if (timers.length === 0) return count;
      await this.#writer.commit(await this.#process(timers));
      count += timers.length;
    }
  }
}
