import type { ThroughputLevel } from '../../accounts/index.js';
import type { LimitsProfile } from '../../policy/index.js';

/**
 * Cloud API throughput (developers.facebook.com/docs/whatsapp/cloud-api/overview, "Throughput"):
 * 80 messages a second per registered number by default, 1,000 after Meta's upgrade (`HIGH`),
 * inbound and outbound messages of every type together; `UNLIMITED` is Kabar's level for load tests
 * and lifts the pair rate limit too.
 */
export const messagesPerSecond: Readonly<Record<ThroughputLevel, number | null>> = { STANDARD: 80, HIGH: 1_000, UNLIMITED: null };

/**
 * The pair rate limit: one message every 6 s from a number to the same user; a burst of up to 45
 * messages within 6 s is allowed but borrows from future quota, so after it the pair waits until
 * the quota is paid back (a burst of 20 waits about 2 minutes). Over it: 131056.
 */
export const pairRate = { intervalMs: 6_000, burst: 45 } as const;

/**
 * Meta's automatic upgrade to 1,000 messages a second. From October 2025 (limits profile `2025-10`):
 * the portfolio's messaging limit is unlimited, the number itself messaged at least 100,000 unique
 * users outside a customer-service window in the last 24 h, and its quality is at least Medium.
 * Before: an unlimited messaging limit and at least Medium quality. The upgrade itself takes up to
 * a minute, during which the account is in maintenance mode (131057).
 */
export const highThroughputEligibility: Readonly<Record<LimitsProfile, { readonly uniqueUsersIn24h: number }>> = {
  '2022-01': { uniqueUsersIn24h: 0 },
  '2022-09': { uniqueUsersIn24h: 0 },
  '2023-10': { uniqueUsersIn24h: 0 },
  '2025-10': { uniqueUsersIn24h: 100_000 },
};
export const throughputUpgradeMs = 60_000;

export interface HighThroughputFacts {
  readonly level: ThroughputLevel;
  /** The tier the number's limit is on now (the portfolio's under `2025-10`). */
  readonly messagingLimitTier: string;
  /** Unique users the number itself messaged outside a customer-service window in the last 24 h. */
  readonly uniqueUsersIn24h: number;
  readonly qualityRating: string;
}

/** Whether a `STANDARD` number qualifies for Meta's upgrade to `HIGH` (a number at `HIGH` or `UNLIMITED` stays). */
export function qualifiesForHighThroughput(facts: HighThroughputFacts, profile: LimitsProfile): boolean {
  return (
    facts.level === 'STANDARD' &&
    facts.messagingLimitTier === 'TIER_UNLIMITED' &&
    facts.uniqueUsersIn24h >= highThroughputEligibility[profile].uniqueUsersIn24h &&
    (facts.qualityRating === 'GREEN' || facts.qualityRating === 'YELLOW')
  );
}

/**
 * A number's budget as a generic cell rate algorithm: `tat` is the time at which the number would
 * have caught up with every message taken; a message fits while that stays within one second of
 * messages ahead of now. One comparison and one addition per send.
 */
export interface NumberBudget {
  tat: number;
}

/** The time a message frees up under `rate` messages a second, or 0 when it fits now (and is taken). */
export function takeFromNumber(budget: NumberBudget, rate: number, now: number): number {
  const interval = 1_000 / rate;
  const next = Math.max(budget.tat, now) + interval;
  const capacity = rate * interval;
  if (next - now > capacity + 1e-9) return next - now - capacity;
  budget.tat = next;
  return 0;
}

/**
 * Gives back one message `takeFromNumber` took (a later check refused the send: it never went
 * out). Taking and giving back commute, so other messages taken in between stay counted.
 */
export function giveBackToNumber(budget: NumberBudget, rate: number): void {
  budget.tat -= 1_000 / rate;
}

/**
 * A user's message to the number takes one message's room from the number's second, as Meta's
 * throughput counts inbound and outbound messages alike, but is never refused or delayed: once the
 * second is spent it takes nothing more, so `tat` stays at most one second ahead of now and a flood
 * of users' messages leaves the number with an empty second, never with debt. The business's sends
 * are then refused (130429) only until the second refills, as after a second of its own sends;
 * a debt would hold its replies back for as long as users kept writing faster than the rate, for
 * traffic the business neither chose nor can slow down.
 */
export function takeInboundFromNumber(budget: NumberBudget, rate: number, now: number): void {
  const interval = 1_000 / rate;
  const full = now + rate * interval;
  if (budget.tat >= full) return;
  budget.tat = Math.min(Math.max(budget.tat, now) + interval, full);
}

/** Whether a message would fit the number's budget now, without taking it. */
export function fitsNumber(budget: NumberBudget, rate: number, now: number): number {
  const interval = 1_000 / rate;
  const next = Math.max(budget.tat, now) + interval;
  const capacity = rate * interval;
  return next - now > capacity + 1e-9 ? next - now - capacity : 0;
}

/**
 * A (number, user) pair's budget: `tat` is when the pair's quota is paid back; a burst opened at
 * `burstStart` may hold up to 45 messages within 6 s, each adding 6 s of debt.
 */
export interface PairBudget {
  tat: number;
  burstStart: number;
  burstCount: number;
}

export const freshPair = (): PairBudget => ({ tat: Number.NEGATIVE_INFINITY, burstStart: Number.NEGATIVE_INFINITY, burstCount: 0 });

/** How long until the pair may send again, or 0 when it may now (without taking). */
export function pairWait(budget: PairBudget, now: number): number {
  if (now >= budget.tat) return 0;
  if (now < budget.burstStart + pairRate.intervalMs && budget.burstCount < pairRate.burst) return 0;
  return budget.tat - now;
}

/** Takes one message from the pair's budget; call only when `pairWait` said 0. */
export function takeFromPair(budget: PairBudget, now: number): void {
  if (now >= budget.tat) {
    budget.burstStart = now;
    budget.burstCount = 1;
    budget.tat = now + pairRate.intervalMs;
    return;
  }
  budget.burstCount += 1;
  budget.tat += pairRate.intervalMs;
}

/**
 * Gives back one message `takeFromPair` took: 6 s less debt and one message less in the burst. A
 * burst the message opened is left empty and paid back, so the next message opens a new one.
 */
export function giveBackToPair(budget: PairBudget): void {
  budget.tat -= pairRate.intervalMs;
  budget.burstCount = Math.max(0, budget.burstCount - 1);
}

/** "13 ms", "4.2 s", "1 min 54 s": how long a client should wait, for error details. */
export function formatWait(milliseconds: number): string {
  if (milliseconds < 1_000) return `${Math.max(1, Math.ceil(milliseconds))} ms`;
  if (milliseconds < 60_000) return `${(Math.ceil(milliseconds / 100) / 10).toFixed(1)} s`;
  const seconds = Math.ceil(milliseconds / 1_000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
