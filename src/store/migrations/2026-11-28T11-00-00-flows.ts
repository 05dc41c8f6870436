/**
 * Frozen: WhatsApp Flows per WABA (`/{waba-id}/flows`), each with its Flow JSON asset and what
 * validating it found. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('flows')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('categories', 'text', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('flow_json', 'text')
    .addColumn('validation_errors', 'text', (column) => column.notNull())
    .addColumn('json_version', 'varchar(16)')
    .addColumn('data_api_version', 'varchar(16)')
    .addColumn('endpoint_uri', 'text')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('flows_waba').on('flows').columns(['waba_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('flows').execute();
}
