import type { FastifyBaseLogger } from 'fastify';
import { record, unitOf, timerDone, type Clock, type Timer, type TimerHandler, type WriteBatcher } from '../../core/shared/index.js';
import type { KyselyTimersRepository } from '../../store/index.js';

export interface TimerRunnerDeps {
  readonly timers: KyselyTimersRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
  /** Sets aside a timer that cannot run, so that it cannot block the ones after it. */
  readonly deadLetter: (timer: Timer, reason: string) => void;
}

/**
 * Runs durable timers as they fall due, oldest first, each in its own unit of work with its removal:
 * a timer runs once, and a crash before its commit runs it again after the restart.
 */
export class TimerRunner {
  readonly #deps: TimerRunnerDeps;
  readonly #handlers = new Map<string, TimerHandler>();
  #chain: Promise<number> = Promise.resolve(0);
  #poll: NodeJS.Timeout | undefined;

  constructor(deps: TimerRunnerDeps) {
    this.#deps = deps;
  }

  /** Each module registers the handlers of the timer kinds it schedules. */
  register(kind: string, handler: TimerHandler): void {
    if (this.#handlers.has(kind)) throw new Error(`a handler for timer kind ${kind} is registered already`);
    this.#handlers.set(kind, handler);
  }

  /** Runs every timer due now; resolves with how many ran. */
  runDue(): Promise<number> {
    this.#chain = this.#chain.catch(() => 0).then(() => this.#runAll());
    return this.#chain;
  }

  nextDueAt(): Promise<number | undefined> {
    return this.#deps.timers.nextDueAt();
  }

  start(intervalMs: number): void {
    const tick = (): void => {
      this.runDue()
        .catch((error: unknown) => this.#deps.log.error({ err: error }, 'running timers failed; they will be retried'))
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
      const due = await this.#deps.timers.due(this.#deps.clock.now(), 100);
      if (due.length === 0) return count;
      for (const timer of due) {
        await this.#runOne(timer);
        count += 1;
      }
    }
  }

  async #runOne(timer: Timer): Promise<void> {
    const done = record(timerDone, { key: timer.key });
    const handler = this.#handlers.get(timer.kind);
    if (handler === undefined) {
      this.#deps.deadLetter(timer, `no handler for timer kind ${timer.kind}`);
      await this.#deps.writer.commit(unitOf([done]));
      return;
    }
    let unit;
    try {
      unit = await handler(timer, timer.dueAt);
    } catch (error) {
      // A handler that throws has a bug or met data it cannot handle: retrying forever would stall
      // every later timer, so the timer is set aside with the reason.
      this.#deps.deadLetter(timer, error instanceof Error ? error.message : String(error));
      await this.#deps.writer.commit(unitOf([done]));
      return;
    }
    await this.#deps.writer.commit(unitOf([done], unit.records));
  }
}
