import type { Kysely } from 'kysely';
import type { BusinessSettings } from '../../core/policy/index.js';
import type { Database } from '../schema.js';

interface Remembered {
  readonly value: unknown;
  readonly until: number;
}

/**
 * Per-business settings as JSON documents by name. Read on hot paths (a send reads the policy in
 * force), so values are kept for `ttlMs`; a write through this process is seen at once.
 */
export class KyselyBusinessSettingsRepository implements BusinessSettings {
  readonly #db: Kysely<Database>;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, Remembered>();

  constructor(db: Kysely<Database>, ttlMs = 1_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  async get<Value>(businessId: string, name: string): Promise<Value | undefined> {
    const cacheKey = `${businessId}|${name}`;
    const remembered = this.#cache.get(cacheKey);
    if (remembered !== undefined && remembered.until > performance.now()) return remembered.value as Value | undefined;
    const row = await this.#db.selectFrom('business_settings').select('value').where('business_id', '=', businessId).where('name', '=', name).executeTakeFirst();
    const value = row === undefined ? undefined : (JSON.parse(row.value) as Value);
    if (this.#cache.size >= 10_000) this.#cache.clear();
    this.#cache.set(cacheKey, { value, until: performance.now() + this.#ttlMs });
    return value;
  }

  async put(businessId: string, name: string, value: unknown, now: number): Promise<void> {
    const text = JSON.stringify(value);
    await this.#db
      .insertInto('business_settings')
      .values({ business_id: businessId, name, value: text, updated_at: now })
      .onConflict((conflict) => conflict.columns(['business_id', 'name']).doUpdateSet({ value: text, updated_at: now }))
      .execute();
    this.#cache.set(`${businessId}|${name}`, { value: JSON.parse(text) as unknown, until: performance.now() + this.#ttlMs });
  }
}
