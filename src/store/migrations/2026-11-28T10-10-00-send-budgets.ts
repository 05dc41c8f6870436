/**
 * Frozen: the send budgets (throughput, pair rate, per-user marketing) as rows, one per key
 * (`n|{number}`, `p|{number}|{wa_id}`, `m|{wa_id}`). On PostgreSQL every Kabar node takes from
 * these rows; on SQLite the one node keeps its budgets in memory and saves them here when it stops.
 * Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('send_budgets')
    .addColumn('key', 'varchar(200)', (column) => column.primaryKey())
    .addColumn('tat', 'double precision', (column) => column.notNull())
    .addColumn('burst_start', 'double precision', (column) => column.notNull())
    .addColumn('burst_count', 'integer', (column) => column.notNull())
    .addColumn('times', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('send_budgets_updated_at').on('send_budgets').columns(['updated_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('send_budgets').execute();
}
