/**
 * Frozen: each phone number's business compliance information for India (entity, grievance officer,
 * customer care) as one JSON document; a number without a row has none. Never edit a migration
 * that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_compliance_info')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('details', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('business_compliance_info').execute();
}
