import { phoneNumberChanged, type PhoneNumber, type PhoneNumberPatch } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import type { Review, ReviewApplier, Verdict } from '../../reviews/index.js';
import { displayPhoneNumber, record, type UnitRecord } from '../../shared/index.js';
import { displayNameFindings, nameRejectionReasons, type NameRejectionReason } from '../domain/display-name.policy.js';
import { changeStatus, type NumbersDeps } from './numbers-deps.js';

type ApplierDeps = Pick<NumbersDeps, 'accounts' | 'ids' | 'targets'>;

/** The reviewed number, or nothing to apply when it is gone. */
async function reviewedNumber(deps: ApplierDeps, review: Review): Promise<PhoneNumber | undefined> {
  return review.phoneNumberId === null ? undefined : deps.accounts.findPhoneNumber(review.phoneNumberId);
}

/**
 * The Commerce Policy review of a number: passed → Connected (if registered), failed → Offline;
 * told in the feed and as `account_review_update`.
 */
export function commerceReviewApplier(deps: ApplierDeps): ReviewApplier {
  return async (review, verdict, at) => {
    const number = await reviewedNumber(deps, review);
    if (number === undefined) return { verdict, records: [] };
    const passed = verdict.decision === 'approve';
    const commerceReview = passed ? 'passed' : 'failed';
    const step = changeStatus(deps.ids, number, passed ? 'commerce_review_passed' : 'commerce_review_failed', { registered: number.registered, commerceReview }, `review ${review.id}, decided by the ${verdict.by}`, at);
    // A status that does not take the event (the number was banned meanwhile) keeps its status; the outcome is still recorded.
    const status = step.ok ? step.value.status : number.status;
    const told = await notify(
      deps,
      {
        businessId: number.businessId,
        wabaId: number.wabaId,
        phoneNumberId: number.id,
        kind: 'number.review',
        severity: passed ? 'info' : 'critical',
        title: passed ? `${displayPhoneNumber(number.phoneNumber)} passed its Commerce Policy review` : `${displayPhoneNumber(number.phoneNumber)} failed its Commerce Policy review`,
        body: passed ? `The number is ${status === 'CONNECTED' ? 'Connected and may send' : `now ${status}`}.` : `The number is Offline: ${verdict.reason ?? ''}`,
        data: { review_id: review.id, status, reason: verdict.reason },
        webhook: { field: 'account_review_update', value: { decision: passed ? 'APPROVED' : 'REJECTED' } },
      },
      at,
    );
    return { verdict, records: [record(phoneNumberChanged, { id: number.id, patch: { commerceReview, status } }), ...(step.ok ? step.value.records : []), ...told] };
  };
}

function rejectionReasonOf(reason: string | null): NameRejectionReason {
  return nameRejectionReasons.find((known) => known === reason) ?? 'UNKNOWN';
}

/**
 * A display name's review. The simulated reviewer declines a name that breaks the naming rules
 * whatever it was set to do; an operator's decision stands as given. Told as
 * `phone_number_name_update`.
 */
export function displayNameApplier(deps: ApplierDeps): ReviewApplier {
  return async (review, proposed, at) => {
    const number = await reviewedNumber(deps, review);
    if (number === undefined) return { verdict: proposed, records: [] };
    const requested = typeof review.details['requested_name'] === 'string' ? review.details['requested_name'] : number.verifiedName;
    const change = review.details['change'] === true;
    let verdict: Verdict = proposed;
    if (proposed.by === 'reviewer' && proposed.decision === 'approve') {
      const business = await deps.accounts.findBusiness(number.businessId);
      const [finding] = displayNameFindings(requested, business?.name ?? '');
      if (finding !== undefined) verdict = { decision: 'reject', reason: finding.reason, by: 'reviewer' };
    }
    const approved = verdict.decision === 'approve';
    const nameStatus = approved ? 'APPROVED' : 'DECLINED';
    const patch: PhoneNumberPatch = change ? { newNameStatus: nameStatus } : { nameStatus };
    const rejection = approved ? null : rejectionReasonOf(verdict.reason);
    const told = await notify(
      deps,
      {
        businessId: number.businessId,
        wabaId: number.wabaId,
        phoneNumberId: number.id,
        kind: 'number.display_name',
        severity: approved ? 'info' : 'warning',
        title: `Display name "${requested}" ${approved ? 'approved' : 'declined'}`,
        body: approved
          ? change
            ? `Register ${displayPhoneNumber(number.phoneNumber)} again for the new name to take effect.`
            : `Customers see ${displayPhoneNumber(number.phoneNumber)} as "${requested}".`
          : `Declined: ${verdict.reason ?? 'UNKNOWN'}. Request another name that follows the display name guidelines.`,
        data: { review_id: review.id, requested_verified_name: requested, decision: approved ? 'APPROVED' : 'REJECTED', rejection_reason: rejection },
        webhook: {
          field: 'phone_number_name_update',
          value: { display_phone_number: number.phoneNumber, decision: approved ? 'APPROVED' : 'REJECTED', requested_verified_name: requested, rejection_reason: rejection },
        },
      },
      at,
    );
    return { verdict, records: [record(phoneNumberChanged, { id: number.id, patch }), ...told] };
  };
}

/** The green tick's review; told as `account_alerts` OBA_APPROVED or OBA_REJECTED. */
export function officialBusinessApplier(deps: ApplierDeps): ReviewApplier {
  return async (review, verdict, at) => {
    const number = await reviewedNumber(deps, review);
    if (number === undefined) return { verdict, records: [] };
    const approved = verdict.decision === 'approve';
    const description = approved
      ? `${displayPhoneNumber(number.phoneNumber)} is an Official Business Account.`
      : `The Official Business Account request for ${displayPhoneNumber(number.phoneNumber)} was rejected: ${verdict.reason ?? ''}`;
    const told: UnitRecord[] = await notify(
      deps,
      {
        businessId: number.businessId,
        wabaId: number.wabaId,
        phoneNumberId: number.id,
        kind: 'number.official_business_account',
        severity: approved ? 'info' : 'warning',
        title: approved ? 'Official Business Account approved' : 'Official Business Account rejected',
        body: description,
        data: { review_id: review.id, reason: verdict.reason },
        webhook: {
          field: 'account_alerts',
          value: {
            entity_type: 'PHONE_NUMBER',
            entity_id: number.id,
            alert_info: { alert_severity: approved ? 'INFORMATIONAL' : 'WARNING', alert_status: 'ACTIVE', alert_type: approved ? 'OBA_APPROVED' : 'OBA_REJECTED', alert_description: description },
          },
        },
      },
      at,
    );
    return { verdict, records: approved ? [record(phoneNumberChanged, { id: number.id, patch: { isOfficialBusinessAccount: true } }), ...told] : told };
  };
}
