import type { Business, PhoneNumber } from '../../accounts/index.js';

/**
 * The Official Business Account (green tick) needs a verified business, a two-step verification PIN
 * on the number and an approved display name; notability is judged by the reviewer (an operator).
 */
export function officialBusinessShortfalls(business: Pick<Business, 'verificationStatus'>, number: Pick<PhoneNumber, 'pinHash' | 'nameStatus'>): string[] {
  const shortfalls: string[] = [];
  if (business.verificationStatus !== 'verified') shortfalls.push(`the business is not verified (verification ${business.verificationStatus})`);
  if (number.pinHash === null) shortfalls.push('the number has no two-step verification PIN');
  if (number.nameStatus !== 'APPROVED') shortfalls.push(`the display name is not approved (name_status ${number.nameStatus})`);
  return shortfalls;
}
