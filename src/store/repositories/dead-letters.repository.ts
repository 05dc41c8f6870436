import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface DeadLetter {
  readonly key: string;
  /** What kind of work was set aside, e.g. `sim.status`. */
  readonly kind: string;
  /** What it was about, e.g. the message key. */
  readonly subject: string;
  readonly reason: string;
  readonly payload: unknown;
  readonly createdAt: number;
}

/** Work a worker set aside instead of retrying it forever; kept for the operator to read. */
export class KyselyDeadLettersRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(letter: DeadLetter): Promise<void> {
    await this.#db
      .insertInto('dead_letters')
      .values({ key: letter.key, kind: letter.kind, subject: letter.subject, reason: letter.reason, payload: JSON.stringify(letter.payload), created_at: letter.createdAt })
      .execute();
  }

  async list(limit: number): Promise<DeadLetter[]> {
    const rows = await this.#db.selectFrom('dead_letters').selectAll().orderBy('key', 'desc').limit(limit).execute();
    return rows.map((row) => ({ key: row.key, kind: row.kind, subject: row.subject, reason: row.reason, payload: JSON.parse(row.payload) as unknown, createdAt: row.created_at }));
  }
}
