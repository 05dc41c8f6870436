import { domainError, type DomainError } from '../../shared/index.js';
import type { NumberStatus, PhoneNumber } from '../../accounts/index.js';

/**
 * Which statuses may send, and Meta's answer for the others: a number must be registered (133010);
 * one whose Commerce Policy review is not finished is locked (131031); one that failed it, or is
 * banned, is blocked for policy reasons (368). Flagged, restricted and rate-limited numbers may
 * still send here; the messaging-limit admission decides what they may start.
 */
const refusals: Readonly<Partial<Record<NumberStatus, (number: PhoneNumber) => DomainError>>> = {
  PENDING: () => domainError('NUMBER_PENDING_REVIEW', 'This phone number is Pending: its Commerce Policy review has not finished, so it cannot send yet.'),
  DISCONNECTED: (number) =>
    domainError('NUMBER_OFFLINE', number.commerceReview === 'failed' ? 'This phone number is Offline: it failed its Commerce Policy review.' : 'This phone number is Offline.'),
  BANNED: () => domainError('NUMBER_OFFLINE', 'This phone number is banned for policy violations.'),
  DELETED: () => domainError('NUMBER_NOT_REGISTERED', 'This phone number was deleted.'),
  MIGRATED: () => domainError('NUMBER_NOT_REGISTERED', 'This phone number was migrated to another WhatsApp Business Account.'),
  UNVERIFIED: () => domainError('NUMBER_NOT_REGISTERED', 'This phone number is not verified: request and verify a code, then register it.'),
  UNKNOWN: () => domainError('NUMBER_NOT_REGISTERED', 'This phone number is in an unknown state; register it again.'),
};

/** Why the number may not send now, or undefined when it may. */
export function sendingRefusal(number: PhoneNumber, now: number): DomainError | undefined {
  if (!number.registered) return domainError('NUMBER_NOT_REGISTERED', 'This phone number is not registered with the Cloud API: call /register first.');
  const refusal = refusals[number.status]?.(number);
  if (refusal !== undefined) return refusal;
  if (number.maintenanceUntil !== null && now < number.maintenanceUntil) {
    const seconds = Math.max(1, Math.ceil((number.maintenanceUntil - now) / 1_000));
    return domainError(
      'ACCOUNT_IN_MAINTENANCE',
      `This phone number is in maintenance mode while its throughput is upgraded to 1,000 messages a second (HIGH); no message goes out for up to a minute. Try again in ${seconds} s.`,
    );
  }
  return undefined;
}
