/**
 * Free service conversations under conversation-based pricing, by date: until 31 October 2024 the
 * first 1,000 service conversations of each WABA in a calendar month (UTC) were free; from
 * 1 November 2024 every service conversation is free. Sources in docs/pricing.md.
 */
export const serviceFreeFrom = Date.UTC(2024, 10, 1);
export const monthlyFreeServiceConversations = 1_000;

export type ServiceConversationPrice =
  /** Free for everyone: the webhook says `billable: false`. */
  | { readonly free: true; readonly reason: 'free_service' }
  /** Within the month's free tier: Meta's webhook still says `billable: true`, nothing is charged. */
  | { readonly free: true; readonly reason: 'free_tier' }
  | { readonly free: false };

/** What a service conversation opened at `at` costs, given how many the WABA opened earlier that month. */
export function serviceConversationPrice(at: number, openedEarlierThisMonth: number): ServiceConversationPrice {
  if (at >= serviceFreeFrom) return { free: true, reason: 'free_service' };
  return openedEarlierThisMonth < monthlyFreeServiceConversations ? { free: true, reason: 'free_tier' } : { free: false };
}

/** Whether the webhook of a service conversation opened at `at` says `billable: true`. */
export function serviceConversationBillable(at: number): boolean {
  return at < serviceFreeFrom;
}

/** `2024-09` for a time in September 2024 (UTC): the month the free tier counts in. */
export function monthOf(at: number): string {
  const date = new Date(at);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Midnight UTC of the first day of the month holding `at`. */
export function monthStart(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}
