import { parsePhoneNumberFromString, type CountryCallingCode } from 'libphonenumber-js/max';

/**
 * Normalises what a client puts in `to` (plus sign, spaces, dashes, brackets allowed) to a wa_id:
 * E.164 digits without the plus. A number without "+" is read as international when that is a
 * possible number, else the business number's country calling code is prepended, as Meta does.
 */
export function toWaId(input: string, businessNumber: string): string | undefined {
  const cacheKey = `${businessNumber}|${input}`;
  if (resolved.has(cacheKey)) return resolved.get(cacheKey);
  const waId = parseWaId(input, businessNumber);
  // Parsing with full metadata costs tens of microseconds; the same recipients recur constantly.
  if (resolved.size >= 50_000) resolved.clear();
  resolved.set(cacheKey, waId);
  return waId;
}

const resolved = new Map<string, string | undefined>();

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

const countries = new Map<string, string | null>();

/** The ISO 3166 country of a wa_id, or null when its calling code has none. */
export function countryOf(waId: string): string | null {
  const remembered = countries.get(waId);
  if (remembered !== undefined) return remembered;
  const parsed = parsePhoneNumberFromString(`+${waId}`);
  // A number outside the assigned ranges still has a calling code: its main country decides.
  const country = parsed?.country ?? parsed?.getPossibleCountries()[0] ?? null;
  if (countries.size >= 50_000) countries.clear();
  countries.set(waId, country);
  return country;
}
