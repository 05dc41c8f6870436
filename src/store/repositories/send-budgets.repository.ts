import { sql, type Kysely, type OnConflictBuilder, type Selectable } from 'kysely';
import {
  budgetKeys, fitsNumber, marketingWait, messagesPerSecond, pairRate, pairWait, takeFromNumber, takeFromPair, takeInboundFromNumber, withoutDelivery,
  type BudgetEntry, type InboundBudgetRequest, type MarketingBudgetRequest, type MarketingBudgetVerdict, type SendBudgetRequest, type SendBudgetVerdict, type SendBudgets,
} from '../../core/throughput/index.js';
import type { Database, SendBudgetsTable } from '../schema.js';
import { chunks } from '../unit-writers.js';

const taken: SendBudgetVerdict = { ok: true };
const hourMs = 60 * 60 * 1_000;
/** Nothing in a budget outlives a day: a user's marketing deliveries count for 24 h, a pair's debt for minutes. */
export const sendBudgetKeepMs = 2 * 24 * hourMs;
const keepMs = sendBudgetKeepMs;
const fits: MarketingBudgetVerdict = { ok: true };

function toEntry(row: Selectable<SendBudgetsTable>): BudgetEntry {
  return { key: row.key, tat: row.tat, burstStart: row.burst_start, burstCount: row.burst_count, times: JSON.parse(row.times) as number[], updatedAt: row.updated_at };
}

function toRow(entry: BudgetEntry): SendBudgetsTable {
  return { key: entry.key, tat: entry.tat, burst_start: entry.burstStart, burst_count: entry.burstCount, times: JSON.stringify(entry.times), updated_at: entry.updatedAt };
}

const fresh = (key: string, now: number): SendBudgetsTable => ({ key, tat: 0, burst_start: 0, burst_count: 0, times: '[]', updated_at: now });

/**
 * The send budgets in the database, shared by every Kabar node on one PostgreSQL: a take is one
 * transaction that creates the rows it needs, locks them in key order (the number's `n|` row before
 * the pair's `p|`, so two nodes never wait on each other crosswise), applies the same pure rules as
 * the in-memory budgets and writes both rows back, or neither when the send is refused. The
 * number's row serialises that number's sends across nodes; a pair's or a user's row only theirs.
 * A user's message to the number takes from the number's row alone (`takeInbound`). A send a later
 * check refused gives its take back (`giveBack`) in the same lock order, as arithmetic on the rows,
 * so what other nodes took in between stays counted.
 */
/**
 * A budget row that exists is locked by the insert itself (an update that changes nothing), not only
 * by the SELECT … FOR UPDATE after it: between the two, another node's hourly prune could otherwise
 * delete a row untouched for days, and the take would find it gone.
 */
const lockExisting = (conflict: OnConflictBuilder<Database, 'send_budgets'>) => conflict.column('key').doUpdateSet({ updated_at: sql<number>`send_budgets.updated_at` });

export class KyselySendBudgets implements SendBudgets {
  readonly #db: Kysely<Database>;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  take(request: SendBudgetRequest): Promise<SendBudgetVerdict> {
    const { phoneNumberId, waId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return Promise.resolve(taken);
    const numberKey = budgetKeys.number(phoneNumberId);
    const pairKey = budgetKeys.pair(phoneNumberId, waId);
    return this.#pruneHourly(now).then(() => this.#take(numberKey, pairKey, rate, now));
  }

  /** Once an hour of clock time a take first deletes what no budget needs any more. */
  async #pruneHourly(now: number): Promise<void> {
    if (now - this.#prunedAt < hourMs) return;
    this.#prunedAt = now;
    await this.prune(now - keepMs);
  }

  #take(numberKey: string, pairKey: string, rate: number, now: number): Promise<SendBudgetVerdict> {
    return this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('send_budgets').values([fresh(numberKey, now), fresh(pairKey, now)]).onConflict(lockExisting).execute();
      const rows = await trx.selectFrom('send_budgets').selectAll().where('key', 'in', [numberKey, pairKey]).orderBy('key').forUpdate().execute();
      const numberRow = rows.find((row) => row.key === numberKey);
      const pairRow = rows.find((row) => row.key === pairKey);
      if (numberRow === undefined || pairRow === undefined) throw new Error('send budget rows vanished inside their transaction');
      const number = { tat: numberRow.tat };
      const pair = { tat: pairRow.tat, burstStart: pairRow.burst_start, burstCount: pairRow.burst_count };
      const numberWait = fitsNumber(number, rate, now);
      if (numberWait > 0) return { ok: false, spent: 'number', waitMs: numberWait } as const;
      const wait = pairWait(pair, now);
      if (wait > 0) return { ok: false, spent: 'pair', waitMs: wait } as const;
      takeFromNumber(number, rate, now);
      takeFromPair(pair, now);
      await trx.updateTable('send_budgets').set({ tat: number.tat, updated_at: now }).where('key', '=', numberKey).execute();
      await trx.updateTable('send_budgets').set({ tat: pair.tat, burst_start: pair.burstStart, burst_count: pair.burstCount, updated_at: now }).where('key', '=', pairKey).execute();
      return taken;
    });
  }

  /** Gives back one take: the number's `tat` one message back, the pair's 6 s and one burst message back. */
  async giveBack(request: SendBudgetRequest): Promise<void> {
    const { phoneNumberId, waId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return;
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('send_budgets')
        .set({ tat: sql<number>`tat - ${1_000 / rate}::double precision`, updated_at: now })
        .where('key', '=', budgetKeys.number(phoneNumberId))
        .execute();
      await trx
        .updateTable('send_budgets')
        .set({ tat: sql<number>`tat - ${pairRate.intervalMs}::double precision`, burst_count: sql<number>`greatest(burst_count - 1, 0)`, updated_at: now })
        .where('key', '=', budgetKeys.pair(phoneNumberId, waId))
        .execute();
    });
  }

  /**
   * A user's message to the number, in one statement: the number's row is created or updated under
   * its row lock, `tat` moved one message on but never past one second ahead of now (the same rule
   * as `takeInboundFromNumber`), so a send on another node sees it and nothing is ever refused.
   */
  async takeInbound(request: InboundBudgetRequest): Promise<void> {
    const { phoneNumberId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return;
    await this.#pruneHourly(now);
    const interval = 1_000 / rate;
    const full = now + rate * interval;
    const first = { tat: Number.NEGATIVE_INFINITY };
    takeInboundFromNumber(first, rate, now);
    await this.#db
      .insertInto('send_budgets')
      .values({ ...fresh(budgetKeys.number(phoneNumberId), now), tat: first.tat })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          tat: sql<number>`greatest(send_budgets.tat, least(greatest(send_budgets.tat, ${now}::double precision) + ${interval}::double precision, ${full}::double precision))`,
          updated_at: now,
        }),
      )
      .execute();
  }

  takeMarketing(request: MarketingBudgetRequest): Promise<MarketingBudgetVerdict> {
    const { waId, cap, now } = request;
    const key = budgetKeys.marketing(waId);
    return this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('send_budgets').values(fresh(key, now)).onConflict(lockExisting).execute();
      const row = await trx.selectFrom('send_budgets').select('times').where('key', '=', key).forUpdate().executeTakeFirstOrThrow();
      const times = JSON.parse(row.times) as number[];
      const wait = marketingWait(times, cap, now);
      if (wait > 0) return { ok: false, waitMs: wait } as const;
      times.push(now);
      if (times.length > cap.count) times.splice(0, times.length - cap.count);
      await trx.updateTable('send_budgets').set({ times: JSON.stringify(times), updated_at: now }).where('key', '=', key).execute();
      return fits;
    });
  }

  async giveBackMarketing(request: MarketingBudgetRequest): Promise<void> {
    const key = budgetKeys.marketing(request.waId);
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('send_budgets').select('times').where('key', '=', key).forUpdate().executeTakeFirst();
      if (row === undefined) return;
      const times = withoutDelivery(JSON.parse(row.times) as number[], request.now);
      await trx.updateTable('send_budgets').set({ times: JSON.stringify(times), updated_at: request.now }).where('key', '=', key).execute();
    });
  }

  /** Forgets budgets untouched since `before` (a pair's debt lasts minutes, a user's marketing count a day). */
  async prune(before: number): Promise<void> {
    await this.#db.deleteFrom('send_budgets').where('updated_at', '<', before).execute();
  }
}

/** Where one node on SQLite saves its in-memory budgets when it stops, and finds them at start. */
export class KyselyBudgetSnapshots {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async load(since: number): Promise<BudgetEntry[]> {
    const rows = await this.#db.selectFrom('send_budgets').selectAll().where('updated_at', '>=', since).execute();
    return rows.map(toEntry);
  }

  async save(entries: readonly BudgetEntry[]): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('send_budgets').execute();
      for (const part of chunks(entries, 500)) await trx.insertInto('send_budgets').values(part.map(toRow)).execute();
    });
  }
}
