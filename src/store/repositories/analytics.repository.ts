import { sql, type Kysely } from 'kysely';
import { messageCountBucketMs, type AnalyticsRepository, type AnalyticsScope, type ConversationRow, type MessageCountRow, type PricingRow } from '../../core/analytics/index.js';
import type { ConversationOrigin, FreeReason, PricingType } from '../../core/billing/index.js';
import type { Database } from '../schema.js';
import { ledgerBucketMs } from './billing.repository.js';

/** `(at / size) * size` in integer arithmetic, on SQLite and PostgreSQL alike. */
const bucketOf = (column: 'created_at' | 'bucket_start', bucketMs: number) => sql<number | string>`(${sql.ref(column)} / ${sql.lit(bucketMs)}) * ${sql.lit(bucketMs)}`;

/**
 * Aggregates for WABA analytics, grouped by bucketed time in the database: messages from their
 * half-hour counts (`message_count_buckets`, kept by the status writer), the ledger from its
 * half-hour sums (`billing_ledger_buckets`, kept by the ledger's writer). Never a row a message.
 */
export class KyselyAnalyticsRepository implements AnalyticsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async messageCounts(scope: AnalyticsScope & { readonly countryCodes: readonly string[] | undefined }): Promise<MessageCountRow[]> {
    // No country asked: nothing matches ('' stands for a user without one, who matches no filter).
    if (scope.countryCodes?.length === 0) return [];
    let query = this.#db
      .selectFrom('message_count_buckets')
      .select([bucketOf('bucket_start', scope.bucketMs).as('bucket'), sql<number | string>`sum(sent)`.as('sent'), sql<number | string>`sum(delivered)`.as('delivered')])
      .where('waba_id', '=', scope.wabaId)
      .where('bucket_start', '>=', Math.floor(scope.from / messageCountBucketMs) * messageCountBucketMs)
      .where('bucket_start', '<', scope.to)
      .where('phone_number_id', 'in', [...scope.phoneNumberIds]);
    if (scope.countryCodes !== undefined) query = query.where('country', 'in', [...scope.countryCodes]);
    const rows = await query.groupBy(sql`bucket`).execute();
    return rows.map((row) => ({ bucketStart: Number(row.bucket), sent: Number(row.sent), delivered: Number(row.delivered) }));
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
