/**
 * Frozen: sessions of the Resumable Upload API (`POST /{app-id}/uploads`, `POST upload:<id>`), with
 * the storage keys of the parts received. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upload_sessions')
    .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('app_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('file_name', 'varchar(255)', (column) => column.notNull())
    .addColumn('file_length', 'bigint', (column) => column.notNull())
    .addColumn('file_type', 'varchar(64)', (column) => column.notNull())
    .addColumn('file_offset', 'bigint', (column) => column.notNull())
    .addColumn('parts', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('upload_sessions').execute();
}
