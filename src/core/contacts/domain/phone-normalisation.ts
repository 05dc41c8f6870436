import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
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
 * without the plus) and `0062…` all give the same contact. Of the readings a written form allows,
 * the first that is a valid number wins; failing that, the first of a possible length (Meta accepts
 * those, and fictional ranges such as +1 555-01xx are only possible).
 */
export function normaliseNumber(input: string, defaultCountry: CountryCode | undefined): Result<string, NumberProblem> {
  const trimmed = input.trim();
  if (trimmed.length === 0) return fail('missing');
  if (!allowed.test(trimmed)) return fail('not_a_number');
  const digits = trimmed.replace(/[^0-9]/g, '');
  if (digits.length < 5 || digits.length > 17) return fail('invalid');
  // The digits are the whole number: nothing to extract from surrounding text.
  const international = (number: string): PhoneNumber | undefined => parsePhoneNumberFromString(`+${number}`, { extract: false });
  const national = (): PhoneNumber | undefined => (defaultCountry === undefined ? undefined : parsePhoneNumberFromString(digits, { defaultCountry, extract: false }));
  let first: PhoneNumber | undefined;
  let second: PhoneNumber | undefined;
  if (trimmed.startsWith('+')) first = international(digits);
  else if (digits.startsWith('00')) first = international(digits.slice(2));
  else if (digits.startsWith('0')) first = national();
  else {
    // International without the plus, then national: the second reading is parsed only when the first is not valid.
    first = international(digits);
    if (first?.isValid() === true) return ok(first.number.slice(1));
    second = national();
  }
  const chosen = [first, second].find((reading) => reading?.isValid() === true) ?? [first, second].find((reading) => reading?.isPossible() === true);
  return chosen === undefined ? fail('invalid') : ok(chosen.number.slice(1));
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
