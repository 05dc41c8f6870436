/**
 * Frozen: accounts, messages, windows, timers, outbox and simulator users. Never edit a migration
 * that has shipped; add a new one. Imports no application code.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('businesses')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('verification_status', 'varchar(16)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('wabas')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull().references('businesses.id'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('currency', 'varchar(3)', (column) => column.notNull())
    .addColumn('timezone_id', 'varchar(16)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('phone_numbers')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull().references('wabas.id'))
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull().references('businesses.id'))
    .addColumn('phone_number', 'varchar(20)', (column) => column.notNull().unique())
    .addColumn('verified_name', 'text', (column) => column.notNull())
    .addColumn('quality_rating', 'varchar(16)', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('code_verification_status', 'varchar(16)', (column) => column.notNull())
    .addColumn('name_status', 'varchar(32)', (column) => column.notNull())
    .addColumn('messaging_limit_tier', 'varchar(16)', (column) => column.notNull())
    .addColumn('registered', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('phone_numbers_waba').on('phone_numbers').columns(['waba_id', 'created_at']).execute();
  await db.schema
    .createTable('apps')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull().references('businesses.id'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('secret', 'text', (column) => column.notNull())
    .addColumn('callback_url', 'text')
    .addColumn('verify_token', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('access_tokens')
    .addColumn('token_hash', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('id', 'varchar(32)', (column) => column.notNull().unique())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull().references('businesses.id'))
    .addColumn('app_id', 'varchar(32)', (column) => column.notNull().references('apps.id'))
    .addColumn('permissions', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createTable('waba_subscriptions')
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull().references('wabas.id'))
    .addColumn('app_id', 'varchar(32)', (column) => column.notNull().references('apps.id'))
    .addColumn('override_callback_uri', 'text')
    .addColumn('verify_token', 'text')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('waba_subscriptions_pk', ['waba_id', 'app_id'])
    .execute();
  await db.schema
    .createTable('messages')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('direction', 'varchar(8)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(20)', (column) => column.notNull())
    .addColumn('type', 'varchar(16)', (column) => column.notNull())
    .addColumn('content', 'text', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('context_key', 'varchar(32)')
    .addColumn('biz_opaque_callback_data', 'text')
    .addColumn('idempotency_key', 'varchar(255)')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  // Partial: only the sends that carried an Idempotency-Key pay for this index.
  await db.schema
    .createIndex('messages_idempotency')
    .on('messages')
    .columns(['phone_number_id', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
  await db.schema.createIndex('messages_user').on('messages').columns(['wa_id', 'key']).execute();
  await db.schema
    .createTable('customer_windows')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(20)', (column) => column.notNull())
    .addColumn('last_inbound_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('customer_windows_pk', ['phone_number_id', 'wa_id'])
    .execute();
  await db.schema
    .createTable('timers')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('due_at', 'bigint', (column) => column.notNull())
    .addColumn('kind', 'varchar(32)', (column) => column.notNull())
    .addColumn('payload', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('timers_due').on('timers').columns(['due_at', 'key']).execute();
  await db.schema
    .createTable('outbox')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('app_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull())
    .addColumn('next_attempt_at', 'bigint', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute();
  // Matches the dispatcher's `status = 'pending' ORDER BY next_attempt_at, key`, so a backlog is never sorted.
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at', 'key']).execute();
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('outbox_key', 'varchar(32)', (column) => column.notNull())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('attempt', 'integer', (column) => column.notNull())
    .addColumn('attempted_at', 'bigint', (column) => column.notNull())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_outbox').on('webhook_attempts').columns(['outbox_key', 'attempt']).execute();
  await db.schema
    .createTable('sim_users')
    .addColumn('wa_id', 'varchar(20)', (column) => column.primaryKey())
    .addColumn('profile_name', 'text', (column) => column.notNull())
    .addColumn('on_whatsapp', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['settings', 'sim_users', 'webhook_attempts', 'outbox', 'timers', 'customer_windows', 'messages', 'waba_subscriptions', 'access_tokens', 'apps', 'phone_numbers', 'wabas', 'businesses']) {
    await db.schema.dropTable(table).execute();
  }
}
