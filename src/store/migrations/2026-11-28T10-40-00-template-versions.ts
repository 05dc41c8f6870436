/**
 * Frozen: each template's history (`template_versions`), appended on create, on every edit and on
 * every status decision, with the content at that moment and who made the change. Templates that
 * exist already get one entry holding their content as it stands, so that no history starts empty.
 * Never edit a migration that has shipped.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('template_versions')
    .addColumn('template_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('key', 'varchar(20)', (column) => column.notNull())
    .addColumn('business_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('waba_id', 'varchar(32)', (column) => column.notNull())
    .addColumn('event', 'varchar(16)', (column) => column.notNull())
    .addColumn('category', 'varchar(24)', (column) => column.notNull())
    .addColumn('language', 'varchar(16)', (column) => column.notNull())
    .addColumn('components', 'text', (column) => column.notNull())
    .addColumn('status', 'varchar(24)', (column) => column.notNull())
    .addColumn('rejected_reason', 'varchar(32)')
    .addColumn('note', 'text')
    .addColumn('author_kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('author_id', 'varchar(64)', (column) => column.notNull())
    .addColumn('author_label', 'varchar(255)', (column) => column.notNull())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('template_versions_pk', ['template_id', 'key'])
    .execute();
  // Keys are 20 hex digits: the millisecond (12), then a sequence and noise, zero for these first entries.
  const templates = await sql<{ id: string; business_id: string; waba_id: string; category: string; language: string; components: string; status: string; rejected_reason: string | null; created_at: number | string }>`
    select id, business_id, waba_id, category, language, components, status, rejected_reason, created_at from templates where status <> 'DELETED'`.execute(db);
  for (const row of templates.rows) {
    const at = Number(row.created_at);
    const key = `${Math.max(0, at).toString(16).padStart(12, '0').toUpperCase()}00000000`;
    await sql`insert into template_versions (template_id, key, business_id, waba_id, event, category, language, components, status, rejected_reason, note, author_kind, author_id, author_label, at)
      values (${row.id}, ${key}, ${row.business_id}, ${row.waba_id}, 'CREATED', ${row.category}, ${row.language}, ${row.components}, ${row.status}, ${row.rejected_reason}, ${'Kabar began keeping the history here: the content and status as they stood then.'}, 'kabar', 'history', 'history began', ${at})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('template_versions').execute();
}
