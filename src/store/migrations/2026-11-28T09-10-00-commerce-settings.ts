/**
 * Frozen: each phone number's commerce settings (cart on or off, catalog shown or hidden); a number
 * without a row has both on. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commerce_settings')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('is_cart_enabled', 'integer', (column) => column.notNull())
    .addColumn('is_catalog_visible', 'integer', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('commerce_settings').execute();
}
