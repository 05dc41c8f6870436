import type { PhoneNumber, Waba } from '../../core/accounts/index.js';
import { displayPhoneNumber } from '../../core/shared/index.js';

const graphTime = (epochMilliseconds: number): string => new Date(epochMilliseconds).toISOString().replace(/\.\d{3}Z$/, '+0000');

/**
 * A phone number node in Graph's field names. A field without a value (`new_display_name` when no
 * change was asked, `last_onboarded_time` before the first registration) is left out of the answer.
 */
export function phoneNumberFields(number: PhoneNumber): Record<string, unknown> {
  return {
    id: number.id,
    verified_name: number.verifiedName,
    display_phone_number: displayPhoneNumber(number.phoneNumber),
    quality_rating: number.qualityRating,
    status: number.status,
    code_verification_status: number.codeVerificationStatus,
    name_status: number.nameStatus,
    new_name_status: number.newNameStatus,
    new_display_name: number.newVerifiedName ?? undefined,
    messaging_limit_tier: number.messagingLimitTier,
    platform_type: number.registered ? 'CLOUD_API' : 'NOT_APPLICABLE',
    throughput: { level: number.throughputLevel },
    account_mode: 'LIVE',
    is_official_business_account: number.isOfficialBusinessAccount,
    is_pin_enabled: number.pinHash !== null,
    is_on_biz_app: false,
    is_preverified_number: false,
    last_onboarded_time: number.lastOnboardedAt === null ? undefined : graphTime(number.lastOnboardedAt),
  };
}

export const defaultPhoneNumberFields = ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'platform_type', 'throughput', 'id'];

export function wabaFields(waba: Waba): Record<string, unknown> {
  return {
    id: waba.id,
    name: waba.name,
    currency: waba.currency,
    timezone_id: waba.timezoneId,
    message_template_namespace: `kabar_${waba.id}`,
    // A WABA Kabar holds has passed its account review, and belongs to the business that made it.
    account_review_status: 'APPROVED',
    ownership_type: 'SELF',
  };
}

export const defaultWabaFields = ['id', 'name', 'currency', 'timezone_id', 'message_template_namespace'];

export type FieldSelection = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly field: string };

/** Applies `?fields=a,b`; `id` always comes back, an unknown field is an error as on Graph. */
export function selectFields(all: Record<string, unknown>, requested: string | undefined, defaults: readonly string[]): FieldSelection {
  const names = requested === undefined ? defaults : requested.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const value: Record<string, unknown> = {};
  for (const name of names) {
    if (!Object.hasOwn(all, name)) return { ok: false, field: name };
    value[name] = all[name];
  }
  value['id'] = all['id'];
  return { ok: true, value };
}
