import { businessChanged, phoneNumberChanged, type Business } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import { openReview, type Review, type ReviewApplier } from '../../reviews/index.js';
import { domainError, fail, ok, planned, record, unitOf, type DomainError, type Planned, type Result, type UnitRecord } from '../../shared/index.js';
import type { NumbersDeps } from '../../numbers/index.js';
import type { LimitsProfile } from '../../policy/index.js';
import { verifiedNumberCap } from '../../accounts/index.js';

/** A document submitted for business verification (a registration certificate, a utility bill…). */
export interface VerificationDocument {
  readonly type: string;
  readonly name: string;
}

type VerificationDeps = Pick<NumbersDeps, 'accounts' | 'ids' | 'clock' | 'reviewers' | 'targets' | 'writer'>;

/** Submits the business for verification: it is pending until the review decides. */
export async function planBusinessVerification(
  deps: VerificationDeps,
  input: { readonly business: Business; readonly documents: readonly VerificationDocument[] },
): Promise<Result<Planned<Review>, DomainError>> {
  const { business, documents } = input;
  if (business.verificationStatus === 'verified') return fail(domainError('REQUEST_CONFLICT', `${business.name} is verified already.`));
  if (business.verificationStatus === 'pending') return fail(domainError('REQUEST_CONFLICT', `The verification of ${business.name} is under review already.`));
  if (documents.length === 0) return fail(domainError('PARAMETER_MISSING', 'Business verification needs at least one document: documents.'));
  const now = deps.clock.now();
  const opened = await openReview(deps, { kind: 'business_verification', businessId: business.id, details: { documents: documents.map((document) => ({ type: document.type, name: document.name })) } }, now);
  const told = await notify(
    deps,
    {
      businessId: business.id,
      wabaId: null,
      kind: 'business.verification',
      severity: 'info',
      title: 'Business verification requested',
      body: `${business.name} submitted ${documents.length} document${documents.length === 1 ? '' : 's'} for business verification; the review decides.`,
      data: { review_id: opened.review.id, status: 'pending' },
    },
    now,
  );
  return ok(planned(opened.review, [record(businessChanged, { id: business.id, patch: { verificationStatus: 'pending', verificationReason: null } })], opened.records, told));
}

export async function requestBusinessVerification(
  deps: VerificationDeps,
  input: { readonly businessId: string; readonly documents: readonly VerificationDocument[] },
): Promise<Result<Review, DomainError>> {
  const business = await deps.accounts.findBusiness(input.businessId);
  if (business === undefined) return fail(domainError('NODE_NOT_FOUND', `No business with id '${input.businessId}'.`));
  const plan = await planBusinessVerification(deps, { business, documents: input.documents });
  if (!plan.ok) return plan;
  await deps.writer.commit(unitOf(plan.value.records));
  return ok(plan.value.value);
}

/**
 * The outcome of business verification. Verified lifts the number cap to 20 and lets numbers leave
 * the trial tier; each WABA hears `account_review_update` and, when verified,
 * `business_capability_update`.
 */
export function businessVerificationApplier(deps: Pick<NumbersDeps, 'accounts' | 'ids' | 'targets'> & { readonly limitsProfileOf?: (businessId: string) => Promise<LimitsProfile> }): ReviewApplier {
  return async (review, verdict, at) => {
    const business = await deps.accounts.findBusiness(review.businessId);
    if (business === undefined) return { verdict, records: [] };
    const verified = verdict.decision === 'approve';
    const records: UnitRecord[] = [
      record(businessChanged, {
        id: business.id,
        patch: verified ? { verificationStatus: 'verified', verifiedAt: at, verificationReason: null } : { verificationStatus: 'rejected', verificationReason: verdict.reason },
      }),
    ];
    const wabas = await deps.accounts.listWabas(business.id);
    const title = verified ? `${business.name} is verified` : `Business verification of ${business.name} rejected`;
    const body = verified
      ? `The business may hold up to ${verifiedNumberCap} phone numbers, and its numbers may leave the trial tier.`
      : `Rejected: ${verdict.reason ?? ''} Fix what the reason says and request verification again.`;
    const data = { review_id: review.id, status: verified ? 'verified' : 'rejected', reason: verdict.reason };
    // Under `2025-10` the limit is the portfolio's: tier 1 is 2,000, told once per WABA as `business_capability_update`.
    const portfolio = verified && (await deps.limitsProfileOf?.(business.id)) === '2025-10';
    for (const waba of wabas.length === 0 ? [null] : wabas) {
      const wabaId = waba?.id ?? null;
      const decision = { field: 'account_review_update' as const, value: { decision: verified ? 'APPROVED' : 'REJECTED' } };
      records.push(...(await notify(deps, { businessId: business.id, wabaId, kind: 'business.verification', severity: verified ? 'info' : 'warning', title, body, data, webhook: decision }, at)));
      if (!verified) continue;
      const capability = { field: 'business_capability_update' as const, value: { max_phone_numbers_per_business: verifiedNumberCap } };
      const raised = `${business.name} may now hold up to ${verifiedNumberCap} phone numbers.`;
      records.push(...(await notify(deps, { businessId: business.id, wabaId, kind: 'business.capability', severity: 'info', title: 'Phone number limit raised', body: raised, data, webhook: capability }, at)));
      if (wabaId === null) continue;
      // Verification lifts the trial tier: each number still in it moves to tier 1.
      const trial = (await deps.accounts.listPhoneNumbers(wabaId)).filter((number) => number.messagingLimitTier === 'TIER_50' || number.messagingLimitTier === 'TIER_250');
      if (portfolio) {
        for (const number of trial) records.push(record(phoneNumberChanged, { id: number.id, patch: { messagingLimitTier: 'TIER_2K' } }));
        const lifted = { field: 'business_capability_update' as const, value: { max_daily_conversations_per_business: 'TIER_2K' } };
        const body = `${business.name} is verified: the business portfolio leaves the trial tier and its phone numbers may together start conversations with 2,000 unique customers in a rolling 24 h.`;
        const facts = { event: 'UPGRADE', max_daily_conversations_per_business: 'TIER_2K', previous: 'TIER_250' };
        records.push(...(await notify(deps, { businessId: business.id, wabaId, kind: 'limits.upgrade', severity: 'info', title: 'Messaging limit of the business portfolio raised to 2,000', body, data: facts, webhook: lifted }, at)));
        continue;
      }
      for (const number of trial) {
        records.push(record(phoneNumberChanged, { id: number.id, patch: { messagingLimitTier: 'TIER_1K' } }));
        const lifted = { field: 'phone_number_quality_update' as const, value: { display_phone_number: number.phoneNumber, event: 'UPGRADE', current_limit: 'TIER_1K', old_limit: number.messagingLimitTier } };
        const body = `${business.name} is verified: ${number.phoneNumber} leaves the trial tier and may start conversations with 1,000 unique customers in a rolling 24 h.`;
        records.push(...(await notify(deps, { businessId: business.id, wabaId, phoneNumberId: number.id, kind: 'limits.upgrade', severity: 'info', title: 'Messaging limit raised', body, data: { event: 'UPGRADE', current_limit: 'TIER_1K', old_limit: number.messagingLimitTier }, webhook: lifted }, at)));
      }
    }
    return { verdict, records };
  };
}
