import { planned, record, type Clock, type IdSource, type Planned } from '../../shared/index.js';
import type { Business, SignupMode } from '../domain/accounts.model.js';
import { businessAdded } from '../records.js';

export interface CreateBusinessInput {
  readonly name: string;
  readonly signupMode?: SignupMode;
  readonly email?: string | null;
}

/** A new business portfolio, unverified: verification is a request with a review (`business-verification.ts`). */
export function planBusiness(deps: { readonly ids: IdSource; readonly clock: Clock }, input: CreateBusinessInput): Planned<Business> {
  const business: Business = {
    id: deps.ids.nodeId(),
    name: input.name,
    verificationStatus: 'unverified',
    signupMode: input.signupMode ?? 'express',
    email: input.email ?? null,
    verificationReason: null,
    verifiedAt: null,
    createdAt: deps.clock.now(),
  };
  return planned(business, [record(businessAdded, business)]);
}
