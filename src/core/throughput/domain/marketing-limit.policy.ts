import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { MarketingProfile } from '../../policy/index.js';

/**
 * Per-user marketing limits (developers.facebook.com/docs/whatsapp/pricing, "per-user marketing
 * template message limits"): WhatsApp caps how many marketing templates one user receives from all
 * businesses; a template held back fails with 131049. Meta publishes no number and bases the cap on
 * the user's engagement; Kabar's transparent model is a fixed count per user in a rolling 24 h,
 * across every business of this Kabar. A marketing template sent while the user's customer-service
 * window with the number is open does not count and is never held back.
 */
export interface MarketingRule {
  /** At most `count` marketing templates per user in a rolling `windowMs`; null: no cap. */
  readonly perUser: { readonly count: number; readonly windowMs: number } | null;
  /** Every marketing template to a US number fails with 131049 (from 2025-04-01). */
  readonly holdUsNumbers: boolean;
}

const day = 24 * 60 * 60 * 1_000;
const perUserCap = { count: 2, windowMs: day } as const;

export const marketingRules: Readonly<Record<MarketingProfile, MarketingRule>> = {
  '2021-09': { perUser: null, holdUsNumbers: false },
  '2024-05': { perUser: perUserCap, holdUsNumbers: false },
  '2025-04': { perUser: perUserCap, holdUsNumbers: true },
};

/** Whether a wa_id is a number of the United States (+1 with a US area code, not Canada or the Caribbean). */
export function isUsNumber(waId: string): boolean {
  if (!waId.startsWith('1')) return false;
  return parsePhoneNumberFromString(`+${waId}`)?.country === 'US';
}

/**
 * A user's recent marketing deliveries: the times of the last `count` ones, oldest first. A new one
 * fits when fewer than `count` fall within the window.
 */
export function marketingWait(times: readonly number[], cap: { readonly count: number; readonly windowMs: number }, now: number): number {
  if (times.length < cap.count) return 0;
  const oldest = times[times.length - cap.count] ?? Number.NEGATIVE_INFINITY;
  return oldest + cap.windowMs > now ? oldest + cap.windowMs - now : 0;
}

/** A user's deliveries without the one taken at `at` (a later check refused the send), oldest first. */
export function withoutDelivery(times: readonly number[], at: number): number[] {
  const index = times.lastIndexOf(at);
  return index === -1 ? [...times] : [...times.slice(0, index), ...times.slice(index + 1)];
}
