/**
 * Frozen: each app's webhook realism switches (batching, duplicates, out-of-order delivery); an app
 * without a row has them all off. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('app_webhook_realism')
    .addColumn('app_id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('batching', 'integer', (column) => column.notNull())
    .addColumn('duplicates', 'integer', (column) => column.notNull())
    .addColumn('out_of_order', 'integer', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('app_webhook_realism').execute();
}
