/**
 * Frozen: what every module builds on. Timers get a subject (one pending timer per kind and
 * subject), the admin notification feed, per-business settings (policy profiles and switches), and
 * simulated users get traits (behaviour, identity, preferences) as a JSON document, and messages their
 * pricing category. Never edit a
 * migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('timers').addColumn('subject', 'varchar(128)', (column) => column.notNull().defaultTo('')).execute();
  await db.schema.createIndex('timers_subject').on('timers').columns(['kind', 'subject']).execute();
  await db.schema
    .createTable('notifications')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)')
    .addColumn('phone_number_id', 'varchar(32)')
    .addColumn('kind', 'varchar(64)', (column) => column.notNull())
    .addColumn('severity', 'varchar(16)', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema.createIndex('notifications_business').on('notifications').columns(['business_id', 'key']).execute();
  await db.schema
    .createTable('business_settings')
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('name', 'varchar(64)', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('business_settings_pk', ['business_id', 'name'])
    .execute();
  await db.schema.alterTable('sim_users').addColumn('traits', 'text', (column) => column.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('messages').addColumn('category', 'varchar(24)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('category').execute();
  await db.schema.alterTable('sim_users').dropColumn('traits').execute();
  await db.schema.dropTable('business_settings').execute();
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropIndex('timers_subject').execute();
  await db.schema.alterTable('timers').dropColumn('subject').execute();
}
