/**
 * Sign-in throttling. Failed attempts are counted per account (the e-mail address) and per client
 * address within a sliding window; once a count reaches its limit, further attempts are refused
 * until the oldest counted failure leaves the window. A successful sign-in clears the account's count.
 */
export interface ThrottleRule {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** 5 failures per account and 20 per client address within 15 minutes (documented in docs/policies.md). */
export const accountThrottle: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60 * 1000 };
export const addressThrottle: ThrottleRule = { maxFailures: 20, windowMs: 15 * 60 * 1000 };

export type ThrottleVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAt: number };

/** The failures still inside the window at `now`, oldest first. */
export function recentFailures(failures: readonly number[], rule: ThrottleRule, now: number): number[] {
  return failures.filter((at) => at > now - rule.windowMs && at <= now).sort((left, right) => left - right);
}

export function throttleVerdict(failures: readonly number[], rule: ThrottleRule, now: number): ThrottleVerdict {
  const recent = recentFailures(failures, rule, now);
  if (recent.length < rule.maxFailures) return { allowed: true };
  // Allowed again once enough failures have left the window to bring the count below the limit.
  const release = recent[recent.length - rule.maxFailures] ?? now;
  return { allowed: false, retryAt: release + rule.windowMs };
}
