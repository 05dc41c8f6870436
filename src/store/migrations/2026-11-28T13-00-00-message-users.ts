/**
 * Frozen: a user's messages are found through `message_users` (`wa_id`, `key`), a table of its own,
 * in place of the `messages_user` index. On PostgreSQL each message's entry is written with the
 * message; on SQLite the entries of the last seconds are held in memory and written together, in
 * key order, so that a user's entries of a second share a page (`src/store/held-user-index.ts`).
 * `message_users_mark` names the last message whose entry is known to be written, so that a
 * restart writes only the entries after it. Never edit a migration that has shipped.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable('message_users')
    .addColumn('wa_id', 'varchar(20)', (column) => column.notNull())
    .addColumn('key', 'varchar(32)', (column) => column.notNull())
    .addPrimaryKeyConstraint('message_users_pk', ['wa_id', 'key']);
  // SQLite keeps the rows in the primary key's own B-tree, as an index would.
  if (!postgres) table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  await db.schema
    .createTable('message_users_mark')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('message_rowid', 'bigint', (column) => column.notNull())
    .addColumn('message_key', 'varchar(32)', (column) => column.notNull())
    .execute();
  await sql`insert into message_users (wa_id, key) select wa_id, key from messages`.execute(db);
  if (!postgres) {
    await sql`insert into message_users_mark (id, message_rowid, message_key) select 1, rowid, key from messages order by rowid desc limit 1`.execute(db);
  }
  await db.schema.dropIndex('messages_user').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('messages_user').on('messages').columns(['wa_id', 'key']).execute();
  await db.schema.dropTable('message_users_mark').execute();
  await db.schema.dropTable('message_users').execute();
}
