/**
 * Frozen: `status_journal` keeps, on SQLite, each group commit's status changes as one row (a JSON
 * array of the changes), while the changes themselves are held in memory and written into their
 * messages' rows together, in key order, a few seconds later (`src/store/held-statuses.ts`). A row is
 * deleted once every change it holds is in its messages' rows; a restart writes what is left.
 * PostgreSQL writes each status into its row with the change and never uses the table. Never edit a
 * migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('status_journal')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('writes', 'text', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('status_journal').execute();
}
