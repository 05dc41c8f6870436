import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { FastifyBaseLogger } from 'fastify';
import type { AccountsRepository } from '../../core/accounts/index.js';
import type { Clock, IdSource } from '../../core/shared/index.js';
import { afterAttempt, type AttemptOutcome, type DeliveryAttempt, type OutboxRecord, type OutboxRepository } from '../../core/webhooks/index.js';
import { signatureHeaders } from '../credentials.js';
import { refusedCallback, type CallbackPolicy } from '../callback-policy.js';

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

/** One webhook POST over a keep-alive connection; resolves with the receiver's status code. */
function post(url: string, body: string, signatures: Record<string, string>, timeoutMs: number): Promise<number> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'facebookexternalua', ...signatures },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    // A deadline for the whole exchange, not only for silence: a receiver that trickles is cut off too.
    const deadline = setTimeout(() => request.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

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
        responseStatus = await post(record.url, record.body, signatureHeaders(app.secret, record.body), this.#deps.timeoutMs ?? 10_000);
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
