import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { fail, ok, type Result } from '../../shared/index.js';

export type NumberProblem = 'missing' | 'not_a_number' | 'invalid';

const allowed = /^\+?[0-9 ()\-./]+$/;

/** Whether a two-letter code is a region libphonenumber-js knows. */
export function isCountryCode(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

/**
 * A number as people write it in a contact list, to a wa_id (E.164 digits): `+62 812-3456-7890`,
 * `0812 3456 7890` (national, read in the business's default country), `62812…` (international
 * without the plus) and `0062…` all give the same contact. A number must be valid for its region.
 */
export function normaliseNumber(input: string, defaultCountry: CountryCode | undefined): Result<string, NumberProblem> {
  const trimmed = input.trim();
  if (trimmed.length === 0) return fail('missing');
  if (!allowed.test(trimmed)) return fail('not_a_number');
  const digits = trimmed.replace(/[^0-9]/g, '');
  if (digits.length < 5 || digits.length > 17) return fail('invalid');
  if (trimmed.startsWith('+')) return international(digits);
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (digits.startsWith('0')) return national(digits, defaultCountry);
  // Digits without a trunk prefix: international when they form a valid number, else national.
  const asInternational = parsePhoneNumberFromString(`+${digits}`);
  if (asInternational?.isValid() === true) return ok(asInternational.number.slice(1));
  return national(digits, defaultCountry);
}

function international(digits: string): Result<string, NumberProblem> {
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed?.isValid() === true ? ok(parsed.number.slice(1)) : fail('invalid');
}

function national(digits: string, defaultCountry: CountryCode | undefined): Result<string, NumberProblem> {
  if (defaultCountry === undefined) return fail('invalid');
  const parsed = parsePhoneNumberFromString(digits, defaultCountry);
  return parsed?.isValid() === true ? ok(parsed.number.slice(1)) : fail('invalid');
}

/**
 * The start of a number typed into a search box, as the start of a wa_id: `+62 812`, `62812` and
 * (with the default country) `0812` all search `62812`. Undefined when it holds no digits.
 */
export function numberPrefix(input: string, defaultCountry: CountryCode | undefined): string | undefined {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[^0-9]/g, '');
  if (digits.length === 0) return undefined;
  if (trimmed.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (digits.startsWith('0') && defaultCountry !== undefined) return `${getCountryCallingCode(defaultCountry)}${digits.slice(1)}`;
  return digits;
}

/** The region of an E.164 number (for the default country of a business from its phone number). */
export function countryOfNumber(waId: string): CountryCode | undefined {
  return parsePhoneNumberFromString(`+${waId}`)?.country;
}
