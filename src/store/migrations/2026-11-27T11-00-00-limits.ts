/**
 * Frozen: messaging limits and quality. `limit_contacts` keeps each (number, recipient)'s last
 * business-initiated send, from which the rolling windows are rebuilt at start; `limit_events` the
 * history of tiers, quality ratings and escalation standings with their causes; `escalation_paths`
 * each number's declared human escalation path (or `missing`, since when). Never edit a migration
 * that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('limit_contacts')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('last_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('limit_contacts_pk', ['phone_number_id', 'wa_id'])
    .execute();
  await db.schema.createIndex('limit_contacts_last_at').on('limit_contacts').columns(['last_at']).execute();

  await db.schema
    .createTable('limit_events')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('from_value', 'varchar(32)', (column) => column.notNull())
    .addColumn('to_value', 'varchar(32)', (column) => column.notNull())
    .addColumn('cause', 'text', (column) => column.notNull())
    .addColumn('details', 'text', (column) => column.notNull())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('limit_events_number').on('limit_events').columns(['phone_number_id', 'key']).execute();

  await db.schema
    .createTable('escalation_paths')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('declared_at', 'bigint', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('escalation_paths').execute();
  await db.schema.dropTable('limit_events').execute();
  await db.schema.dropTable('limit_contacts').execute();
}
