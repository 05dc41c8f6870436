/**
 * Frozen: a status changes one row. Each status's time is kept on its message (`sent_at`,
 * `delivered_at`, `read_at`, `failed_at`), filled from `message_statuses`, which is dropped. The
 * analytics counts of outbound messages are kept per WABA, half hour of creation, number and country
 * in `message_count_buckets` (filled from the messages), and `messages_analytics`, whose entry moved
 * with every status, is dropped. Never edit a migration that has shipped.
 */
import { sql, type Kysely } from 'kysely';

const timed = ['sent', 'delivered', 'read', 'failed'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const status of timed) await db.schema.alterTable('messages').addColumn(`${status}_at`, 'bigint').execute();
  for (const status of timed) {
    await sql`update messages set ${sql.ref(`${status}_at`)} = (select at from message_statuses where message_key = messages.key and status = ${status})
      where key in (select message_key from message_statuses where status = ${status})`.execute(db);
  }
  await db.schema.dropTable('message_statuses').execute();
  await db.schema
    .createTable('message_count_buckets')
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('bucket_start', 'bigint', (column) => column.notNull())
    .addColumn('phone_number_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('country', 'varchar(2)', (column) => column.notNull())
    .addColumn('sent', 'bigint', (column) => column.notNull())
    .addColumn('delivered', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('message_count_buckets_pk', ['waba_id', 'bucket_start', 'phone_number_id', 'country'])
    .execute();
  await sql`insert into message_count_buckets (waba_id, bucket_start, phone_number_id, country, sent, delivered)
    select waba_id, (created_at / 1800000) * 1800000, phone_number_id, coalesce(country, ''),
      sum(case when status in ('sent', 'delivered', 'read') then 1 else 0 end), sum(case when status in ('delivered', 'read') then 1 else 0 end)
    from messages where direction = 'outbound'
    group by waba_id, (created_at / 1800000) * 1800000, phone_number_id, coalesce(country, '')`.execute(db);
  await db.schema.dropIndex('messages_analytics').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('messages_analytics').on('messages').columns(['waba_id', 'direction', 'status', 'created_at', 'phone_number_id', 'country']).execute();
  await db.schema.dropTable('message_count_buckets').execute();
  await db.schema
    .createTable('message_statuses')
    .addColumn('message_key', 'varchar(32)', (column) => column.notNull())
    .addColumn('status', 'varchar(16)', (column) => column.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('message_statuses_pk', ['message_key', 'status'])
    .execute();
  for (const status of timed) {
    const errorCode = status === 'failed' ? sql`error_code` : sql`null`;
    await sql`insert into message_statuses (message_key, status, error_code, at)
      select key, ${status}, ${errorCode}, ${sql.ref(`${status}_at`)} from messages where ${sql.ref(`${status}_at`)} is not null`.execute(db);
  }
  for (const status of timed) await db.schema.alterTable('messages').dropColumn(`${status}_at`).execute();
}
