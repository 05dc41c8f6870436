import type { Kysely } from 'kysely';
import { noRealism, webhookRealismChosen, type WebhookRealism, type WebhookRealismSettings } from '../../core/webhooks/index.js';
import type { Database } from '../schema.js';
import { TtlCache } from '../ttl-cache.js';
import { unitWriter } from '../unit-writers.js';

/** Stores an app's switches; the last change of an app in a batch wins. */
export const webhookRealismWriter = unitWriter(webhookRealismChosen, async (trx, changes) => {
  const latest = new Map(changes.map((change) => [change.appId, change]));
  for (const { appId, realism, at } of latest.values()) {
    const values = { batching: Number(realism.batching), duplicates: Number(realism.duplicates), out_of_order: Number(realism.outOfOrder), updated_at: at };
    await trx
      .insertInto('app_webhook_realism')
      .values({ app_id: appId, ...values })
      .onConflict((conflict) => conflict.column('app_id').doUpdateSet(values))
      .execute();
  }
});

/**
 * Each app's webhook realism switches. The dispatcher asks for them on every read of due webhooks,
 * so answers are kept for `ttlMs`; a change made through this process is seen at once.
 */
export class KyselyWebhookRealismRepository implements WebhookRealismSettings {
  readonly #db: Kysely<Database>;
  readonly #cache: TtlCache<WebhookRealism>;

  constructor(db: Kysely<Database>, ttlMs = 1_000) {
    this.#db = db;
    this.#cache = new TtlCache(ttlMs);
  }

  async of(appId: string): Promise<WebhookRealism> {
    const remembered = this.#cache.get(appId);
    if (remembered !== undefined) return remembered.value;
    const row = await this.#db.selectFrom('app_webhook_realism').selectAll().where('app_id', '=', appId).executeTakeFirst();
    const realism = row === undefined ? noRealism : { batching: row.batching === 1, duplicates: row.duplicates === 1, outOfOrder: row.out_of_order === 1 };
    this.remember(appId, realism);
    return realism;
  }

  remember(appId: string, realism: WebhookRealism): void {
    this.#cache.set(appId, realism);
  }
}
