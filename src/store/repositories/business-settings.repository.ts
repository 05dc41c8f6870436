import type { Kysely } from 'kysely';
import type { BusinessSettings } from '../../core/policy/index.js';
import type { Awaitable } from '../../core/shared/index.js';
import type { Database } from '../schema.js';
import { TtlCache } from '../ttl-cache.js';

/**
 * Per-business settings as JSON documents by name. Read on hot paths (a send reads the policy in
 * force, a status its pricing profile), so values are kept for `ttlMs` and answered then without a
 * promise; a write through this process is seen at once.
 */
export class KyselyBusinessSettingsRepository implements BusinessSettings {
  readonly #db: Kysely<Database>;
  readonly #cache: TtlCache<unknown>;

  constructor(db: Kysely<Database>, ttlMs = 1_000) {
    this.#db = db;
    this.#cache = new TtlCache(ttlMs);
  }

  get<Value>(businessId: string, name: string): Awaitable<Value | undefined> {
    const cacheKey = `${businessId}|${name}`;
    const remembered = this.#cache.get(cacheKey);
    return remembered === undefined ? this.#load<Value>(cacheKey, businessId, name) : (remembered.value as Value | undefined);
  }

  async #load<Value>(cacheKey: string, businessId: string, name: string): Promise<Value | undefined> {
    const row = await this.#db.selectFrom('business_settings').select('value').where('business_id', '=', businessId).where('name', '=', name).executeTakeFirst();
    const value = row === undefined ? undefined : (JSON.parse(row.value) as Value);
    this.#cache.set(cacheKey, value);
    return value;
  }

  async put(businessId: string, name: string, value: unknown, now: number): Promise<void> {
    const text = JSON.stringify(value);
    await this.#db
      .insertInto('business_settings')
      .values({ business_id: businessId, name, value: text, updated_at: now })
      .onConflict((conflict) => conflict.columns(['business_id', 'name']).doUpdateSet({ value: text, updated_at: now }))
      .execute();
    this.#cache.set(`${businessId}|${name}`, JSON.parse(text) as unknown);
  }
}
