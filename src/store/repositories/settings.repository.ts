import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Small JSON documents kept by key: the demo ids, the simulator clock. */
export class KyselySettingsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get<Value>(key: string): Promise<Value | undefined> {
    const row = await this.#db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.value) as Value);
  }

  async put(key: string, value: unknown, now: number): Promise<void> {
    const text = JSON.stringify(value);
    await this.#db
      .insertInto('settings')
      .values({ key, value: text, updated_at: now })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: text, updated_at: now }))
      .execute();
  }
}
