/**
 * Who a business number may block and unblock (developers.facebook.com/docs/whatsapp/cloud-api/block-users):
 * only users who messaged this number in the last 24 hours, never itself nor another business
 * account, at most 1,000 users a request and 64,000 on a number's blocklist. Unblocking has no
 * 24-hour rule. Both are idempotent: blocking a blocked user or unblocking one who is not blocked
 * succeeds and changes nothing.
 */
import type { GraphErrorCode } from '../../../wire/index.js';

export const maxUsersPerRequest = 1_000;
export const blocklistLimit = 64_000;
export const blockWindowMs = 24 * 60 * 60 * 1000;

/** One user's error in `failed_users[].errors`, as Meta words it. */
export interface UserFailure {
  readonly code: GraphErrorCode;
  readonly message: string;
  readonly details: string;
}

export interface BlockFacts {
  /** The user's wa_id, or undefined when the input is not a phone number. */
  readonly waId: string | undefined;
  /** The blocking number's own wa_id. */
  readonly businessNumber: string;
  /** The wa_id is a business number (of any business on this Kabar). */
  readonly isBusinessAccount: boolean;
  readonly alreadyBlocked: boolean;
  /** When the user last messaged this number, if ever. */
  readonly lastInboundAt: number | null;
}

const reengagement = (details: string): UserFailure => ({ code: 131047, message: 'Re-engagement required', details });
const selfBlock: UserFailure = { code: 131021, message: 'Failed to block self phone number', details: 'A business phone number cannot block or unblock itself.' };

/** Why this user cannot be blocked now, or undefined when the block goes through (or already holds). */
export function blockRefusal(input: string, facts: BlockFacts, now: number): UserFailure | undefined {
  if (facts.waId === undefined) return reengagement(`'${input}' is not a valid WhatsApp user phone number.`);
  if (facts.waId === facts.businessNumber) return selfBlock;
  if (facts.isBusinessAccount) return reengagement(`${facts.waId} is a WhatsApp Business account; business accounts cannot be blocked.`);
  if (facts.alreadyBlocked) return undefined;
  if (facts.lastInboundAt === null) return reengagement('User has not messaged in the last 24 hours (never messaged this number).');
  if (now - facts.lastInboundAt >= blockWindowMs) return reengagement('User has not messaged in the last 24 hours.');
  return undefined;
}

/** Why this user cannot be unblocked, or undefined (unblocking one who is not blocked succeeds). */
export function unblockRefusal(input: string, facts: Pick<BlockFacts, 'waId' | 'businessNumber'>): UserFailure | undefined {
  if (facts.waId === undefined) return { code: 131009, message: 'Parameter value is not valid', details: `'${input}' is not a valid WhatsApp user phone number.` };
  if (facts.waId === facts.businessNumber) return selfBlock;
  return undefined;
}

export const blocklistFull = (limit = blocklistLimit): UserFailure => ({
  code: 139101,
  message: 'Blocklist limit reached',
  details: `This phone number's blocklist holds ${limit.toLocaleString('en-US')} users, its limit; unblock users before blocking more.`,
});
