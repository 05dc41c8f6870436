import { numberCap, type Business, type PhoneNumber } from '../../core/accounts/index.js';
import type { NumberStatusChange, VerificationCode } from '../../core/numbers/index.js';
import { codeMessage } from '../../core/numbers/index.js';
import type { BusinessProfile } from '../../core/profiles/index.js';
import type { Review, ReviewerSettings } from '../../core/reviews/index.js';
import { displayPhoneNumber } from '../../core/shared/index.js';
import { phoneNumberFields } from '../graph/phone-number.view.js';
import type { OnboardingSettings } from './onboarding.deps.js';

const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString());

export function businessView(business: Business, numbers: number): Record<string, unknown> {
  return {
    id: business.id,
    name: business.name,
    signup_mode: business.signupMode,
    email: business.email,
    verification_status: business.verificationStatus,
    verification_reason: business.verificationReason,
    verified_at: iso(business.verifiedAt),
    phone_numbers: numbers,
    max_phone_numbers: numberCap(business),
    created_at: iso(business.createdAt),
  };
}

export function reviewView(review: Review): Record<string, unknown> {
  return {
    id: review.id,
    kind: review.kind,
    status: review.status,
    business_id: review.businessId,
    waba_id: review.wabaId,
    phone_number_id: review.phoneNumberId,
    requested_at: iso(review.requestedAt),
    due_at: iso(review.dueAt),
    decided_at: iso(review.decidedAt),
    decided_by: review.decidedBy,
    reason: review.reason,
    details: review.details,
  };
}

/** The number as the operator sees it: every Graph field, plus what Graph does not show. */
export function numberAdminView(number: PhoneNumber, extra: { readonly warnings?: readonly string[]; readonly history?: readonly NumberStatusChange[] } = {}): Record<string, unknown> {
  return {
    ...phoneNumberFields(number),
    waba_id: number.wabaId,
    business_id: number.businessId,
    phone_number: number.phoneNumber,
    registered: number.registered,
    commerce_review: number.commerceReview,
    migrated_from: number.migratedFrom,
    data_localization_region: number.dataLocalizationRegion,
    ...(extra.warnings === undefined || extra.warnings.length === 0 ? {} : { warnings: extra.warnings }),
    ...(extra.history === undefined
      ? {}
      : { status_history: extra.history.map((change) => ({ from: change.from, to: change.to, event: change.event, cause: change.cause, at: iso(change.at) })) }),
  };
}

export function codeView(code: VerificationCode): Record<string, unknown> {
  return {
    phone_number_id: code.phoneNumberId,
    display_phone_number: displayPhoneNumber(code.phoneNumber),
    method: code.method,
    language: code.language,
    code: code.delivered ? code.code : null,
    text: code.delivered ? codeMessage(code.code, code.method) : null,
    delivered: code.delivered,
    sent_at: iso(code.sentAt),
    expires_at: iso(code.expiresAt),
    used: code.usedAt !== null,
  };
}

/** The origin a request came to, for URLs of Kabar's own (`http://127.0.0.1:3000`). */
export function originOf(request: { readonly protocol: string; readonly host: string }): string {
  return `${request.protocol}://${request.host}`;
}

/** The business profile in Graph's field names; a picture Kabar serves gets the request's origin. */
export function profileFields(profile: BusinessProfile, origin: string): Record<string, unknown> {
  const picture = profile.profilePictureUrl;
  return {
    about: profile.about,
    address: profile.address,
    description: profile.description,
    email: profile.email,
    profile_picture_url: picture === null ? undefined : picture.startsWith('/') ? `${origin}${picture}` : picture,
    websites: profile.websites,
    vertical: profile.vertical === '' ? undefined : profile.vertical,
  };
}

/** What a simulated customer's phone shows when it opens the business's profile. */
export function simProfileView(number: PhoneNumber, profile: BusinessProfile, origin: string): Record<string, unknown> {
  const named = number.nameStatus === 'APPROVED';
  return {
    display_phone_number: displayPhoneNumber(number.phoneNumber),
    name: named ? number.verifiedName : displayPhoneNumber(number.phoneNumber),
    official_business_account: number.isOfficialBusinessAccount,
    ...profileFields(profile, origin),
  };
}

export function settingsView(settings: OnboardingSettings): Record<string, unknown> {
  const reviewers = (value: ReviewerSettings): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).map(([kind, setting]) => [kind, { outcome: setting.outcome, delay_ms: setting.delayMs, reason: setting.reason }]));
  return { reviewers: reviewers(settings.reviewers), starting_tier: settings.startingTier };
}
