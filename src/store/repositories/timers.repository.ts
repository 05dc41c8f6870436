import type { Kysely } from 'kysely';
import type { Timer } from '../../core/shared/index.js';
import type { Database } from '../schema.js';

/** Pending durable timers; they are written and removed through units of work (see unit-writers). */
export class KyselyTimersRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Timers due at `now`, oldest first. */
  async due(now: number, limit: number): Promise<Timer[]> {
    const rows = await this.#db.selectFrom('timers').selectAll().where('due_at', '<=', now).orderBy('due_at').orderBy('key').limit(limit).execute();
    return rows.map((row) => ({ key: row.key, dueAt: row.due_at, kind: row.kind, subject: row.subject, payload: JSON.parse(row.payload) as unknown }));
  }

  /** When the next timer falls due, if any does. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.#db.selectFrom('timers').select('due_at').orderBy('due_at').limit(1).executeTakeFirst();
    return row?.due_at;
  }

  async pending(filter: { readonly kind?: string; readonly subject?: string } = {}): Promise<Timer[]> {
    let query = this.#db.selectFrom('timers').selectAll();
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
    const rows = await query.orderBy('due_at').orderBy('key').limit(1_000).execute();
    return rows.map((row) => ({ key: row.key, dueAt: row.due_at, kind: row.kind, subject: row.subject, payload: JSON.parse(row.payload) as unknown }));
  }
}
