/**
 * Frozen: the CRM's contacts (with tags, history, imports and number checks), the opt-in ledger
 * with each number's current consent, opt-in links, and the sends that carried an identity hash.
 * Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(20)', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    // Lower-case ASCII words of the name: what a name search matches the start of.
    .addColumn('search_name', 'varchar(256)', (column) => column.notNull())
    .addColumn('attributes', 'text', (column) => column.notNull())
    .addColumn('tags', 'text', (column) => column.notNull())
    .addColumn('verification', 'varchar(16)', (column) => column.notNull())
    .addColumn('verified_at', 'bigint')
    .addColumn('identity_hash', 'varchar(64)')
    .addColumn('pending_identity_hash', 'varchar(64)')
    .addColumn('identity_changed_at', 'bigint')
    .addColumn('source', 'varchar(64)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  // One contact per number and business; also the index of number-prefix searches.
  await db.schema.createIndex('contacts_number').on('contacts').columns(['business_id', 'wa_id']).unique().execute();
  await db.schema.createIndex('contacts_name').on('contacts').columns(['business_id', 'search_name', 'id']).execute();
  await db.schema
    .createTable('contact_tags')
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('tag', 'varchar(64)', (column) => column.notNull())
    .addColumn('contact_id', 'varchar(32)', (column) => column.notNull())
    .addPrimaryKeyConstraint('contact_tags_pk', ['business_id', 'tag', 'contact_id'])
    .execute();
  await db.schema
    .createTable('contact_events')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('contact_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('kind', 'varchar(32)', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('contact_events_contact').on('contact_events').columns(['contact_id', 'key']).execute();
  await db.schema
    .createTable('contact_imports')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('options', 'text', (column) => column.notNull())
    .addColumn('file_name', 'text')
    .addColumn('encoding', 'varchar(32)')
    .addColumn('delimiter', 'varchar(8)')
    .addColumn('bytes_read', 'bigint', (column) => column.notNull())
    .addColumn('rows_read', 'integer', (column) => column.notNull())
    .addColumn('created', 'integer', (column) => column.notNull())
    .addColumn('merged', 'integer', (column) => column.notNull())
    .addColumn('unchanged', 'integer', (column) => column.notNull())
    .addColumn('failed', 'integer', (column) => column.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('contact_imports_business').on('contact_imports').columns(['business_id', 'id']).execute();
  await db.schema
    .createTable('contact_import_errors')
    .addColumn('import_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('row_number', 'integer', (column) => column.notNull())
    .addColumn('code', 'varchar(32)', (column) => column.notNull())
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('input', 'text', (column) => column.notNull())
    .addColumn('raw', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('contact_import_errors_pk', ['import_id', 'row_number'])
    .execute();
  await db.schema
    .createTable('number_checks')
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(20)', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('checked_at', 'bigint', (column) => column.notNull())
    .addColumn('messaged_at', 'bigint')
    .addPrimaryKeyConstraint('number_checks_pk', ['business_id', 'wa_id'])
    .execute();
  await db.schema.createIndex('number_checks_recent').on('number_checks').columns(['business_id', 'checked_at']).execute();
  await db.schema
    .createTable('opt_in_ledger')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(20)', (column) => column.notNull())
    .addColumn('category', 'varchar(16)', (column) => column.notNull())
    .addColumn('action', 'varchar(16)', (column) => column.notNull())
    .addColumn('source', 'varchar(32)', (column) => column.notNull())
    .addColumn('consent_text', 'text', (column) => column.notNull())
    .addColumn('proof', 'text', (column) => column.notNull())
    .addColumn('recorded_at', 'bigint', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('opt_in_ledger_number').on('opt_in_ledger').columns(['business_id', 'wa_id', 'key']).execute();
  await db.schema.createIndex('opt_in_ledger_business').on('opt_in_ledger').columns(['business_id', 'key']).execute();
  await db.schema
    .createTable('consent_states')
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(20)', (column) => column.notNull())
    .addColumn('category', 'varchar(16)', (column) => column.notNull())
    .addColumn('action', 'varchar(16)', (column) => column.notNull())
    .addColumn('entry_key', 'varchar(32)', (column) => column.notNull())
    .addColumn('recorded_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('consent_states_pk', ['business_id', 'wa_id', 'category'])
    .execute();
  await db.schema
    .createTable('opt_in_links')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('token', 'varchar(32)', (column) => column.notNull().unique())
    .addColumn('categories', 'text', (column) => column.notNull())
    .addColumn('source', 'varchar(32)', (column) => column.notNull())
    .addColumn('consent_text', 'text', (column) => column.notNull())
    .addColumn('prefilled_text', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('identity_checked_sends')
    .addColumn('message_key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('hash', 'varchar(64)', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['identity_checked_sends', 'opt_in_links', 'consent_states', 'opt_in_ledger', 'number_checks', 'contact_import_errors', 'contact_imports', 'contact_events', 'contact_tags', 'contacts']) {
    await db.schema.dropTable(table).execute();
  }
}
