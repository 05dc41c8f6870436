import { parsePhoneNumberFromString, type CountryCallingCode } from 'libphonenumber-js/max';
import { memoize } from './memo.js';

/**
 * Normalises what a client puts in `to` (plus sign, spaces, dashes, brackets allowed) to a wa_id:
 * E.164 digits without the plus. A number without "+" is read as international when that is a
 * possible number, else the business number's country calling code is prepended, as Meta does.
 * Parsing with full metadata costs tens of microseconds; the same recipients recur constantly.
 */
export const toWaId: (input: string, businessNumber: string) => string | undefined = memoize(50_000, (input: string, businessNumber: string) => `${businessNumber}|${input}`, parseWaId);

function parseWaId(input: string, businessNumber: string): string | undefined {
  const trimmed = input.trim();
  if (!/^\+?[0-9 ()\-.]+$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/[^0-9]/g, '');
  if (digits.length === 0) return undefined;
  const international = parsePhoneNumberFromString(`+${digits}`);
  if (international?.isPossible()) return international.number.slice(1);
  if (trimmed.startsWith('+')) return undefined;
  const business = parsePhoneNumberFromString(`+${businessNumber}`);
  const callingCode: CountryCallingCode | undefined = business?.countryCallingCode;
  if (callingCode === undefined) return undefined;
  const national = parsePhoneNumberFromString(`+${callingCode}${digits}`);
  return national?.isPossible() ? national.number.slice(1) : undefined;
}

/** Display form of a number, "+1 555-010-0000" style, as Graph shows `display_phone_number`. */
export function displayPhoneNumber(waId: string): string {
  return parsePhoneNumberFromString(`+${waId}`)?.formatInternational() ?? `+${waId}`;
}

/** The ISO 3166 country of a wa_id, or null when its calling code has none. */
export const countryOf: (waId: string) => string | null = memoize(50_000, (waId: string) => waId, (waId: string) => {
  const parsed = parsePhoneNumberFromString(`+${waId}`);
  // A number outside the assigned ranges still has a calling code: its main country decides.
  return parsed?.country ?? parsed?.getPossibleCountries()[0] ?? null;
});
