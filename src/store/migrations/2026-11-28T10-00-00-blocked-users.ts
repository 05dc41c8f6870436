/**
 * Frozen: each business number's blocklist (the Block Users API), one row per blocked user, read in
 * wa_id order for the Graph API's pages. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('blocked_users')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('blocked_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('blocked_users_pk', ['phone_number_id', 'wa_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('blocked_users').execute();
}
