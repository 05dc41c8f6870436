import { checkNumberCap, phoneNumberAdded, startingLimitTier, type PhoneNumber, type MigratedFrom } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import { openReview } from '../../reviews/index.js';
import { displayPhoneNumber, domainError, fail, ok, planned, record, toWaId, type DomainError, type Planned, type Result } from '../../shared/index.js';
import type { NumbersDeps } from './numbers-deps.js';

export interface AddNumberInput {
  readonly wabaId: string;
  /** International format (`+62 812…`), or the national part when `countryCode` is given. */
  readonly phoneNumber: string;
  readonly countryCode?: string;
  readonly verifiedName: string;
  /** Meta's `migrate_phone_number`: the number moves here from another provider's Cloud or On-Premises API. */
  readonly migratePhoneNumber?: boolean;
}

export interface AddedNumber {
  readonly number: PhoneNumber;
  readonly warnings: readonly string[];
}

export const businessAppMigrationWarning =
  'This number was on the WhatsApp Business App: once it is registered on the Cloud API the app stops working for it, and its chat history may be lost. Back up the chats in the app first.';

/** The number's digits as a wa_id, from what a client sent. */
export function businessNumberDigits(input: { readonly phoneNumber: string; readonly countryCode?: string }): string | undefined {
  const trimmed = input.phoneNumber.trim();
  if (input.countryCode !== undefined) return toWaId(`+${input.countryCode.replace(/\D/g, '')}${trimmed.replace(/^\+/, '')}`, '');
  return toWaId(trimmed.startsWith('+') ? trimmed : `+${trimmed}`, '');
}

/**
 * Adds a new (or transferred) number to a WABA: Pending, its code not verified, its display name
 * under review. Refused when the business holds as many numbers as it may, and when the number is
 * someone's WhatsApp account (it must be deleted there first); a number from the WhatsApp Business
 * App comes with a warning.
 */
export async function planPhoneNumber(deps: NumbersDeps, input: AddNumberInput): Promise<Result<Planned<AddedNumber>, DomainError>> {
  const waba = await deps.accounts.findWaba(input.wabaId);
  if (waba === undefined) return fail(domainError('NODE_NOT_FOUND', `No WABA with id '${input.wabaId}'.`));
  const business = await deps.accounts.findBusiness(waba.businessId);
  if (business === undefined) return fail(domainError('NODE_NOT_FOUND', `No business with id '${waba.businessId}'.`));
  const digits = businessNumberDigits(input);
  const shown = input.countryCode === undefined ? input.phoneNumber : `+${input.countryCode} ${input.phoneNumber}`;
  if (digits === undefined) return fail(domainError('PARAMETER_INVALID', `'${shown}' is not a possible phone number in international format.`));
  if ((await deps.accounts.findPhoneNumberByNumber(digits)) !== undefined) {
    return fail(domainError('PARAMETER_INVALID', `${displayPhoneNumber(digits)} is already registered on Kabar.`));
  }
  const cap = checkNumberCap(business, await deps.accounts.countBusinessNumbers(business.id));
  if (!cap.ok) return cap;
  const account = await deps.directory.accountOf(digits);
  if (account === 'personal') {
    return fail(domainError('NUMBER_ON_WHATSAPP', `${displayPhoneNumber(digits)} is registered to a WhatsApp account. Delete that account in WhatsApp first (in the simulator: kabar sim account ${digits} none), then add the number again.`));
  }
  if (account === 'other_provider' && input.migratePhoneNumber !== true) {
    return fail(domainError('NUMBER_ON_WHATSAPP', `${displayPhoneNumber(digits)} is registered on the WhatsApp Business Platform with another provider. To transfer it here, add it again with migrate_phone_number: true.`));
  }
  const migratedFrom: MigratedFrom | null = account === 'business_app' ? 'business_app' : account === 'other_provider' ? 'other_provider' : null;
  const given = startingLimitTier(business, await deps.startingTier.startingTier());
  const messagingLimitTier = deps.tierOnLadder === undefined ? given : await deps.tierOnLadder(business.id, given);
  const now = deps.clock.now();
  const number: PhoneNumber = {
    id: deps.ids.nodeId(),
    wabaId: waba.id,
    businessId: business.id,
    phoneNumber: digits,
    verifiedName: input.verifiedName,
    qualityRating: 'GREEN',
    status: 'PENDING',
    codeVerificationStatus: 'NOT_VERIFIED',
    nameStatus: 'PENDING_REVIEW',
    newVerifiedName: null,
    newNameStatus: 'NONE',
    messagingLimitTier,
    throughputLevel: 'STANDARD',
    maintenanceUntil: null,
    registered: false,
    pinHash: null,
    commerceReview: 'none',
    isOfficialBusinessAccount: false,
    migratedFrom,
    dataLocalizationRegion: null,
    lastOnboardedAt: null,
    createdAt: now,
  };
  const warnings = migratedFrom === 'business_app' ? [businessAppMigrationWarning] : [];
  const review = await openReview(deps, { kind: 'display_name', businessId: business.id, wabaId: waba.id, phoneNumberId: number.id, details: { requested_name: input.verifiedName, change: false } }, now);
  const told = await notify(
    deps,
    {
      businessId: business.id,
      wabaId: waba.id,
      phoneNumberId: number.id,
      kind: 'number.added',
      severity: warnings.length > 0 ? 'warning' : 'info',
      title: `Number ${displayPhoneNumber(digits)} added`,
      body: [`Request a verification code, verify it and register the number to use it.`, ...warnings].join(' '),
      data: { phone_number_id: number.id, migrated_from: migratedFrom, transferred: migratedFrom === 'other_provider' },
    },
    now,
  );
  return ok(planned({ number, warnings }, [record(phoneNumberAdded, number)], review.records, told));
}
