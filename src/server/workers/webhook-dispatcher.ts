import type { FastifyBaseLogger } from 'fastify';
import type { AccountsRepository } from '../../core/accounts/index.js';
import type { Clock, IdSource } from '../../core/shared/index.js';
import { afterAttempt, type AttemptOutcome, type DeliveryAttempt, type OutboxRecord, type OutboxRepository } from '../../core/webhooks/index.js';
import { signatureHeaders } from '../credentials.js';
import { refusedCallback, type CallbackPolicy } from '../callback-policy.js';
import { callCallback } from '../callback-http.js';

function callbackForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export interface DispatcherDeps {
  readonly outbox: OutboxRepository;
  readonly accounts: AccountsRepository;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly log: FastifyBaseLogger;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  readonly callbackPolicy?: CallbackPolicy;
}

/**
 * Delivers outbox rows: POSTs the stored bytes with their HMAC signature, records every attempt,
 * and reschedules failures by the retry policy. Rows survive restarts, so nothing is lost.
 */
export class WebhookDispatcher {
  readonly #deps: DispatcherDeps;
  #chain: Promise<void> = Promise.resolve();
  #pending = false;
  #poll: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
  }

  /** Asks for a delivery round soon; many kicks in one turn make one round. */
  kick(): void {
    if (this.#pending || this.#stopped) return;
    this.#pending = true;
    setImmediate(() => {
      this.#pending = false;
      void this.runDue();
    });
  }

  runDue(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#deliverAll()).catch((error: unknown) => this.#deps.log.error({ err: error }, 'webhook dispatch failed'));
    return this.#chain;
  }

  start(intervalMs: number): void {
    const tick = (): void => {
      void this.runDue().finally(() => {
        if (!this.#stopped) this.#poll = setTimeout(tick, intervalMs);
      });
    };
    this.#poll = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    await this.#chain;
  }

  /** Rounds of due rows: up to `concurrency` POSTs in flight, the round's attempts recorded in one transaction. */
  async #deliverAll(): Promise<void> {
    const concurrency = this.#deps.concurrency ?? 32;
    for (;;) {
      if (this.#stopped) return;
      const due = await this.#deps.outbox.due(this.#deps.clock.now(), 500);
      if (due.length === 0) return;
      const results: { record: OutboxRecord; attempt: DeliveryAttempt }[] = [];
      let next = 0;
      const lane = async (): Promise<void> => {
        for (let index = next++; index < due.length; index = next++) {
          const record = due[index];
          if (record !== undefined) results.push(await this.#deliver(record));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, lane));
      await this.#deps.outbox.recordAttempts(results);
      for (const { record } of results) {
        // The callback's query string may carry a secret of the receiver's; the log gets origin and path.
        if (record.status === 'dead') this.#deps.log.warn({ outbox: record.key, callback: callbackForLog(record.url) }, 'webhook given up after retries');
      }
    }
  }

  async #deliver(record: OutboxRecord): Promise<{ record: OutboxRecord; attempt: DeliveryAttempt }> {
    const app = await this.#deps.accounts.findApp(record.appId);
    const attemptedAt = this.#deps.clock.now();
    const started = performance.now();
    let outcome: AttemptOutcome;
    let responseStatus: number | null = null;
    const refused = await refusedCallback(record.url, this.#deps.callbackPolicy ?? 'any');
    if (app === undefined) {
      outcome = { delivered: false, error: 'the subscribed app no longer exists' };
    } else if (refused !== undefined) {
      outcome = { delivered: false, error: `callback refused: ${refused}` };
    } else {
      try {
        // Only the status counts; an answer longer than a few KiB is cut off and its connection closed.
        const answer = await callCallback({
          method: 'POST',
          url: new URL(record.url),
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(record.body), 'user-agent': 'facebookexternalua', ...signatureHeaders(app.secret, record.body) },
          body: record.body,
          timeoutMs: this.#deps.timeoutMs ?? 10_000,
          connection: 'keep-alive',
        });
        responseStatus = answer.status;
        outcome = responseStatus >= 200 && responseStatus < 300 ? { delivered: true } : { delivered: false, error: `HTTP ${responseStatus}` };
      } catch (error) {
        outcome = { delivered: false, error: error instanceof Error ? error.message : String(error) };
      }
    }
    const next = afterAttempt(record, outcome, this.#deps.clock.now());
    return {
      record: next,
      attempt: {
        key: this.#deps.ids.key(),
        outboxKey: record.key,
        attempt: next.attempts,
        attemptedAt,
        url: record.url,
        responseStatus,
        error: outcome.delivered ? null : outcome.error,
        durationMs: Math.round(performance.now() - started),
      },
    };
  }
}
