import type { CountryCode } from 'libphonenumber-js/max';
import type { BusinessSettings } from '../../policy/index.js';
import { whenKnown, type Awaitable } from '../../shared/index.js';
import { countryOfNumber, isCountryCode } from '../domain/phone-normalisation.js';
import { defaultVerificationLimits, type VerificationBlock, type VerificationLimits } from '../domain/verification.policy.js';
import type { ContactSettings, ContactsRepository } from '../ports.js';

const contactsSetting = 'contacts';
const blockSetting = 'contacts.verification-block';
const identitySetting = (phoneNumberId: string): string => `identity-check:${phoneNumberId}`;

export interface ResolvedContactSettings {
  /** The setting, else the country of the business's first phone number. */
  readonly defaultCountry: CountryCode | undefined;
  readonly defaultCountrySource: 'setting' | 'phone_number' | 'none';
  readonly verification: VerificationLimits;
}

export interface SettingsDeps {
  readonly settings: BusinessSettings;
  readonly contacts: Pick<ContactsRepository, 'firstNumberOf'>;
}

export async function contactSettingsOf(deps: SettingsDeps, businessId: string): Promise<ResolvedContactSettings> {
  const stored = (await deps.settings.get<ContactSettings>(businessId, contactsSetting)) ?? {};
  const verification = { ...defaultVerificationLimits, ...stored.verification };
  if (stored.defaultCountry !== undefined && isCountryCode(stored.defaultCountry)) return { defaultCountry: stored.defaultCountry, defaultCountrySource: 'setting', verification };
  const first = await deps.contacts.firstNumberOf(businessId);
  const country = first === undefined ? undefined : countryOfNumber(first);
  return { defaultCountry: country, defaultCountrySource: country === undefined ? 'none' : 'phone_number', verification };
}

export async function changeContactSettings(deps: SettingsDeps, businessId: string, change: ContactSettings, now: number): Promise<ResolvedContactSettings> {
  const stored = (await deps.settings.get<ContactSettings>(businessId, contactsSetting)) ?? {};
  const next: ContactSettings = {
    ...stored,
    ...(change.defaultCountry === undefined ? {} : { defaultCountry: change.defaultCountry }),
    verification: { ...stored.verification, ...change.verification },
  };
  await deps.settings.put(businessId, contactsSetting, next, now);
  return contactSettingsOf(deps, businessId);
}

export function verificationBlockOf(settings: BusinessSettings, businessId: string): Awaitable<VerificationBlock | undefined> {
  return settings.get<VerificationBlock>(businessId, blockSetting);
}

export function saveVerificationBlock(settings: BusinessSettings, businessId: string, block: VerificationBlock, now: number): Promise<void> {
  return settings.put(businessId, blockSetting, block, now);
}

/** `user_identity_change.enable_identity_key_check` of a phone number (off unless turned on): at once while its setting is held. */
export function identityCheckOf(settings: BusinessSettings, businessId: string, phoneNumberId: string): Awaitable<boolean> {
  return whenKnown(settings.get<{ enabled: boolean }>(businessId, identitySetting(phoneNumberId)), isEnabled);
}

const isEnabled = (setting: { enabled: boolean } | undefined): boolean => setting?.enabled === true;

export function setIdentityCheck(settings: BusinessSettings, businessId: string, phoneNumberId: string, enabled: boolean, now: number): Promise<void> {
  return settings.put(businessId, identitySetting(phoneNumberId), { enabled }, now);
}
