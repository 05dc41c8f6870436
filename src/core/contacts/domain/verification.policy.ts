/**
 * The anti-abuse limit on number checks: a business that checks many numbers and then does not
 * message them is blocked from checking for a while. Meta publishes no numbers for this; Kabar's are
 * defaults a business (or its operator) can change, and docs/policies.md lists them.
 */
export interface VerificationLimits {
  /** Checked numbers not messaged since, within the window, at which checking is blocked. */
  readonly maxUnmessaged: number;
  readonly windowMs: number;
  /** How long a block lasts; it lifts by itself. */
  readonly blockMs: number;
}

const day = 24 * 60 * 60 * 1000;

export const defaultVerificationLimits: VerificationLimits = { maxUnmessaged: 10_000, windowMs: day, blockMs: day };

export interface VerificationBlock {
  readonly since: number;
  readonly until: number;
  readonly unmessaged: number;
}

export type CheckResultStatus = 'valid' | 'invalid' | 'processing';

export interface NumberCheck {
  readonly businessId: string;
  readonly waId: string;
  readonly status: CheckResultStatus;
  readonly checkedAt: number;
  readonly messagedAt: number | null;
}

/** How long a check's answer is reused when `force_check` is not set. */
export const checkCacheMs = 7 * day;

/** Whether checking is blocked at `now`. */
export function isBlocked(block: VerificationBlock | undefined, now: number): block is VerificationBlock {
  return block !== undefined && block.until > now;
}

/**
 * Counting starts at the later of the window's start and the end of the last block: the numbers
 * that caused a block do not cause the next one.
 */
export function countingSince(limits: VerificationLimits, block: VerificationBlock | undefined, now: number): number {
  return Math.max(now - limits.windowMs, block?.until ?? 0);
}

/** Whether `unmessaged` checked numbers trip the limit. */
export function tripsLimit(limits: VerificationLimits, unmessaged: number): boolean {
  return unmessaged >= limits.maxUnmessaged;
}

export function blockedDetails(block: VerificationBlock, now: number): string {
  const hours = Math.ceil((block.until - now) / (60 * 60 * 1000));
  return (
    `Number checks are blocked until ${new Date(block.until).toISOString()} (about ${hours} h): this business checked ${block.unmessaged} numbers ` +
    'that it then did not message. Message the numbers you check; the block lifts by itself.'
  );
}
