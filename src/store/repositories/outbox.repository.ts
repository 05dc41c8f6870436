import { sql, type Kysely, type Selectable } from 'kysely';
import type { CallbackBacklog, DeliveryAttempt, OutboxPosition, OutboxRecord, OutboxRepository, OutboxStatus, PruneOutcome } from '../../core/webhooks/index.js';
import type { Database, OutboxTable } from '../schema.js';

function toRecord(row: Selectable<OutboxTable>): OutboxRecord {
  return {
    key: row.key,
    businessId: row.business_id,
    appId: row.app_id,
    url: row.url,
    body: row.body,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    finishedAt: row.finished_at,
    lastError: row.last_error,
    messageKey: row.message_key,
  };
}

export class KyselyOutboxRepository implements OutboxRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async pendingCallbacks(): Promise<CallbackBacklog[]> {
    // A loose index scan over outbox_callback_due: each step seeks the next URL, so a callback's
    // backlog, however long, costs one seek and not one row read per pending row.
    const result = await sql<{ url: string; next_attempt_at: number }>`
      with recursive callbacks(url) as (
        select min(url) from outbox where status = 'pending'
        union all
        select (select min(outbox.url) from outbox where outbox.status = 'pending' and outbox.url > callbacks.url)
        from callbacks where callbacks.url is not null
      )
      select url, (select min(outbox.next_attempt_at) from outbox where outbox.status = 'pending' and outbox.url = callbacks.url) as next_attempt_at
      from callbacks where url is not null`.execute(this.#db);
    return result.rows.map((row) => ({ url: row.url, nextAttemptAt: Number(row.next_attempt_at) }));
  }

  async dueFor(url: string, now: number, limit: number, after?: OutboxPosition): Promise<OutboxRecord[]> {
    let query = this.#db.selectFrom('outbox').selectAll().where('status', '=', 'pending').where('url', '=', url).where('next_attempt_at', '<=', now);
    if (after !== undefined) query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('next_attempt_at', 'key'), '>', tuple(after.nextAttemptAt, after.key)));
    const rows = await query
      .orderBy('next_attempt_at')
      .orderBy('key')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  async recordAttempts(results: readonly { readonly record: OutboxRecord; readonly attempt: DeliveryAttempt | null }[]): Promise<void> {
    if (results.length === 0) return;
    await this.#db.transaction().execute(async (trx) => {
      for (const { record } of results) {
        await trx
          .updateTable('outbox')
          .set({
            status: record.status,
            attempts: record.attempts,
            next_attempt_at: record.nextAttemptAt,
            delivered_at: record.deliveredAt,
            finished_at: record.finishedAt,
            last_error: record.lastError,
          })
          .where('key', '=', record.key)
          .execute();
      }
      // A row held back by the out-of-order switch was not attempted: it has a new state and no attempt.
      const attempted = results.flatMap(({ record, attempt }) => (attempt === null ? [] : [{ record, attempt }]));
      for (let start = 0; start < attempted.length; start += 100) {
        await trx
          .insertInto('webhook_attempts')
          .values(
            attempted.slice(start, start + 100).map(({ record, attempt }) => ({
              key: attempt.key,
              outbox_key: attempt.outboxKey,
              business_id: record.businessId,
              attempt: attempt.attempt,
              attempted_at: attempt.attemptedAt,
              url: attempt.url,
              response_status: attempt.responseStatus,
              error: attempt.error,
              duration_ms: attempt.durationMs,
            })),
          )
          .execute();
      }
    });
  }

  async pruneFinished(before: number, limit: number): Promise<PruneOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('outbox').select('key').where('finished_at', '<', before).orderBy('finished_at').limit(limit).execute();
      const keys = rows.map((row) => row.key);
      if (keys.length === 0) return { outboxRows: 0, attempts: 0 };
      const attempts = await trx.deleteFrom('webhook_attempts').where('outbox_key', 'in', keys).executeTakeFirst();
      await trx.deleteFrom('outbox').where('key', 'in', keys).execute();
      return { outboxRows: keys.length, attempts: Number(attempts.numDeletedRows) };
    });
  }

  async list(filter: { readonly businessId?: string; readonly status?: OutboxStatus; readonly limit: number }): Promise<OutboxRecord[]> {
    let query = this.#db.selectFrom('outbox').selectAll();
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map(toRecord);
  }

  async countByStatus(filter: { readonly businessId?: string }): Promise<Record<OutboxStatus, number>> {
    let query = this.#db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status');
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const row of await query.execute()) counts[row.status as OutboxStatus] = Number(row.count);
    return counts;
  }

  async attempts(filter: { readonly businessId?: string; readonly outboxKey?: string; readonly limit: number }): Promise<DeliveryAttempt[]> {
    let query = this.#db.selectFrom('webhook_attempts').selectAll();
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.outboxKey !== undefined) query = query.where('outbox_key', '=', filter.outboxKey);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({
      key: row.key,
      outboxKey: row.outbox_key,
      attempt: row.attempt,
      attemptedAt: row.attempted_at,
      url: row.url,
      responseStatus: row.response_status,
      error: row.error,
      durationMs: row.duration_ms,
    }));
  }
}
