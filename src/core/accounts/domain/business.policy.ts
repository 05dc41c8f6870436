import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { Business, MessagingLimitTier } from './accounts.model.js';

/** Numbers a business portfolio may hold: 2 while unverified (the trial tier), 20 once verified. */
export const trialNumberCap = 2;
export const verifiedNumberCap = 20;

/** Leaving the unverified trial tier requires business verification. */
export function mayLeaveTrialTier(business: Pick<Business, 'verificationStatus'>): boolean {
  return business.verificationStatus === 'verified';
}

export function numberCap(business: Pick<Business, 'verificationStatus'>): number {
  return mayLeaveTrialTier(business) ? verifiedNumberCap : trialNumberCap;
}

export function checkNumberCap(business: Pick<Business, 'verificationStatus' | 'name'>, held: number): Result<void, DomainError> {
  const cap = numberCap(business);
  if (held < cap) return ok(undefined);
  const why = mayLeaveTrialTier(business)
    ? `${business.name} already holds ${held} phone numbers, the most a business portfolio may hold (${verifiedNumberCap}).`
    : `${business.name} already holds ${held} phone numbers, the most an unverified business in the trial tier may hold (${trialNumberCap}); verify the business to hold up to ${verifiedNumberCap}.`;
  return fail(domainError('NUMBER_LIMIT_REACHED', why));
}

/** Where new numbers of a verified business start: the operator's choice between the trial tier and tier 1. */
export type StartingTier = 'trial' | 'tier_1';
export const startingTiers: readonly StartingTier[] = ['trial', 'tier_1'];
export const defaultStartingTier: StartingTier = 'tier_1';

/** The tier a new number starts in: tier 1 only when the operator says so and the business is verified. */
export function startingLimitTier(business: Pick<Business, 'verificationStatus'>, setting: StartingTier): MessagingLimitTier {
  return setting === 'tier_1' && mayLeaveTrialTier(business) ? 'TIER_1K' : 'TIER_50';
}
