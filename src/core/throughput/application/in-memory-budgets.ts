import { fitsNumber, freshPair, giveBackToNumber, giveBackToPair, messagesPerSecond, pairRate, pairWait, takeFromNumber, takeFromPair, takeInboundFromNumber, type NumberBudget, type PairBudget } from '../domain/throughput.policy.js';
import { marketingWait, withoutDelivery } from '../domain/marketing-limit.policy.js';
import { budgetKeys, type BudgetEntry, type InboundBudgetRequest, type MarketingBudgetRequest, type MarketingBudgetVerdict, type SendBudgetRequest, type SendBudgetVerdict, type SendBudgets } from '../ports.js';

const taken: SendBudgetVerdict = { ok: true };
const fits: MarketingBudgetVerdict = { ok: true };

/** A pair's debt is at most 45 × 6 s; an entry untouched for longer holds nothing. */
const pairIdleMs = pairRate.burst * pairRate.intervalMs;
const marketingIdleMs = 24 * 60 * 60 * 1_000;

/**
 * Entries kept in two generations: a lookup finds an entry in the current one, or moves it there
 * from the previous one; every `idleMs` of clock time the previous generation is dropped whole. An
 * entry untouched for a whole generation is forgotten without ever being looked at, so memory
 * follows the keys active in the last `2 × idleMs` and every operation stays constant time.
 */
class Generations<Entry> {
  #current = new Map<string, Entry>();
  #previous = new Map<string, Entry>();
  #rotatedAt = Number.NEGATIVE_INFINITY;
  readonly #idleMs: number;

  constructor(idleMs: number) {
    this.#idleMs = idleMs;
  }

  get(key: string, now: number): Entry | undefined {
    if (now - this.#rotatedAt >= this.#idleMs) {
      this.#previous = now - this.#rotatedAt >= 2 * this.#idleMs ? new Map() : this.#current;
      this.#current = new Map();
      this.#rotatedAt = now;
    }
    const current = this.#current.get(key);
    if (current !== undefined) return current;
    const previous = this.#previous.get(key);
    if (previous === undefined) return undefined;
    this.#previous.delete(key);
    this.#current.set(key, previous);
    return previous;
  }

  set(key: string, entry: Entry): void {
    this.#current.set(key, entry);
  }

  /** Every entry held, newest generation last. */
  *entries(): IterableIterator<[string, Entry]> {
    yield* this.#previous;
    yield* this.#current;
  }

  /** Puts saved entries back as the current generation, which starts now. */
  restore(entries: Iterable<[string, Entry]>, now: number): void {
    this.#rotatedAt = now;
    for (const [key, entry] of entries) this.#current.set(key, entry);
  }

  get size(): number {
    return this.#current.size + this.#previous.size;
  }
}

/**
 * The send budgets of one node, in memory: constant time per send. A pair's debt is at most
 * 45 × 6 s after its last message and a user's marketing deliveries matter for 24 h, so each is
 * forgotten a generation after it could last matter.
 */
export class InMemorySendBudgets implements SendBudgets {
  readonly #numbers = new Map<string, NumberBudget>();
  readonly #pairs = new Generations<PairBudget>(pairIdleMs);
  #marketing = new Generations<number[]>(marketingIdleMs);
  #marketingWindowMs = marketingIdleMs;

  take(request: SendBudgetRequest): Promise<SendBudgetVerdict> {
    return Promise.resolve(this.takeNow(request));
  }

  /** The same as `take`, without the promise (the bench calls this). */
  takeNow(request: SendBudgetRequest): SendBudgetVerdict {
    const { phoneNumberId, waId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return taken;
    let number = this.#numbers.get(phoneNumberId);
    if (number === undefined) {
      number = { tat: Number.NEGATIVE_INFINITY };
      this.#numbers.set(phoneNumberId, number);
    }
    const numberWait = fitsNumber(number, rate, now);
    if (numberWait > 0) return { ok: false, spent: 'number', waitMs: numberWait };
    const key = budgetKeys.pair(phoneNumberId, waId);
    const pair = this.#pairs.get(key, now);
    const wait = pair === undefined ? 0 : pairWait(pair, now);
    if (wait > 0) return { ok: false, spent: 'pair', waitMs: wait };
    takeFromNumber(number, rate, now);
    if (pair === undefined) {
      const fresh = freshPair();
      takeFromPair(fresh, now);
      this.#pairs.set(key, fresh);
    } else takeFromPair(pair, now);
    return taken;
  }

  giveBack(request: SendBudgetRequest): Promise<void> {
    const { phoneNumberId, waId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return Promise.resolve();
    const number = this.#numbers.get(phoneNumberId);
    if (number !== undefined) giveBackToNumber(number, rate);
    const pair = this.#pairs.get(budgetKeys.pair(phoneNumberId, waId), now);
    if (pair !== undefined) giveBackToPair(pair);
    return Promise.resolve();
  }

  /** A user's message to the number: takes from the number's second while it has room, never refused. */
  takeInbound(request: InboundBudgetRequest): Promise<void> {
    const { phoneNumberId, level, now } = request;
    const rate = messagesPerSecond[level];
    if (rate === null) return Promise.resolve();
    let number = this.#numbers.get(phoneNumberId);
    if (number === undefined) {
      number = { tat: Number.NEGATIVE_INFINITY };
      this.#numbers.set(phoneNumberId, number);
    }
    takeInboundFromNumber(number, rate, now);
    return Promise.resolve();
  }

  takeMarketing(request: MarketingBudgetRequest): Promise<MarketingBudgetVerdict> {
    const { waId, cap, now } = request;
    if (cap.windowMs > this.#marketingWindowMs) {
      this.#marketing = new Generations<number[]>(cap.windowMs);
      this.#marketingWindowMs = cap.windowMs;
    }
    const times = this.#marketing.get(waId, now) ?? [];
    const wait = marketingWait(times, cap, now);
    if (wait > 0) return Promise.resolve({ ok: false, waitMs: wait });
    times.push(now);
    if (times.length > cap.count) times.splice(0, times.length - cap.count);
    this.#marketing.set(waId, times);
    return Promise.resolve(fits);
  }

  giveBackMarketing(request: MarketingBudgetRequest): Promise<void> {
    const times = this.#marketing.get(request.waId, request.now);
    if (times !== undefined) this.#marketing.set(request.waId, withoutDelivery(times, request.now));
    return Promise.resolve();
  }

  /** Every budget held, to be saved at stop (`restore` puts them back at start): a restart keeps them. */
  snapshot(now: number): BudgetEntry[] {
    const result: BudgetEntry[] = [];
    const empty = { tat: 0, burstStart: 0, burstCount: 0, times: [] as readonly number[], updatedAt: now };
    for (const [phoneNumberId, budget] of this.#numbers) if (budget.tat > now) result.push({ ...empty, key: budgetKeys.number(phoneNumberId), tat: budget.tat });
    for (const [key, pair] of this.#pairs.entries()) if (pair.tat > now) result.push({ ...empty, key, tat: pair.tat, burstStart: pair.burstStart, burstCount: pair.burstCount });
    for (const [waId, times] of this.#marketing.entries()) if (times.length > 0) result.push({ ...empty, key: budgetKeys.marketing(waId), times: [...times] });
    return result;
  }

  restore(entries: readonly BudgetEntry[], now: number): void {
    const pairs: [string, PairBudget][] = [];
    const marketing: [string, number[]][] = [];
    for (const entry of entries) {
      const [kind, ...rest] = entry.key.split('|');
      if (kind === 'n') this.#numbers.set(rest.join('|'), { tat: entry.tat });
      else if (kind === 'p') pairs.push([entry.key, { tat: entry.tat, burstStart: entry.burstStart, burstCount: entry.burstCount }]);
      else if (kind === 'm') marketing.push([rest.join('|'), [...entry.times]]);
    }
    this.#pairs.restore(pairs, now);
    this.#marketing.restore(marketing, now);
  }

  /** How many pairs are remembered (the bench reports it: memory stays bounded). */
  get pairsHeld(): number {
    return this.#pairs.size;
  }
}
