/**
 * Frozen: what WABA analytics read. Each message and ledger line keeps the user's country (ISO 3166),
 * filled from the wa_id for rows written before; a covering index holds every message column
 * analytics count by, in time order within a WABA; and the ledger is summed per half hour and per
 * every dimension in `billing_ledger_buckets` (filled from the lines written before). Never edit a
 * migration that has shipped.
 */
import { sql, type Kysely } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

function countryOf(waId: string): string | null {
  const parsed = parsePhoneNumberFromString(`+${waId}`);
  return parsed?.country ?? parsed?.getPossibleCountries()[0] ?? null;
}

async function addCountry(db: Kysely<unknown>, table: 'messages' | 'billing_ledger'): Promise<void> {
  await db.schema.alterTable(table).addColumn('country', 'varchar(2)').execute();
  const users = await sql<{ wa_id: string }>`select distinct wa_id from ${sql.table(table)}`.execute(db);
  for (const { wa_id: waId } of users.rows) {
    const country = countryOf(waId);
    if (country !== null) await sql`update ${sql.table(table)} set country = ${country} where wa_id = ${waId}`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await addCountry(db, 'messages');
  await addCountry(db, 'billing_ledger');
  await db.schema
    .createTable('billing_ledger_buckets')
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('unit', 'varchar(16)', (column) => column.notNull())
    .addColumn('bucket_start', 'bigint', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('country', 'varchar(2)', (column) => column.notNull())
    .addColumn('category', 'varchar(24)', (column) => column.notNull())
    .addColumn('pricing_type', 'varchar(32)', (column) => column.notNull())
    .addColumn('reason', 'varchar(32)', (column) => column.notNull())
    .addColumn('lines', 'bigint', (column) => column.notNull())
    .addColumn('amount_micros', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('billing_ledger_buckets_pk', ['waba_id', 'unit', 'bucket_start', 'phone_number_id', 'country', 'category', 'pricing_type', 'reason'])
    .execute();
  await sql`insert into billing_ledger_buckets (waba_id, unit, bucket_start, phone_number_id, country, category, pricing_type, reason, lines, amount_micros)
    select waba_id, unit, (at / 1800000) * 1800000, phone_number_id, coalesce(country, ''), category, coalesce(pricing_type, ''), coalesce(reason, ''), count(*), sum(amount_micros)
    from billing_ledger group by waba_id, unit, (at / 1800000) * 1800000, phone_number_id, coalesce(country, ''), category, coalesce(pricing_type, ''), coalesce(reason, '')`.execute(db);
  await db.schema.createIndex('messages_analytics').on('messages').columns(['waba_id', 'direction', 'status', 'created_at', 'phone_number_id', 'country']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_analytics').execute();
  await db.schema.dropTable('billing_ledger_buckets').execute();
  await db.schema.alterTable('billing_ledger').dropColumn('country').execute();
  await db.schema.alterTable('messages').dropColumn('country').execute();
}
