/**
 * Frozen: each customer message to a number and when the number answered it (null: not yet), from
 * which the quality model's time to answer is rebuilt at start. Never edit a migration that has shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('answer_times')
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('wa_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('asked_at', 'bigint', (column) => column.notNull())
    .addColumn('answered_at', 'bigint')
    .execute();
  await db.schema.createIndex('answer_times_waiting').on('answer_times').columns(['phone_number_id', 'wa_id', 'answered_at']).execute();
  await db.schema.createIndex('answer_times_asked_at').on('answer_times').columns(['asked_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('answer_times').execute();
}
