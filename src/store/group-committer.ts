import { sql, type Kysely, type Transaction } from 'kysely';
import type { CommitOutcome, StatusChange, UnitOfWork, WriteBatcher } from '../core/messaging/index.js';
import type { Database } from './schema.js';
import { messageRow } from './repositories/messages.repository.js';

interface Pending {
  readonly unit: UnitOfWork;
  resolve(outcome: CommitOutcome): void;
  reject(error: unknown): void;
}

export interface GroupCommitterOptions {
  /** Flush early once this many units wait. */
  readonly maxBatch?: number;
  /** Told after each commit, e.g. to wake the webhook dispatcher and remember opened windows. */
  readonly onCommitted?: (units: readonly UnitOfWork[]) => void;
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: unknown }).code ?? ''}` : String(error);
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT_UNIQUE|duplicate key value|23505/.test(text);
}

const chunkSize = 100;

function chunks<Item>(items: readonly Item[]): Item[][] {
  const result: Item[][] = [];
  for (let start = 0; start < items.length; start += chunkSize) result.push(items.slice(start, start + chunkSize));
  return result;
}

async function apply(trx: Transaction<Database>, units: readonly UnitOfWork[]): Promise<void> {
  const messages = units.flatMap((unit) => unit.messages ?? []);
  for (const part of chunks(messages)) await trx.insertInto('messages').values(part.map(messageRow)).execute();
  // The last change of a message wins; one UPDATE per chunk instead of one per change.
  const changes = new Map(units.flatMap((unit) => unit.statusChanges ?? []).map((change) => [change.key, change]));
  for (const part of chunks([...changes.values()])) {
    const pick = <Value>(value: (change: StatusChange) => Value, type: 'varchar(16)' | 'integer' | 'bigint') =>
      sql<Value>`case ${sql.join(part.map((change) => sql`when ${sql.ref('key')} = ${change.key} then cast(${value(change)} as ${sql.raw(type)})`), sql` `)} end`;
    await trx
      .updateTable('messages')
      .set({
        status: pick((change): string => change.status, 'varchar(16)'),
        error_code: pick((change) => change.errorCode, 'integer'),
        updated_at: pick((change) => change.updatedAt, 'bigint'),
      })
      .where('key', 'in', part.map((change) => change.key))
      .execute();
  }
  for (const touch of units.flatMap((unit) => unit.windows ?? [])) {
    await trx
      .insertInto('customer_windows')
      .values({ phone_number_id: touch.phoneNumberId, wa_id: touch.waId, last_inbound_at: touch.lastInboundAt })
      .onConflict((conflict) => conflict.columns(['phone_number_id', 'wa_id']).doUpdateSet({ last_inbound_at: touch.lastInboundAt }))
      .execute();
  }
  const outbox = units.flatMap((unit) => unit.outbox ?? []);
  for (const part of chunks(outbox)) {
    await trx
      .insertInto('outbox')
      .values(
        part.map((record) => ({
          key: record.key,
          business_id: record.businessId,
          app_id: record.appId,
          url: record.url,
          body: record.body,
          status: record.status,
          attempts: record.attempts,
          next_attempt_at: record.nextAttemptAt,
          created_at: record.createdAt,
          delivered_at: record.deliveredAt,
          finished_at: record.finishedAt,
          last_error: record.lastError,
        })),
      )
      .execute();
  }
}

/**
 * Group commit: the units that arrive within two event-loop turns share one transaction, and each
 * caller is answered only after that transaction has committed. If a batch fails, its units are
 * retried one by one so that one bad unit (a duplicate idempotency key) cannot sink the others.
 */
export class GroupCommitter implements WriteBatcher {
  readonly #db: Kysely<Database>;
  readonly #maxBatch: number;
  readonly #onCommitted: ((units: readonly UnitOfWork[]) => void) | undefined;
  #queue: Pending[] = [];
  #scheduled = false;
  #running: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, options: GroupCommitterOptions = {}) {
    this.#db = db;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#onCommitted = options.onCommitted;
  }

  commit(unit: UnitOfWork): Promise<CommitOutcome> {
    return new Promise<CommitOutcome>((resolve, reject) => {
      this.#queue.push({ unit, resolve, reject });
      if (this.#queue.length >= this.#maxBatch) this.#flushSoon(true);
      else this.#flushSoon(false);
    });
  }

  /** Waits until everything queued so far has committed. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#scheduled) {
      this.#flushSoon(true);
      await this.#running;
    }
    await this.#running;
  }

  #flushSoon(now: boolean): void {
    if (this.#scheduled && !now) return;
    this.#scheduled = true;
    const run = (): void => {
      this.#running = this.#running.then(() => this.#flush());
    };
    // Two event-loop turns, not one: the second poll phase collects the requests of clients whose
    // answers the previous commit just released, so fewer, larger commits share the fsync. Measured
    // +5 % throughput at 50 connections and +13 % at 10 with no change in p99 (docs/benchmarks.md).
    if (now) run();
    else setImmediate(() => setImmediate(run));
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (this.#queue.length > 0) this.#flushSoon(false);
    let committed = false;
    try {
      await this.#db.transaction().execute((trx) => apply(trx, batch.map((pending) => pending.unit)));
      committed = true;
    } catch (error) {
      if (batch.length === 1) {
        this.#settleAlone(batch[0], error);
        return;
      }
    }
    if (committed) {
      for (const pending of batch) pending.resolve({ committed: true });
      this.#onCommitted?.(batch.map((pending) => pending.unit));
      return;
    }
    for (const pending of batch) {
      try {
        await this.#db.transaction().execute((trx) => apply(trx, [pending.unit]));
      } catch (error) {
        this.#settleAlone(pending, error);
        continue;
      }
      pending.resolve({ committed: true });
      this.#onCommitted?.([pending.unit]);
    }
  }

  #settleAlone(pending: Pending | undefined, error: unknown): void {
    if (pending === undefined) return;
    if (isUniqueViolation(error) && (pending.unit.messages ?? []).some((message) => message.idempotencyKey !== null)) {
      pending.resolve({ committed: false, reason: 'duplicate_idempotency_key' });
    } else {
      pending.reject(error);
    }
  }
}
