/**
 * Frozen: while Meta upgrades a number's throughput to 1,000 messages a second the account is in
 * maintenance mode for up to a minute (sends fail with 131057); `maintenance_until` is when that
 * ends (milliseconds), null otherwise. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_numbers').addColumn('maintenance_until', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_numbers').dropColumn('maintenance_until').execute();
}
