/**
 * Frozen: each phone number's throughput level (`STANDARD` 80 messages a second, `HIGH` 1,000,
 * `UNLIMITED` for load tests); existing numbers start at `STANDARD`. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_numbers').addColumn('throughput_level', 'varchar(16)', (column) => column.notNull().defaultTo('STANDARD')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_numbers').dropColumn('throughput_level').execute();
}
