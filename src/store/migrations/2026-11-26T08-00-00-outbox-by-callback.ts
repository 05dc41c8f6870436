/**
 * Frozen: the dispatcher reads the outbox callback by callback. Never edit a migration that has
 * shipped; add a new one. Imports no application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One seek per callback finds the callbacks with pending rows, and one more a callback's oldest due rows.
  await db.schema.createIndex('outbox_callback_due').on('outbox').columns(['status', 'url', 'next_attempt_at', 'key']).execute();
  // Replaced by outbox_callback_due: the dispatcher no longer reads the whole outbox in due order.
  await db.schema.dropIndex('outbox_due').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at', 'key']).execute();
  await db.schema.dropIndex('outbox_callback_due').execute();
}
