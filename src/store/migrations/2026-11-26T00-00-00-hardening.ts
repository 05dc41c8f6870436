/**
 * Frozen: the fingerprint of a request that carried an idempotency key, and the dead letters that
 * workers set aside instead of retrying forever. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('request_fingerprint', 'varchar(64)').execute();
  await db.schema
    .createTable('dead_letters')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('kind', 'varchar(32)', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('payload', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dead_letters').execute();
  await db.schema.alterTable('messages').dropColumn('request_fingerprint').execute();
}
