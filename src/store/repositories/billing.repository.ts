import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  charged, conversationOpened, conversationsClosed, entryPointRecorded, entryPointReplyMs, monthOf, monthStart,
  type BillingRepository, type BillingSnapshot, type Charge, type ChargeFilter, type ChargeTotalRow, type Conversation, type ConversationFilter,
  type ConversationOrigin, type FreeReason, type LedgerFilter, type Market, type PricingModel, type PricingType,
} from '../../core/billing/index.js';
import { countryOf } from '../../core/shared/index.js';
import type { BillingConversationsTable, BillingLedgerBucketsTable, BillingLedgerTable, Database } from '../schema.js';
import { chunks, unitWriter, valuesInKeyOrder } from '../unit-writers.js';

function toConversation(row: Selectable<BillingConversationsTable>): Conversation {
  return {
    id: row.id,
    businessId: row.business_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    waId: row.wa_id,
    pricingModel: row.pricing_model as PricingModel,
    origin: row.origin as ConversationOrigin,
    openedAt: Number(row.opened_at),
    expiresAt: Number(row.expires_at),
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    openedBy: row.opened_by,
  };
}

function toCharge(row: Selectable<BillingLedgerTable>): Charge {
  return {
    key: row.key,
    businessId: row.business_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    waId: row.wa_id,
    unit: row.unit as Charge['unit'],
    conversationId: row.conversation_id,
    messageKey: row.message_key,
    pricingModel: row.pricing_model as PricingModel,
    category: row.category as ConversationOrigin,
    pricingType: row.pricing_type as PricingType | null,
    market: row.market as Market,
    currency: row.currency,
    rateMicros: Number(row.rate_micros),
    amountMicros: Number(row.amount_micros),
    billable: Number(row.billable) === 1,
    reason: row.reason as FreeReason | null,
    rateCard: row.rate_card,
    at: Number(row.at),
    startsAt: row.starts_at === null ? null : Number(row.starts_at),
    endsAt: row.ends_at === null ? null : Number(row.ends_at),
  };
}

// Every billing record may be written again when its batch is retried: the first write wins.
export const conversationsWriter = unitWriter(conversationOpened, async (trx, conversations) => {
  for (const part of chunks(conversations)) {
    await trx
      .insertInto('billing_conversations')
      .values(
        part.map((conversation) => ({
          id: conversation.id,
          business_id: conversation.businessId,
          waba_id: conversation.wabaId,
          phone_number_id: conversation.phoneNumberId,
          wa_id: conversation.waId,
          pricing_model: conversation.pricingModel,
          origin: conversation.origin,
          opened_at: conversation.openedAt,
          expires_at: conversation.expiresAt,
          closed_at: conversation.closedAt,
          opened_by: conversation.openedBy,
        })),
      )
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }
});

export const conversationsClosedWriter = unitWriter(conversationsClosed, async (trx, closings) => {
  for (const closing of closings) {
    await trx.updateTable('billing_conversations').set({ closed_at: closing.at }).where('id', 'in', [...closing.ids]).where('closed_at', 'is', null).execute();
  }
});

/** Ledger sums are kept per half hour: every analytics granularity is made of whole half hours. */
export const ledgerBucketMs = 1_800_000;

/** Adds the lines just written to their half-hour sums (one upsert a WABA, half hour and dimension). */
async function addToBuckets(trx: Transaction<Database>, charges: readonly Charge[]): Promise<void> {
  const sums = new Map<string, Insertable<BillingLedgerBucketsTable>>();
  for (const charge of charges) {
    const row = {
      waba_id: charge.wabaId,
      unit: charge.unit,
      bucket_start: Math.floor(charge.at / ledgerBucketMs) * ledgerBucketMs,
      phone_number_id: charge.phoneNumberId,
      country: countryOf(charge.waId) ?? '',
      category: charge.category,
      pricing_type: charge.pricingType ?? '',
      reason: charge.reason ?? '',
    };
    const key = JSON.stringify(Object.values(row));
    const sum = sums.get(key) ?? { ...row, lines: 0, amount_micros: 0 };
    sums.set(key, { ...sum, lines: Number(sum.lines) + 1, amount_micros: Number(sum.amount_micros) + charge.amountMicros });
  }
  for (const part of chunks(valuesInKeyOrder(sums))) {
    await trx
      .insertInto('billing_ledger_buckets')
      .values(part)
      .onConflict((conflict) =>
        conflict
          .columns(['waba_id', 'unit', 'bucket_start', 'phone_number_id', 'country', 'category', 'pricing_type', 'reason'])
          .doUpdateSet({ lines: sql`billing_ledger_buckets.lines + excluded.lines`, amount_micros: sql`billing_ledger_buckets.amount_micros + excluded.amount_micros` }),
      )
      .execute();
  }
}

export const ledgerWriter = unitWriter(charged, async (trx, charges) => {
  const byKey = new Map(charges.map((charge) => [charge.key, charge]));
  for (const part of chunks(charges)) {
    const written = await trx
      .insertInto('billing_ledger')
      .values(
        part.map((charge) => ({
          key: charge.key,
          business_id: charge.businessId,
          waba_id: charge.wabaId,
          phone_number_id: charge.phoneNumberId,
          wa_id: charge.waId,
          unit: charge.unit,
          conversation_id: charge.conversationId,
          message_key: charge.messageKey,
          pricing_model: charge.pricingModel,
          category: charge.category,
          pricing_type: charge.pricingType,
          market: charge.market,
          currency: charge.currency,
          rate_micros: charge.rateMicros,
          amount_micros: charge.amountMicros,
          billable: charge.billable ? 1 : 0,
          reason: charge.reason,
          rate_card: charge.rateCard,
          at: charge.at,
          starts_at: charge.startsAt,
          ends_at: charge.endsAt,
          country: countryOf(charge.waId),
        })),
      )
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .execute();
    // Only the lines written now count: a retried batch writes nothing twice, so it adds nothing twice.
    await addToBuckets(trx, written.flatMap((row) => byKey.get(row.key) ?? []));
  }
});

export const entryPointsWriter = unitWriter(entryPointRecorded, async (trx, entries) => {
  for (const part of chunks(entries)) {
    await trx
      .insertInto('billing_entry_points')
      .values(part.map((entry) => ({ message_key: entry.messageKey, business_id: entry.businessId, phone_number_id: entry.phoneNumberId, wa_id: entry.waId, at: entry.at })))
      .onConflict((conflict) => conflict.column('message_key').doNothing())
      .execute();
  }
});

export const billingWriters = [conversationsWriter, conversationsClosedWriter, ledgerWriter, entryPointsWriter];

/** Conversations, the ledger and ad entry points (`billing_*` tables). */
export class KyselyBillingRepository implements BillingRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async snapshot(now: number): Promise<BillingSnapshot> {
    const conversations = await this.#db
      .selectFrom('billing_conversations')
      .selectAll()
      .where('expires_at', '>', now)
      .where((where) => where.or([where('closed_at', 'is', null), where('closed_at', '>', now)]))
      .orderBy('opened_at')
      .execute();
    const entryPoints = await this.#db.selectFrom('billing_entry_points').selectAll().where('at', '>', now - entryPointReplyMs).orderBy('at').execute();
    const counts = await this.#db
      .selectFrom('billing_ledger')
      .select(['waba_id', this.#db.fn.countAll<number>().as('count')])
      .where('pricing_model', '=', 'CBP')
      .where('unit', '=', 'conversation')
      .where('category', '=', 'service')
      .where('at', '>=', monthStart(now))
      .groupBy('waba_id')
      .execute();
    return {
      conversations: conversations.map(toConversation),
      entryPoints: entryPoints.map((row) => ({ messageKey: row.message_key, phoneNumberId: row.phone_number_id, waId: row.wa_id, at: Number(row.at) })),
      serviceCounts: counts.map((row) => ({ wabaId: row.waba_id, month: monthOf(now), count: Number(row.count) })),
    };
  }

  async listCharges(filter: LedgerFilter): Promise<Charge[]> {
    let query = this.#db.selectFrom('billing_ledger').selectAll().where('at', '>=', filter.from).where('at', '<', filter.to);
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.after !== undefined) query = query.where('key', '>', filter.after);
    const rows = await query.orderBy('at').orderBy('key').limit(filter.limit).execute();
    return rows.map(toCharge);
  }

  async totals(filter: ChargeFilter): Promise<ChargeTotalRow[]> {
    let query = this.#db
      .selectFrom('billing_ledger')
      .select([
        'pricing_model',
        'category',
        'market',
        'currency',
        sql<number>`sum(billable)`.as('billable'),
        sql<number>`sum(1 - billable)`.as('free'),
        sql<number>`sum(amount_micros)`.as('amount_micros'),
      ])
      .where('at', '>=', filter.from)
      .where('at', '<', filter.to);
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    const rows = await query.groupBy(['pricing_model', 'category', 'market', 'currency']).execute();
    return rows.map((row) => ({
      pricingModel: row.pricing_model as PricingModel,
      category: row.category as ConversationOrigin,
      market: row.market as Market,
      currency: row.currency,
      billable: Number(row.billable),
      free: Number(row.free),
      amountMicros: Number(row.amount_micros),
    }));
  }

  async listConversations(filter: ConversationFilter): Promise<Conversation[]> {
    let query = this.#db.selectFrom('billing_conversations').selectAll();
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.phoneNumberId !== undefined) query = query.where('phone_number_id', '=', filter.phoneNumberId);
    if (filter.waId !== undefined) query = query.where('wa_id', '=', filter.waId);
    if (filter.openAt !== undefined) {
      const at = filter.openAt;
      query = query.where('opened_at', '<=', at).where('expires_at', '>', at).where((where) => where.or([where('closed_at', 'is', null), where('closed_at', '>', at)]));
    }
    const rows = await query.orderBy('opened_at', 'desc').limit(filter.limit).execute();
    return rows.map(toConversation);
  }
}
