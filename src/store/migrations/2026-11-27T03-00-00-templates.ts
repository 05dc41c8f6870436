/**
 * Frozen: message templates (whole rows, JSON components), the mark that a WABA received Meta's
 * sample templates, and users' feedback events (blocks, reports, opt-outs, replies, reads). Never
 * edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('templates')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('name', 'varchar(512)', (column) => column.notNull())
    .addColumn('language', 'varchar(16)', (column) => column.notNull())
    .addColumn('category', 'varchar(24)', (column) => column.notNull())
    .addColumn('parameter_format', 'varchar(16)', (column) => column.notNull())
    .addColumn('components', 'text', (column) => column.notNull())
    .addColumn('sub_category', 'varchar(64)')
    .addColumn('message_send_ttl_seconds', 'integer')
    .addColumn('status', 'varchar(24)', (column) => column.notNull())
    .addColumn('rejected_reason', 'varchar(32)')
    .addColumn('previous_category', 'varchar(24)')
    .addColumn('correct_category', 'varchar(24)')
    .addColumn('category_update_at', 'bigint')
    .addColumn('quality', 'varchar(16)', (column) => column.notNull())
    .addColumn('quality_updated_at', 'bigint')
    .addColumn('quality_since', 'bigint', (column) => column.notNull())
    .addColumn('flagged_at', 'bigint')
    .addColumn('paused_until', 'bigint')
    .addColumn('pause_count', 'integer', (column) => column.notNull())
    .addColumn('edits', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('templates_waba_name').on('templates').columns(['waba_id', 'name', 'language']).execute();
  await db.schema.createIndex('templates_waba_created').on('templates').columns(['waba_id', 'created_at', 'id']).execute();
  await db.schema
    .createTable('template_samples')
    .addColumn('waba_id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('seeded_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('user_feedback')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('kind', 'varchar(24)', (column) => column.notNull())
    .addColumn('message_key', 'varchar(32)')
    .addColumn('template_id', 'varchar(32)')
    .addColumn('category', 'varchar(24)')
    .addColumn('at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('user_feedback_template').on('user_feedback').columns(['template_id', 'at']).execute();
  await db.schema.createIndex('user_feedback_number').on('user_feedback').columns(['phone_number_id', 'at']).execute();
  await db.schema.createIndex('user_feedback_user').on('user_feedback').columns(['wa_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_feedback').execute();
  await db.schema.dropTable('template_samples').execute();
  await db.schema.dropTable('templates').execute();
}
