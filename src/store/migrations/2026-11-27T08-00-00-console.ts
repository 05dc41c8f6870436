/**
 * Frozen: people and access for the console (users, sessions, invitations, API keys, the append-only
 * audit log), each message's status history and the webhooks it caused, and the indexes the message
 * log pages by. Never edit a migration that has shipped.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('email', 'varchar(320)', (column) => column.notNull().unique())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('role', 'varchar(16)', (column) => column.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('password_set_by', 'varchar(16)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('removed_at', 'bigint')
    .execute();
  await db.schema.createIndex('users_business').on('users').columns(['business_id', 'created_at']).execute();
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('id', 'varchar(32)', (column) => column.notNull().unique())
    .addColumn('user_id', 'varchar(32)')
    .addColumn('csrf_token', 'varchar(64)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema
    .createTable('invitations')
    .addColumn('token_hash', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('id', 'varchar(32)', (column) => column.notNull().unique())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('email', 'varchar(320)', (column) => column.notNull())
    .addColumn('role', 'varchar(16)', (column) => column.notNull())
    .addColumn('invited_by', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('invitations_business').on('invitations').columns(['business_id', 'created_at']).execute();
  await db.schema
    .createTable('api_keys')
    .addColumn('key_hash', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('id', 'varchar(32)', (column) => column.notNull().unique())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('role', 'varchar(16)', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('hint', 'varchar(16)', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_business').on('api_keys').columns(['business_id', 'created_at']).execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)')
    .addColumn('actor_kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('actor_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('actor_label', 'text', (column) => column.notNull())
    .addColumn('action', 'varchar(128)', (column) => column.notNull())
    .addColumn('target', 'text', (column) => column.notNull())
    .addColumn('status', 'integer', (column) => column.notNull())
    .addColumn('details', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('audit_log_business').on('audit_log').columns(['business_id', 'key']).execute();
  // Append-only in the database itself, not only by convention: UPDATE and DELETE are refused.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
  await db.schema
    .createTable('message_statuses')
    .addColumn('message_key', 'varchar(32)', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('message_statuses_pk', ['message_key', 'status'])
    .execute();
  await db.schema.alterTable('outbox').addColumn('message_key', 'varchar(32)').execute();
  await db.schema.createIndex('outbox_message').on('outbox').columns(['message_key']).where(sql.ref('message_key'), 'is not', null).execute();
  // The message log pages newest first by key, within a business or a number.
  await db.schema.createIndex('messages_business').on('messages').columns(['business_id', 'key']).execute();
  await db.schema.createIndex('messages_number').on('messages').columns(['phone_number_id', 'key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_number').execute();
  await db.schema.dropIndex('messages_business').execute();
  await db.schema.dropIndex('outbox_message').execute();
  await db.schema.alterTable('outbox').dropColumn('message_key').execute();
  await db.schema.dropTable('message_statuses').execute();
  await db.schema.dropTable('audit_log').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function if exists audit_log_append_only()`.execute(db);
  for (const table of ['api_keys', 'invitations', 'sessions', 'users']) await db.schema.dropTable(table).execute();
}
