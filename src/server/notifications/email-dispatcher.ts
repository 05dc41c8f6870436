import type { FastifyBaseLogger } from 'fastify';
import type { EmailTransport, QueuedEmail } from '../../core/notifications/index.js';
import type { Clock } from '../../core/shared/index.js';
import { retryDelayMs, retryPolicy } from '../../core/webhooks/index.js';
import type { KyselyEmailOutboxRepository } from '../../store/index.js';

export interface EmailDispatcherDeps {
  readonly emails: KyselyEmailOutboxRepository;
  readonly transport: EmailTransport;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
  readonly from: string;
  /** Words never to write in a log line or a stored error (the SMTP password). */
  readonly secrets: readonly string[];
}

/**
 * Sends the e-mails of notifications, oldest due first, one at a time. An e-mail was queued in the
 * transaction that stored its notification, so nothing a request does waits for SMTP; a failed
 * attempt is retried like a webhook (5 s doubling to 1 h, given up after 7 days), so a server that
 * is down loses nothing. An e-mail whose attempt was cut short by a crash is sent again.
 */
export class EmailDispatcher {
  readonly #deps: EmailDispatcherDeps;
  #running: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: EmailDispatcherDeps) {
    this.#deps = deps;
  }

  /** Looks for due e-mails soon (after a commit queued some). */
  kick(): void {
    this.runDue().catch((error: unknown) => this.#deps.log.error({ err: this.#scrubError(error) }, 'sending notification e-mails failed; the next run tries again'));
  }

  /** Sends every e-mail due now; a call during a run makes the run look again before it ends. */
  runDue(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => this.kick(), intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#running;
    this.#deps.transport.close();
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      for (;;) {
        const due = await this.#deps.emails.due(this.#deps.clock.now(), 20);
        if (due.length === 0) break;
        for (const email of due) await this.#attempt(email);
      }
    } while (this.#again);
  }

  async #attempt(email: QueuedEmail): Promise<void> {
    const attempts = email.attempts + 1;
    try {
      await this.#deps.transport.send({ from: this.#deps.from, to: email.to, subject: email.subject, text: email.text });
    } catch (error) {
      const now = this.#deps.clock.now();
      const reason = this.#scrub(error instanceof Error ? error.message : String(error));
      const nextAttemptAt = now + retryDelayMs(attempts);
      const dead = nextAttemptAt - email.createdAt > retryPolicy.giveUpAfterMs;
      await this.#deps.emails.recordAttempt({ ...email, attempts, status: dead ? 'dead' : 'pending', nextAttemptAt, lastError: reason });
      this.#deps.log.warn({ email: email.key, business: email.businessId, attempts, reason }, dead ? 'a notification e-mail was given up after 7 days of failures' : 'a notification e-mail could not be sent; it will be retried');
      return;
    }
    await this.#deps.emails.recordAttempt({ ...email, attempts, status: 'sent', sentAt: this.#deps.clock.now(), lastError: null });
  }

  #scrub(text: string): string {
    return this.#deps.secrets.reduce((result, secret) => (secret.length === 0 ? result : result.split(secret).join('***')), text);
  }

  #scrubError(error: unknown): string {
    return this.#scrub(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}
