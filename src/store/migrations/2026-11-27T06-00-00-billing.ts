/**
 * Frozen: conversations (and free-entry-point windows), the ledger of charges, and the messages
 * users sent through click-to-WhatsApp ads. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('billing_conversations')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('pricing_model', 'varchar(8)', (column) => column.notNull())
    .addColumn('origin', 'varchar(24)', (column) => column.notNull())
    .addColumn('opened_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('opened_by', 'varchar(32)', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('billing_conversations_expiry').on('billing_conversations').columns(['expires_at']).execute();
  await db.schema.createIndex('billing_conversations_pair').on('billing_conversations').columns(['phone_number_id', 'wa_id', 'opened_at']).execute();
  await db.schema
    .createTable('billing_ledger')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('unit', 'varchar(16)', (column) => column.notNull())
    .addColumn('conversation_id', 'varchar(32)')
    .addColumn('message_key', 'varchar(32)', (column) => column.notNull())
    .addColumn('pricing_model', 'varchar(8)', (column) => column.notNull())
    .addColumn('category', 'varchar(24)', (column) => column.notNull())
    .addColumn('pricing_type', 'varchar(32)')
    .addColumn('market', 'varchar(24)', (column) => column.notNull())
    .addColumn('currency', 'varchar(8)', (column) => column.notNull())
    .addColumn('rate_micros', 'bigint', (column) => column.notNull())
    .addColumn('amount_micros', 'bigint', (column) => column.notNull())
    .addColumn('billable', 'integer', (column) => column.notNull())
    .addColumn('reason', 'varchar(32)')
    .addColumn('rate_card', 'varchar(10)', (column) => column.notNull())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .execute();
  await db.schema.createIndex('billing_ledger_business_at').on('billing_ledger').columns(['business_id', 'at']).execute();
  await db.schema.createIndex('billing_ledger_at').on('billing_ledger').columns(['at']).execute();
  await db.schema
    .createTable('billing_entry_points')
    .addColumn('message_key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('billing_entry_points_at').on('billing_entry_points').columns(['at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('billing_entry_points').execute();
  await db.schema.dropTable('billing_ledger').execute();
  await db.schema.dropTable('billing_conversations').execute();
}
