/**
 * What changed, as it commits, for the console's live pages. Every committed unit of work is turned
 * into small change events (a message stored, a status, a webhook queued or attempted, a
 * notification, the clock moved) that say which business they concern; `GET /admin/events` streams
 * them as Server-Sent Events and the pages refetch what an event touches.
 *
 * Events carry ids `<boot>.<sequence>`. The last 10,000 are kept in memory, so a client that
 * reconnects with `Last-Event-ID` gets what it missed; one whose id is from an earlier start or too
 * old is told to `reset` (refetch everything). Events are this process's: with several Kabar nodes
 * on one PostgreSQL, each streams what it committed itself.
 */
import { randomBytes } from 'node:crypto';
import { messageStored, statusChanged, type MessageRecord } from '../../core/messaging/index.js';
import { notificationRecorded } from '../../core/notifications/index.js';
import { payloadsOf, type UnitOfWork } from '../../core/shared/index.js';
import { outboxQueued, type DeliveryAttempt, type OutboxRecord } from '../../core/webhooks/index.js';

export type ChangeKind = 'message' | 'status' | 'webhook' | 'attempt' | 'notification' | 'clock' | 'sim-user';

export interface Change {
  readonly id: string;
  readonly kind: ChangeKind;
  /** The business it concerns; null when it concerns every business (the clock, the network). */
  readonly businessId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

interface MessageFacts {
  readonly businessId: string;
  readonly waId: string;
  readonly phoneNumberId: string;
  readonly direction: string;
}

export type Catchup = { readonly kind: 'replay'; readonly changes: readonly Change[] } | { readonly kind: 'reset' };

export class ChangeFeed {
  readonly #boot = randomBytes(4).toString('hex');
  readonly #capacity: number;
  readonly #buffer: Change[] = [];
  readonly #listeners = new Set<(change: Change) => void>();
  readonly #facts = new Map<string, MessageFacts>();
  readonly #lookup: (keys: readonly string[]) => Promise<readonly MessageRecord[]>;
  #sequence = 0;
  /**
   * Nothing is kept or looked up until the first client subscribes: before that no client can hold
   * an event id of this boot to catch up from. Afterwards the feed records whether or not anyone is
   * listening, so a client that reconnects gets what it missed.
   */
  #recording = false;

  constructor(options: { readonly lookupMessages: (keys: readonly string[]) => Promise<readonly MessageRecord[]>; readonly capacity?: number }) {
    this.#lookup = options.lookupMessages;
    this.#capacity = options.capacity ?? 10_000;
  }

  publish(kind: ChangeKind, businessId: string | null, data: Readonly<Record<string, unknown>>): Change {
    this.#sequence += 1;
    const change: Change = { id: `${this.#boot}.${this.#sequence}`, kind, businessId, data };
    this.#buffer.push(change);
    // Trimmed in chunks: dropping one change off the front of a full buffer on every publish would
    // move every other change each time. The buffer holds at least the last `capacity` changes.
    if (this.#buffer.length >= 2 * this.#capacity) this.#buffer.splice(0, this.#buffer.length - this.#capacity);
    for (const listener of this.#listeners) listener(change);
    return change;
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.#recording = true;
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** What a client that saw `lastEventId` missed, or `reset` when that cannot be told. */
  since(lastEventId: string): Catchup {
    const [boot, sequenceText] = lastEventId.split('.');
    const sequence = Number(sequenceText);
    if (boot !== this.#boot || !Number.isSafeInteger(sequence) || sequence > this.#sequence) return { kind: 'reset' };
    const oldest = this.#buffer[0];
    const oldestSequence = oldest === undefined ? this.#sequence + 1 : Number(oldest.id.split('.')[1]);
    if (sequence < oldestSequence - 1) return { kind: 'reset' };
    return { kind: 'replay', changes: this.#buffer.filter((change) => Number(change.id.split('.')[1]) > sequence) };
  }

  #remember(message: MessageRecord): void {
    if (this.#facts.size >= 50_000) this.#facts.delete(this.#facts.keys().next().value ?? '');
    this.#facts.set(message.key, { businessId: message.businessId, waId: message.waId, phoneNumberId: message.phoneNumberId, direction: message.direction });
  }

  /** Called after each commit with the units it held. */
  async publishUnits(units: readonly UnitOfWork[]): Promise<void> {
    if (!this.#recording) return;
    const statuses = units.flatMap((unit) => payloadsOf(unit, statusChanged));
    for (const unit of units) for (const message of payloadsOf(unit, messageStored)) this.#remember(message);
    const unknown = [...new Set(statuses.map((status) => status.key).filter((key) => !this.#facts.has(key)))];
    if (unknown.length > 0) for (const message of await this.#lookup(unknown)) this.#remember(message);
    for (const unit of units) {
      for (const message of payloadsOf(unit, messageStored)) {
        this.publish('message', message.businessId, { key: message.key, wa_id: message.waId, phone_number_id: message.phoneNumberId, direction: message.direction, status: message.status });
      }
      for (const status of payloadsOf(unit, statusChanged)) {
        const facts = this.#facts.get(status.key);
        if (facts === undefined) continue;
        this.publish('status', facts.businessId, { key: status.key, wa_id: facts.waId, phone_number_id: facts.phoneNumberId, status: status.status });
      }
      const webhooks = payloadsOf(unit, outboxQueued);
      for (const businessId of new Set(webhooks.map((webhook: OutboxRecord) => webhook.businessId))) this.publish('webhook', businessId, {});
      for (const notification of payloadsOf(unit, notificationRecorded)) this.publish('notification', notification.businessId, { key: notification.key, kind: notification.kind });
    }
  }

  /** Called after the dispatcher recorded a round of delivery attempts. */
  publishAttempts(results: readonly { readonly record: OutboxRecord; readonly attempt: DeliveryAttempt | null }[]): void {
    if (!this.#recording) return;
    const byBusiness = new Map<string, string[]>();
    for (const { record } of results) byBusiness.set(record.businessId, [...(byBusiness.get(record.businessId) ?? []), record.key]);
    for (const [businessId, keys] of byBusiness) this.publish('attempt', businessId, { outbox_keys: keys.slice(0, 100) });
  }
}
