/**
 * Frozen: finished outbox rows carry the time they finished, so that they can be pruned after their
 * retention. Never edit a migration that has shipped; add a new one. Imports no application code.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('finished_at', 'bigint').execute();
  // Rows that finished before this migration: delivered ones at their delivery, dead ones at their last attempt.
  await sql`
    update outbox set finished_at = coalesce(
      delivered_at,
      (select max(attempts.attempted_at) from webhook_attempts attempts where attempts.outbox_key = outbox.key),
      created_at)
    where status <> 'pending'`.execute(db);
  // The pruner's range, without the pending rows (finished_at stays null until a row finishes).
  await db.schema.createIndex('outbox_finished').on('outbox').column('finished_at').where(sql.ref('finished_at'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_finished').execute();
  await db.schema.alterTable('outbox').dropColumn('finished_at').execute();
}
