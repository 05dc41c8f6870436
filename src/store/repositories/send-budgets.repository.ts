import { sql, type Kysely, type OnConflictBuilder, type Selectable, type Transaction } from 'kysely';
import {
  budgetKeys, fitsNumber, giveBackToNumber, giveBackToPair, marketingWait, messagesPerSecond, pairWait, takeFromNumber, takeFromPair, takeInboundFromNumber, withoutDelivery,
  type BudgetEntry, type NumberBudget, type PairBudget, type InboundBudgetRequest, type MarketingBudgetRequest, type MarketingBudgetVerdict, type SendBudgetRequest, type SendBudgetVerdict, type SendBudgets,
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
 * A budget row that exists is locked by the insert itself (an update that changes nothing), not only
 * by the SELECT … FOR UPDATE after it: between the two, another node's hourly prune could otherwise
 * delete a row untouched for days, and the take would find it gone.
 */
const lockExisting = (conflict: OnConflictBuilder<Database, 'send_budgets'>) => conflict.column('key').doUpdateSet({ updated_at: sql<number>`send_budgets.updated_at` });

/**
 * Creates the budget rows that do not exist yet and locks them all, in key order (a number's `n|`
 * before a pair's `p|`, so two nodes never wait on each other crosswise), for the transaction.
 */
async function lockRows(trx: Transaction<Database>, keys: readonly string[], now: number): Promise<Map<string, Selectable<SendBudgetsTable>>> {
  await trx.insertInto('send_budgets').values([...keys].sort().map((key) => fresh(key, now))).onConflict(lockExisting).execute();
  const rows = await trx.selectFrom('send_budgets').selectAll().where('key', 'in', [...keys]).orderBy('key').forUpdate().execute();
  if (rows.length !== keys.length) throw new Error('send budget rows vanished inside their transaction');
  return new Map(rows.map((row) => [row.key, row]));
}

const rowOf = (rows: ReadonlyMap<string, Selectable<SendBudgetsTable>>, key: string): Selectable<SendBudgetsTable> => {
  const row = rows.get(key);
  if (row === undefined) throw new Error(`send budget row ${key} is not locked`);
  return row;
};
const numberOf = (rows: ReadonlyMap<string, Selectable<SendBudgetsTable>>, key: string): NumberBudget => ({ tat: rowOf(rows, key).tat });
const pairOf = (rows: ReadonlyMap<string, Selectable<SendBudgetsTable>>, key: string): PairBudget => {
  const row = rowOf(rows, key);
  return { tat: row.tat, burstStart: row.burst_start, burstCount: row.burst_count };
};
const timesOf = (rows: ReadonlyMap<string, Selectable<SendBudgetsTable>>, key: string): number[] => JSON.parse(rowOf(rows, key).times) as number[];

/** Writes a number's and a pair's budgets back to their locked rows. */
async function writeBack(trx: Transaction<Database>, numberKey: string, pairKey: string, number: NumberBudget, pair: PairBudget, now: number): Promise<void> {
  await trx.updateTable('send_budgets').set({ tat: number.tat, updated_at: now }).where('key', '=', numberKey).execute();
  await trx.updateTable('send_budgets').set({ tat: pair.tat, burst_start: pair.burstStart, burst_count: pair.burstCount, updated_at: now }).where('key', '=', pairKey).execute();
}

/**
 * The send budgets in the database, shared by every Kabar node on one PostgreSQL: a take is one
 * transaction that creates the rows it needs, locks them in key order (the number's `n|` row before
 * the pair's `p|`, so two nodes never wait on each other crosswise), applies the same pure rules as
 * the in-memory budgets and writes both rows back, or neither when the send is refused. The
 * number's row serialises that number's sends across nodes; a pair's or a user's row only theirs.
 * A user's message to the number takes from the number's row alone (`takeInbound`). A send a later
 * check refused gives its take back (`giveBack`) under the same locks, with the same pure rules; what
 * other nodes took in between stays counted.
 */
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
      const rows = await lockRows(trx, [numberKey, pairKey], now);
      const number = numberOf(rows, numberKey);
      const pair = pairOf(rows, pairKey);
      const numberWait = fitsNumber(number, rate, now);
      if (numberWait > 0) return { ok: false, spent: 'number', waitMs: numberWait } as const;
      const wait = pairWait(pair, now);
      if (wait > 0) return { ok: false, spent: 'pair', waitMs: wait } as const;
      takeFromNumber(number, rate, now);
      takeFromPair(pair, now);
      await writeBack(trx, numberKey, pairKey, number, pair, now);
      return taken;
    });
  }

  /** Gives back one take: the number's `tat` one message back, the pair's 6 s and one burst message back. */
  async giveBack(request: SendBudgetRequest): Promise<void> {
    const { phoneNumberId, waId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return;
    const numberKey = budgetKeys.number(phoneNumberId);
    const pairKey = budgetKeys.pair(phoneNumberId, waId);
    await this.#db.transaction().execute(async (trx) => {
      const rows = await lockRows(trx, [numberKey, pairKey], now);
      const number = numberOf(rows, numberKey);
      const pair = pairOf(rows, pairKey);
      giveBackToNumber(number, rate);
      giveBackToPair(pair);
      await writeBack(trx, numberKey, pairKey, number, pair, now);
    });
  }

  /** A user's message to the number: its row alone, under its lock, so a send on another node sees it; never refused. */
  async takeInbound(request: InboundBudgetRequest): Promise<void> {
    const { phoneNumberId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return;
    await this.#pruneHourly(now);
    const numberKey = budgetKeys.number(phoneNumberId);
    await this.#db.transaction().execute(async (trx) => {
      const number = numberOf(await lockRows(trx, [numberKey], now), numberKey);
      takeInboundFromNumber(number, rate, now);
      await trx.updateTable('send_budgets').set({ tat: number.tat, updated_at: now }).where('key', '=', numberKey).execute();
    });
  }

  takeMarketing(request: MarketingBudgetRequest): Promise<MarketingBudgetVerdict> {
    const { waId, cap, now } = request;
    const key = budgetKeys.marketing(waId);
    return this.#db.transaction().execute(async (trx) => {
      const times = timesOf(await lockRows(trx, [key], now), key);
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
