import type { FastifyBaseLogger } from 'fastify';
import type { AccountsRepository } from '../../core/accounts/index.js';
import type { Clock, IdSource } from '../../core/shared/index.js';
import { combinedBody, type AttemptOutcome, type OutboxPosition, type OutboxRecord, type OutboxRepository } from '../../core/webhooks/index.js';
import { signatureHeaders } from '../credentials.js';
import { refusedCallback, type CallbackPolicy } from '../callback-policy.js';
import { callCallback } from '../callback-http.js';
import { AttemptRecorder, type AttemptResult } from './attempt-recorder.js';
import { DeliveryRealism, type RealismSource } from './delivery-realism.js';

/** How much the dispatcher does at once. */
export const deliveryLimits = {
  /** A deadline for one POST and its answer. */
  timeoutMs: 10_000,
  /** POSTs in flight in all. */
  concurrency: 64,
  /** POSTs in flight to one callback URL: a callback that hangs holds this many and no more. */
  perCallback: 4,
  /** Rows read ahead for one callback. */
  readAhead: 64,
} as const;

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
  readonly perCallback?: number;
  readonly callbackPolicy?: CallbackPolicy;
}

/** The rows of one callback URL that this dispatcher holds. */
interface Lane {
  readonly url: string;
  /** Due rows read ahead, oldest first, waiting for a free slot. */
  readonly queue: OutboxRecord[];
  /** POSTs in flight, each holding one row or, batched, several. */
  inFlight: number;
  /** Rows in the POSTs in flight. */
  inFlightRows: number;
  /** Attempts made but not stored yet: their rows are still pending in the store. */
  unrecorded: number;
  /** The store may hold more due rows for this callback than were read. */
  more: boolean;
  /** Where the last read stopped; reading on from there skips the rows the lane already holds. */
  readFrom: OutboxPosition | undefined;
}

/**
 * Delivers outbox rows: POSTs the stored bytes with their HMAC signature, records every attempt,
 * and reschedules failures by the retry policy.
 *
 * Each callback URL has its own lane with at most `perCallback` POSTs in flight, and free slots go
 * round-robin to the lanes that have due rows, so a callback that hangs or answers slowly delays
 * only its own webhooks. A finished POST frees its slot at once; attempts are recorded in batched
 * transactions behind it. Rows stay pending in the store until their attempt is recorded, so a
 * restart loses nothing, and a row is held by one lane at a time, so it is never sent twice at once.
 *
 * An app's realism switches (`useRealism`) change how its rows go, within the same lanes and bounds:
 * batching puts the app's due rows of a lane into one POST, duplicates sends each row a second time
 * after its first delivery, out-of-order holds some rows back before their first attempt and
 * shuffles the rows of a batch.
 */
export class WebhookDispatcher {
  readonly #deps: DispatcherDeps;
  readonly #limits: { readonly timeoutMs: number; readonly concurrency: number; readonly perCallback: number; readonly readAhead: number };
  readonly #lanes = new Map<string, Lane>();
  /** Keys of every row a lane holds, from the read until its attempt is stored. */
  readonly #held = new Set<string>();
  /** Rows released while a read was under way: that read may have seen them before their attempt was stored. */
  readonly #releasedDuringRead = new Set<string>();
  readonly #recorder: AttemptRecorder;
  readonly #listeners = new Set<(records: readonly OutboxRecord[]) => void>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #realism = new DeliveryRealism();
  #inFlight = 0;
  /** Read every callback that has pending rows, not only `#toRead`. */
  #discover = false;
  readonly #toRead = new Set<string>();
  #reading: Promise<void> | undefined;
  #kickScheduled = false;
  #poll: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    const perCallback = deps.perCallback ?? deliveryLimits.perCallback;
    this.#limits = {
      timeoutMs: deps.timeoutMs ?? deliveryLimits.timeoutMs,
      concurrency: deps.concurrency ?? deliveryLimits.concurrency,
      perCallback,
      readAhead: Math.max(deliveryLimits.readAhead, 2 * perCallback),
    };
    this.#recorder = new AttemptRecorder({
      outbox: deps.outbox,
      onRecorded: (results) => this.#recorded(results),
      onFailed: (results, error) => {
        deps.log.error({ err: error }, 'recording webhook attempts failed; the rows stay pending and will be sent again');
        this.#release(results);
      },
      onIdle: () => this.#settleIfIdle(),
    });
  }

  /**
   * Asks for deliveries soon: of the given callbacks' due rows (new rows were just committed), or of
   * every callback's. Many kicks in one event-loop turn make one read.
   */
  kick(urls?: Iterable<string>): void {
    if (this.#stopped) return;
    if (urls === undefined) this.#discover = true;
    else for (const url of urls) this.#toRead.add(url);
    if (this.#kickScheduled) return;
    this.#kickScheduled = true;
    setImmediate(() => {
      this.#kickScheduled = false;
      this.#read();
    });
  }

  /** Delivers every row due now; resolves once their attempts are recorded and nothing else is due. */
  runDue(): Promise<void> {
    if (!this.#stopped) {
      this.#discover = true;
      this.#read();
    }
    return this.#whenIdle();
  }

  /** Called with the rows' new states after each batch of attempts is stored. */
  onRecorded(listener: (records: readonly OutboxRecord[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Lets each app's webhook realism switches shape its deliveries (all off without a source). */
  useRealism(source: RealismSource): void {
    this.#realism.use(source);
  }

  /** Looks for due rows every `intervalMs` (retries falling due, rows committed by another process). */
  start(intervalMs: number): void {
    const tick = (): void => {
      this.kick();
      if (!this.#stopped) this.#poll = setTimeout(tick, intervalMs);
    };
    this.#poll = setTimeout(tick, 0);
  }

  /** Stops taking rows; POSTs in flight finish (within their deadline) and are recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    await this.#reading;
    for (const lane of this.#lanes.values()) {
      for (const record of lane.queue) this.#held.delete(record.key);
      lane.queue.length = 0;
      this.#dropIfEmpty(lane);
    }
    await this.#whenIdle();
  }

  #read(): void {
    if (this.#reading !== undefined || this.#stopped || (!this.#discover && this.#toRead.size === 0)) return;
    this.#reading = this.#readLoop()
      .catch((error: unknown) => {
        this.#discover = false;
        this.#toRead.clear();
        this.#deps.log.error({ err: error }, 'reading due webhooks failed; the next poll tries again');
      })
      .finally(() => {
        this.#reading = undefined;
        this.#releasedDuringRead.clear();
        this.#read();
        this.#flushIfQuiet();
        this.#settleIfIdle();
      });
  }

  async #readLoop(): Promise<void> {
    while (!this.#stopped && (this.#discover || this.#toRead.size > 0)) {
      const now = this.#deps.clock.now();
      // From the start for every callback with due rows; on from where the last read stopped for callbacks with new rows.
      const reads = new Map<string, 'start' | 'on'>();
      if (this.#discover) {
        this.#discover = false;
        const backlogs = await this.#deps.outbox.pendingCallbacks();
        for (const backlog of backlogs.filter((candidate) => candidate.nextAttemptAt <= now).sort((left, right) => left.nextAttemptAt - right.nextAttemptAt)) {
          reads.set(backlog.url, 'start');
        }
      }
      for (const url of this.#toRead) if (!reads.has(url)) reads.set(url, 'on');
      this.#toRead.clear();
      for (const [url, from] of reads) {
        if (this.#stopped) return;
        await this.#fill(url, now, from);
      }
    }
  }

  /** Reads ahead the callback's oldest due rows that no lane holds yet, then starts what it can. */
  async #fill(url: string, now: number, from: 'start' | 'on'): Promise<void> {
    const lane = this.#lanes.get(url) ?? { url, queue: [], inFlight: 0, inFlightRows: 0, unrecorded: 0, more: false, readFrom: undefined };
    this.#lanes.set(url, lane);
    // Retries fall due before where the last read stopped: the next read starts over.
    if (from === 'start') lane.readFrom = undefined;
    if (lane.queue.length >= this.#limits.perCallback) {
      // Enough to do for now; read again once the queue runs low.
      lane.more = true;
      return;
    }
    const room = this.#limits.readAhead - lane.queue.length - lane.inFlightRows;
    const after = lane.readFrom;
    // Read from the start, the rows this lane holds come back (they are still pending in the store): read past them.
    const limit = after === undefined ? room + lane.queue.length + lane.inFlightRows + lane.unrecorded : room;
    this.#releasedDuringRead.clear();
    const rows = await this.#deps.outbox.dueFor(url, now, limit, after);
    await this.#realism.read(rows);
    // The lane may have been dropped as empty while the store answered.
    this.#lanes.set(url, lane);
    let full = false;
    for (const row of rows) {
      full = lane.queue.length + lane.inFlightRows >= this.#limits.readAhead;
      if (full) break;
      lane.readFrom = { nextAttemptAt: row.nextAttemptAt, key: row.key };
      // A row released meanwhile may have been read as it was before its attempt: the next read sees it as it is.
      if (this.#held.has(row.key) || this.#releasedDuringRead.has(row.key)) continue;
      this.#held.add(row.key);
      const until = this.#realism.holdUntil(row, now);
      if (until === undefined) {
        lane.queue.push(row);
        continue;
      }
      // Held back by the out-of-order switch: rescheduled like an attempt, without one.
      lane.unrecorded += 1;
      this.#recorder.add({ record: { ...row, nextAttemptAt: until }, attempt: null });
    }
    lane.more = full || rows.length === limit;
    this.#dropIfEmpty(lane);
    this.#pump();
  }

  /** Starts POSTs while slots are free: one lane at a time, each lane served goes to the back of the line. */
  #pump(): void {
    let started = true;
    while (started && !this.#stopped) {
      started = false;
      for (const lane of [...this.#lanes.values()]) {
        if (this.#inFlight >= this.#limits.concurrency) return;
        const record = lane.inFlight < this.#limits.perCallback ? lane.queue.shift() : undefined;
        if (record === undefined) continue;
        const batch = this.#realism.batchFrom(lane.queue, record);
        lane.inFlight += 1;
        lane.inFlightRows += batch.length;
        this.#inFlight += 1;
        this.#lanes.delete(lane.url);
        this.#lanes.set(lane.url, lane);
        started = true;
        void this.#deliver(batch).then((results) => this.#delivered(lane, results));
      }
    }
  }

  #delivered(lane: Lane, results: readonly AttemptResult[]): void {
    lane.inFlight -= 1;
    lane.inFlightRows -= results.length;
    lane.unrecorded += results.length;
    this.#inFlight -= 1;
    for (const result of results) this.#recorder.add(result);
    if (lane.more && lane.queue.length < this.#limits.perCallback && !this.#stopped) {
      this.#toRead.add(lane.url);
      this.#read();
    }
    this.#pump();
    this.#flushIfQuiet();
  }

  /** Nothing is in flight and nothing is left to start: the attempts waiting to be recorded need not wait for company. */
  #flushIfQuiet(): void {
    if (this.#inFlight === 0 && this.#reading === undefined && (this.#stopped || (!this.#discover && this.#toRead.size === 0))) this.#recorder.flush();
  }

  #recorded(results: readonly AttemptResult[]): void {
    this.#release(results);
    for (const { record } of results) {
      // The callback's query string may carry a secret of the receiver's; the log gets origin and path.
      if (record.status === 'dead') this.#deps.log.warn({ outbox: record.key, callback: callbackForLog(record.url) }, 'webhook given up after retries');
    }
    const records = results.map((result) => result.record);
    for (const listener of [...this.#listeners]) listener(records);
  }

  #release(results: readonly AttemptResult[]): void {
    for (const { record } of results) {
      this.#held.delete(record.key);
      if (this.#reading !== undefined) this.#releasedDuringRead.add(record.key);
      const lane = this.#lanes.get(record.url);
      if (lane === undefined) continue;
      lane.unrecorded -= 1;
      this.#dropIfEmpty(lane);
    }
  }

  #dropIfEmpty(lane: Lane): void {
    if (lane.queue.length === 0 && lane.inFlight === 0 && lane.unrecorded === 0 && !lane.more) this.#lanes.delete(lane.url);
  }

  #isIdle(): boolean {
    if (this.#reading !== undefined || this.#inFlight > 0 || !this.#recorder.idle) return false;
    if (!this.#stopped && (this.#discover || this.#toRead.size > 0)) return false;
    for (const lane of this.#lanes.values()) if (lane.queue.length > 0) return false;
    return true;
  }

  #whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #settleIfIdle(): void {
    if (this.#idleWaiters.length === 0 || !this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /** POSTs one row, or the rows of a batch (one app, one callback) as one body; each row's attempt shares the POST's outcome. */
  async #deliver(batch: readonly OutboxRecord[]): Promise<AttemptResult[]> {
    const records = this.#realism.order(batch);
    const [first] = records;
    if (first === undefined) return [];
    const attemptedAt = this.#deps.clock.now();
    const started = performance.now();
    let responseStatus: number | null = null;
    let outcome: AttemptOutcome;
    try {
      const app = await this.#deps.accounts.findApp(first.appId);
      const refused = await refusedCallback(first.url, this.#deps.callbackPolicy ?? 'any');
      if (app === undefined) {
        outcome = { delivered: false, error: 'the subscribed app no longer exists' };
      } else if (refused !== undefined) {
        outcome = { delivered: false, error: `callback refused: ${refused}` };
      } else {
        // Several rows: their envelopes merged and serialised once; the signature covers exactly those bytes.
        const body = combinedBody(records.map((record) => record.body));
        // Only the status counts; an answer longer than a few KiB is cut off and its connection closed.
        const answer = await callCallback({
          method: 'POST',
          url: new URL(first.url),
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'facebookexternalua', ...signatureHeaders(app.secret, body) },
          body,
          timeoutMs: this.#limits.timeoutMs,
          connection: 'keep-alive',
        });
        responseStatus = answer.status;
        outcome = responseStatus >= 200 && responseStatus < 300 ? { delivered: true } : { delivered: false, error: `HTTP ${responseStatus}` };
      }
    } catch (error) {
      outcome = { delivered: false, error: error instanceof Error ? error.message : String(error) };
    }
    const now = this.#deps.clock.now();
    const durationMs = Math.round(performance.now() - started);
    return records.map((record) => {
      const next = this.#realism.after(record, outcome, now);
      return {
        record: next,
        attempt: { key: this.#deps.ids.key(), outboxKey: record.key, attempt: next.attempts, attemptedAt, url: record.url, responseStatus, error: outcome.delivered ? null : outcome.error, durationMs },
      };
    });
  }
}
