import {
  afterRealisticAttempt, heldUntil, noRealism, postOrder, realismPolicy,
  type AttemptOutcome, type OutboxRecord, type WebhookRealism, type WebhookRealismSettings,
} from '../../core/webhooks/index.js';

/** Where each app's realism switches come from, and the seed their draws start from. */
export interface RealismSource {
  readonly settings: Pick<WebhookRealismSettings, 'of'>;
  /** The simulator's seed, so that a scenario replays the same holds and delays. */
  seed(): number;
}

/**
 * The webhook dispatcher's view of each app's realism switches (`docs/policies.md`, "Webhook
 * realism"): read again with every read of due rows, and applied to a lane's rows. Without a
 * source every switch is off.
 */
export class DeliveryRealism {
  #source: RealismSource | undefined;
  readonly #byApp = new Map<string, WebhookRealism>();

  use(source: RealismSource): void {
    this.#source = source;
  }

  /** Reads the switches of the apps whose rows were just read. */
  async read(rows: readonly OutboxRecord[]): Promise<void> {
    const source = this.#source;
    if (source === undefined) return;
    if (this.#byApp.size >= 10_000) this.#byApp.clear();
    for (const appId of new Set(rows.map((row) => row.appId))) this.#byApp.set(appId, await source.settings.of(appId));
  }

  of(appId: string): WebhookRealism {
    return this.#byApp.get(appId) ?? noRealism;
  }

  /** When a row just read should go instead of now (out-of-order), or undefined to send it now. */
  holdUntil(row: OutboxRecord, now: number): number | undefined {
    return heldUntil(row, this.of(row.appId), this.#seed(), now);
  }

  /** Takes out of `queue` the rows that go in one POST with `first`: none but it unless its app batches. */
  batchFrom(queue: OutboxRecord[], first: OutboxRecord): OutboxRecord[] {
    if (!this.of(first.appId).batching) return [first];
    const batch = [first];
    let bytes = first.body.length;
    const rest: OutboxRecord[] = [];
    for (const record of queue) {
      const fits = record.appId === first.appId && batch.length < realismPolicy.maxRowsPerPost && bytes + record.body.length <= realismPolicy.maxBytesPerPost;
      if (fits) {
        batch.push(record);
        bytes += record.body.length;
      } else {
        rest.push(record);
      }
    }
    queue.splice(0, queue.length, ...rest);
    return batch;
  }

  /** The rows of one POST (one app) in the order their updates go in the body. */
  order(batch: readonly OutboxRecord[]): OutboxRecord[] {
    const [first] = batch;
    return first === undefined ? [] : postOrder(batch, this.of(first.appId), this.#seed());
  }

  /** A row after its attempt, duplicates included. */
  after(record: OutboxRecord, outcome: AttemptOutcome, now: number): OutboxRecord {
    return afterRealisticAttempt(record, outcome, now, this.of(record.appId), this.#seed());
  }

  #seed(): number {
    return this.#source?.seed() ?? 0;
  }
}
