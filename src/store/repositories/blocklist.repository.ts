import type { Kysely } from 'kysely';
import { blocklistChanged, type BlocklistChange, type BlocklistPage, type BlocklistRepository } from '../../core/blocking/index.js';
import type { Database } from '../schema.js';
import type { Awaitable } from '../../core/shared/index.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

/** Applies each (number, user) pair's last change of the batch: a block is kept once, an unblock deletes. */
export const blocklistWriter: UnitWriter = unitWriter(blocklistChanged, async (trx, changes) => {
  const latest = new Map(changes.map((change) => [`${change.phoneNumberId}|${change.waId}`, change]));
  const blocks = [...latest.values()].filter((change) => change.blocked);
  const unblocks = [...latest.values()].filter((change) => !change.blocked);
  for (const part of chunks(blocks)) {
    await trx
      .insertInto('blocked_users')
      .values(part.map((change) => ({ phone_number_id: change.phoneNumberId, wa_id: change.waId, business_id: change.businessId, blocked_at: change.at })))
      .onConflict((conflict) => conflict.columns(['phone_number_id', 'wa_id']).doNothing())
      .execute();
  }
  const byNumber = new Map<string, string[]>();
  for (const change of unblocks) byNumber.set(change.phoneNumberId, [...(byNumber.get(change.phoneNumberId) ?? []), change.waId]);
  for (const [phoneNumberId, waIds] of byNumber) {
    for (const part of chunks(waIds)) await trx.deleteFrom('blocked_users').where('phone_number_id', '=', phoneNumberId).where('wa_id', 'in', part).execute();
  }
});

interface CachedList {
  readonly waIds: ReadonlySet<string>;
  readonly until: number;
}

/**
 * The blocklists. Every send and every inbound message asks whether its pair is blocked, so each
 * number's list is kept in memory for `ttlMs` of wall time; this process's own commits drop it at
 * once (`forget`), and other nodes on the same PostgreSQL see a change within `ttlMs`.
 */
export class KyselyBlocklistRepository implements BlocklistRepository {
  readonly #db: Kysely<Database>;
  readonly #ttlMs: number;
  readonly #lists = new Map<string, CachedList>();
  /** Bumped by every change of a number's list: a load that started before it is not kept. */
  readonly #versions = new Map<string, number>();

  constructor(db: Kysely<Database>, ttlMs = 1_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  isBlocked(phoneNumberId: string, waId: string): Awaitable<boolean> {
    const cached = this.#lists.get(phoneNumberId);
    if (cached !== undefined && cached.until > performance.now()) return cached.waIds.has(waId);
    return this.#load(phoneNumberId).then((waIds) => waIds.has(waId));
  }

  async #load(phoneNumberId: string): Promise<ReadonlySet<string>> {
    const version = this.#versions.get(phoneNumberId) ?? 0;
    const rows = await this.#db.selectFrom('blocked_users').select('wa_id').where('phone_number_id', '=', phoneNumberId).execute();
    const waIds = new Set(rows.map((row) => row.wa_id));
    if ((this.#versions.get(phoneNumberId) ?? 0) === version) {
      if (this.#lists.size >= 10_000) this.#lists.clear();
      this.#lists.set(phoneNumberId, { waIds, until: performance.now() + this.#ttlMs });
    }
    return waIds;
  }

  /** Told of committed changes: the lists they touch are read again on next use. */
  forget(changes: readonly BlocklistChange[]): void {
    for (const change of changes) {
      this.#lists.delete(change.phoneNumberId);
      this.#versions.set(change.phoneNumberId, (this.#versions.get(change.phoneNumberId) ?? 0) + 1);
    }
  }

  async blockedAmong(phoneNumberId: string, waIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks([...new Set(waIds)], 500)) {
      const rows = await this.#db.selectFrom('blocked_users').select('wa_id').where('phone_number_id', '=', phoneNumberId).where('wa_id', 'in', part).execute();
      for (const row of rows) found.add(row.wa_id);
    }
    return found;
  }

  /** The latest blocks first, with when each was made (the admin view). */
  async latest(phoneNumberId: string, limit: number): Promise<{ readonly waId: string; readonly blockedAt: number }[]> {
    const rows = await this.#db.selectFrom('blocked_users').select(['wa_id', 'blocked_at']).where('phone_number_id', '=', phoneNumberId).orderBy('blocked_at', 'desc').orderBy('wa_id').limit(limit).execute();
    return rows.map((row) => ({ waId: row.wa_id, blockedAt: Number(row.blocked_at) }));
  }

  async count(phoneNumberId: string): Promise<number> {
    const row = await this.#db.selectFrom('blocked_users').select((eb) => eb.fn.countAll<number | string>().as('count')).where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async page(phoneNumberId: string, range: { readonly limit: number; readonly after?: string; readonly before?: string }): Promise<BlocklistPage> {
    const list = this.#db.selectFrom('blocked_users').select('wa_id').where('phone_number_id', '=', phoneNumberId);
    const exists = async (side: '<=' | '>=', waId: string): Promise<boolean> => (await list.where('wa_id', side, waId).limit(1).executeTakeFirst()) !== undefined;
    if (range.before !== undefined) {
      const rows = await list.where('wa_id', '<', range.before).orderBy('wa_id', 'desc').limit(range.limit + 1).execute();
      return { waIds: rows.slice(0, range.limit).map((row) => row.wa_id).reverse(), hasBefore: rows.length > range.limit, hasAfter: await exists('>=', range.before) };
    }
    const from = range.after === undefined ? list : list.where('wa_id', '>', range.after);
    const rows = await from.orderBy('wa_id').limit(range.limit + 1).execute();
    return { waIds: rows.slice(0, range.limit).map((row) => row.wa_id), hasBefore: range.after === undefined ? false : await exists('<=', range.after), hasAfter: rows.length > range.limit };
  }
}
