/**
 * Frozen: onboarding. Businesses gain their signup mode and verification outcome; phone numbers gain
 * the two-step PIN, the pending display-name change, the Commerce Policy review, the green tick and
 * the registration details; new tables hold verification codes (the simulator's inbox), register and
 * deregister calls, wrong PIN guesses, every number status transition with its cause, the reviews,
 * business profiles and the answers of idempotent admin requests. Never edit a migration that has
 * shipped. Imports no application code.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('businesses').addColumn('signup_mode', 'varchar(16)', (column) => column.notNull().defaultTo('express')).execute();
  await db.schema.alterTable('businesses').addColumn('email', 'text').execute();
  await db.schema.alterTable('businesses').addColumn('verification_reason', 'text').execute();
  await db.schema.alterTable('businesses').addColumn('verified_at', 'bigint').execute();

  await db.schema.alterTable('phone_numbers').addColumn('new_verified_name', 'text').execute();
  await db.schema.alterTable('phone_numbers').addColumn('new_name_status', 'varchar(32)', (column) => column.notNull().defaultTo('NONE')).execute();
  await db.schema.alterTable('phone_numbers').addColumn('pin_hash', 'varchar(64)').execute();
  // Numbers provisioned before onboarding existed went live without a review: they count as passed.
  await db.schema.alterTable('phone_numbers').addColumn('commerce_review', 'varchar(16)', (column) => column.notNull().defaultTo('passed')).execute();
  await db.schema.alterTable('phone_numbers').addColumn('is_official_business_account', 'integer', (column) => column.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('phone_numbers').addColumn('migrated_from', 'varchar(16)').execute();
  await db.schema.alterTable('phone_numbers').addColumn('data_localization_region', 'varchar(2)').execute();
  await db.schema.alterTable('phone_numbers').addColumn('last_onboarded_at', 'bigint').execute();
  await sql`update phone_numbers set last_onboarded_at = created_at where registered = 1`.execute(db);
  await db.schema.createIndex('phone_numbers_business').on('phone_numbers').columns(['business_id', 'created_at']).execute();

  await db.schema
    .createTable('verification_codes')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('phone_number', 'varchar(20)', (column) => column.notNull())
    .addColumn('code', 'varchar(8)', (column) => column.notNull())
    .addColumn('method', 'varchar(8)', (column) => column.notNull())
    .addColumn('language', 'varchar(16)', (column) => column.notNull())
    .addColumn('delivered', 'integer', (column) => column.notNull())
    .addColumn('sent_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('verification_codes_number').on('verification_codes').columns(['phone_number_id', 'key']).execute();
  await db.schema.createIndex('verification_codes_digits').on('verification_codes').columns(['phone_number', 'key']).execute();

  await db.schema
    .createTable('registration_calls')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('action', 'varchar(16)', (column) => column.notNull())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('registration_calls_number').on('registration_calls').columns(['phone_number_id', 'at']).execute();

  await db.schema
    .createTable('pin_guesses')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('pin_guesses_number').on('pin_guesses').columns(['phone_number_id', 'at']).execute();

  await db.schema
    .createTable('number_status_changes')
    .addColumn('key', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('from_status', 'varchar(16)', (column) => column.notNull())
    .addColumn('to_status', 'varchar(16)', (column) => column.notNull())
    .addColumn('event', 'varchar(48)', (column) => column.notNull())
    .addColumn('cause', 'text', (column) => column.notNull())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('number_status_changes_number').on('number_status_changes').columns(['phone_number_id', 'key']).execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('kind', 'varchar(48)', (column) => column.notNull())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)')
    .addColumn('phone_number_id', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('requested_at', 'bigint', (column) => column.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'varchar(16)')
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('reviews_status').on('reviews').columns(['status', 'id']).execute();
  await db.schema.createIndex('reviews_subject').on('reviews').columns(['kind', 'business_id', 'phone_number_id']).execute();

  await db.schema
    .createTable('business_profiles')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.primaryKey())
    .addColumn('about', 'text', (column) => column.notNull())
    .addColumn('address', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('websites', 'text', (column) => column.notNull())
    .addColumn('vertical', 'varchar(32)', (column) => column.notNull())
    .addColumn('profile_picture_handle', 'text')
    .addColumn('profile_picture_url', 'text')
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('idempotent_requests')
    .addColumn('scope', 'varchar(255)', (column) => column.notNull())
    .addColumn('key', 'varchar(255)', (column) => column.notNull())
    .addColumn('fingerprint', 'varchar(64)', (column) => column.notNull())
    .addColumn('status_code', 'integer', (column) => column.notNull())
    .addColumn('response', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('idempotent_requests_pk', ['scope', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotent_requests', 'business_profiles', 'reviews', 'number_status_changes', 'pin_guesses', 'registration_calls', 'verification_codes']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('phone_numbers_business').execute();
  for (const column of ['last_onboarded_at', 'data_localization_region', 'migrated_from', 'is_official_business_account', 'commerce_review', 'pin_hash', 'new_name_status', 'new_verified_name']) {
    await db.schema.alterTable('phone_numbers').dropColumn(column).execute();
  }
  for (const column of ['verified_at', 'verification_reason', 'email', 'signup_mode']) {
    await db.schema.alterTable('businesses').dropColumn(column).execute();
  }
}
