import type { Kysely } from 'kysely';
import type { TimerKind, TimerRecord } from '../../core/shared/index.js';
import type { Database } from '../schema.js';

export class KyselyTimersRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Timers due at `now`, in time order. */
  async due(now: number, limit: number): Promise<TimerRecord[]> {
    const rows = await this.#db.selectFrom('timers').selectAll().where('due_at', '<=', now).orderBy('due_at').orderBy('key').limit(limit).execute();
    return rows.map((row) => ({ key: row.key, dueAt: row.due_at, kind: row.kind as TimerKind, payload: row.payload }));
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.#db.selectFrom('timers').select('due_at').orderBy('due_at').limit(1).executeTakeFirst();
    return row?.due_at;
  }

  async count(): Promise<number> {
    const row = await this.#db.selectFrom('timers').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
