import type { PhoneNumber } from '../../accounts/index.js';
import { openReview, type Review } from '../../reviews/index.js';
import { domainError, fail, ok, unitOf, type DomainError, type Result } from '../../shared/index.js';
import { officialBusinessShortfalls } from '../domain/official-business.policy.js';
import type { NumbersDeps } from './numbers-deps.js';

/** What a business tells Meta when it asks for the green tick (Meta's Official Business Account request). */
export interface OfficialBusinessRequest {
  readonly businessWebsiteUrl: string;
  readonly primaryCountryOfOperation: string;
  readonly primaryLanguage: string;
  readonly parentBusinessOrBrand?: string;
  readonly supportingLinks?: readonly string[];
  readonly additionalSupportingInformation?: string;
}

export type OfficialBusinessStatus = 'NOT_STARTED' | 'PENDING' | 'APPROVED' | 'REJECTED';

/** Asks for the Official Business Account; refused with the reasons when the number is not eligible. */
export async function requestOfficialBusinessAccount(deps: NumbersDeps, input: { readonly number: PhoneNumber; readonly request: OfficialBusinessRequest }): Promise<Result<Review, DomainError>> {
  const { number, request } = input;
  if (number.isOfficialBusinessAccount) return fail(domainError('REQUEST_CONFLICT', 'This number is already an Official Business Account.'));
  const pending = await deps.reviews.list({ kind: 'official_business_account', phoneNumberId: number.id, status: 'pending', limit: 1 });
  if (pending.length > 0) return fail(domainError('REQUEST_CONFLICT', 'An Official Business Account request for this number is already under review.'));
  const business = await deps.accounts.findBusiness(number.businessId);
  if (business === undefined) return fail(domainError('NODE_NOT_FOUND', `No business with id '${number.businessId}'.`));
  const shortfalls = officialBusinessShortfalls(business, number);
  if (shortfalls.length > 0) return fail(domainError('NOT_ELIGIBLE', `This number is not eligible for an Official Business Account: ${shortfalls.join('; ')}.`));
  const opened = await openReview(
    deps,
    {
      kind: 'official_business_account',
      businessId: number.businessId,
      wabaId: number.wabaId,
      phoneNumberId: number.id,
      details: {
        business_website_url: request.businessWebsiteUrl,
        primary_country_of_operation: request.primaryCountryOfOperation,
        primary_language: request.primaryLanguage,
        parent_business_or_brand: request.parentBusinessOrBrand ?? null,
        supporting_links: request.supportingLinks ?? [],
        additional_supporting_information: request.additionalSupportingInformation ?? null,
      },
    },
    deps.clock.now(),
  );
  await deps.writer.commit(unitOf(opened.records));
  return ok(opened.review);
}

/** Where the number's green tick stands: its last request, or none. */
export async function officialBusinessStatus(deps: Pick<NumbersDeps, 'reviews'>, number: PhoneNumber): Promise<{ readonly status: OfficialBusinessStatus; readonly message: string | null }> {
  if (number.isOfficialBusinessAccount) return { status: 'APPROVED', message: null };
  const [latest] = await deps.reviews.list({ kind: 'official_business_account', phoneNumberId: number.id, limit: 1 });
  if (latest === undefined) return { status: 'NOT_STARTED', message: null };
  return { status: latest.status === 'pending' ? 'PENDING' : latest.status === 'approved' ? 'APPROVED' : 'REJECTED', message: latest.reason };
}
