import { sql, type Kysely } from 'kysely';
import type { AnalyticsRepository, AnalyticsScope, ConversationRow, MessageCountRow, PricingRow } from '../../core/analytics/index.js';
import type { ConversationOrigin, FreeReason, PricingType } from '../../core/billing/index.js';
import type { Database } from '../schema.js';
import { ledgerBucketMs } from './billing.repository.js';

/** `(at / size) * size` in integer arithmetic, on SQLite and PostgreSQL alike. */
const bucketOf = (column: 'created_at' | 'bucket_start', bucketMs: number) => sql<number | string>`(${sql.ref(column)} / ${sql.lit(bucketMs)}) * ${sql.lit(bucketMs)}`;

/**
 * Aggregates for WABA analytics, grouped by bucketed time in the database: messages counted from
 * their covering index (`messages_analytics`), the ledger from its half-hour sums
 * (`billing_ledger_buckets`, kept by the ledger's writer). Never a row a message.
 */
export class KyselyAnalyticsRepository implements AnalyticsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async messageCounts(scope: AnalyticsScope & { readonly countryCodes: readonly string[] | undefined }): Promise<MessageCountRow[]> {
    const size = sql.lit(scope.bucketMs);
    const numbers = sql.join(scope.phoneNumberIds.map((id) => sql`${id}`));
    const countries = scope.countryCodes === undefined ? sql`` : sql` and country in (${sql.join(scope.countryCodes.length === 0 ? [''] : [...scope.countryCodes])})`;
    // Per bucket and status one range of messages_analytics, counted in index order: nothing sorted, no table row read.
    const counted = (status: 'sent' | 'delivered' | 'read') => sql`(select count(*) from messages
      where waba_id = ${scope.wabaId} and direction = 'outbound' and status = ${status}
        and created_at >= buckets.bucket_start and created_at < buckets.bucket_start + ${size} and created_at >= ${scope.from} and created_at < ${scope.to}
        and phone_number_id in (${numbers})${countries})`;
    const rows = await sql<{ bucket_start: number | string; sent: number | string; delivered: number | string; read: number | string }>`
      with recursive buckets(bucket_start) as (
        select ${sql.lit(Math.floor(scope.from / scope.bucketMs) * scope.bucketMs)}
        union all select bucket_start + ${size} from buckets where bucket_start + ${size} < ${sql.lit(scope.to)}
      )
      select bucket_start, ${counted('sent')} as sent, ${counted('delivered')} as delivered, ${counted('read')} as ${sql.id('read')} from buckets`.execute(this.#db);
    return rows.rows.map((row) => {
      const delivered = Number(row.delivered) + Number(row.read);
      return { bucketStart: Number(row.bucket_start), sent: Number(row.sent) + delivered, delivered };
    });
  }

  /** The ledger's half-hour sums of one unit, summed again per bucket; '' stands for no value. */
  async #ledger(scope: AnalyticsScope, unit: 'message' | 'conversation', column: 'pricing_type' | 'reason') {
    const rows = await this.#db
      .selectFrom('billing_ledger_buckets')
      .select([
        bucketOf('bucket_start', scope.bucketMs).as('bucket'), 'phone_number_id', 'country', 'category', sql<string>`${sql.ref(column)}`.as('detail'),
        sql<number | string>`sum(lines)`.as('count'), sql<number | string>`sum(amount_micros)`.as('amount_micros'),
      ])
      .where('waba_id', '=', scope.wabaId)
      .where('unit', '=', unit)
      .where('bucket_start', '>=', Math.floor(scope.from / ledgerBucketMs) * ledgerBucketMs)
      .where('bucket_start', '<', scope.to)
      .where('phone_number_id', 'in', [...scope.phoneNumberIds])
      .groupBy([sql`bucket`, 'phone_number_id', 'country', 'category', column])
      .execute();
    return rows.map((row) => ({
      bucketStart: Number(row.bucket),
      phoneNumberId: row.phone_number_id,
      country: row.country === '' ? null : row.country,
      category: row.category as ConversationOrigin,
      detail: row.detail === '' ? null : row.detail,
      count: Number(row.count),
      amountMicros: Number(row.amount_micros),
    }));
  }

  async pricingRows(scope: AnalyticsScope): Promise<PricingRow[]> {
    const rows = await this.#ledger(scope, 'message', 'pricing_type');
    return rows.map(({ detail, count, ...row }) => ({ ...row, pricingType: detail as PricingType | null, volume: count }));
  }

  async conversationRows(scope: AnalyticsScope): Promise<ConversationRow[]> {
    const rows = await this.#ledger(scope, 'conversation', 'reason');
    return rows.map(({ detail, count, category, ...row }) => ({ ...row, origin: category, reason: detail as FreeReason | null, conversations: count }));
  }
}
