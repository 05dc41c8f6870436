/**
 * Meta's display name guidelines, as the simulated reviewer applies them. The rejection reasons are
 * those of the `phone_number_name_update` webhook; the checks are Kabar's reading of the guidelines
 * (a reviewer at Meta judges more, e.g. whether a name is a person's).
 */
export type NameRejectionReason =
  | 'NAME_EMPLOYEE_ISSUE'
  | 'NAME_ENDCLIENT_NOTRELATED'
  | 'NAME_FORMAT_UNACCEPTABLE'
  | 'NAME_INDIVIDUAL_ISSUE'
  | 'NAME_NOT_CONSISTENT'
  | 'UNKNOWN';

export const nameRejectionReasons: readonly NameRejectionReason[] = [
  'NAME_EMPLOYEE_ISSUE', 'NAME_ENDCLIENT_NOTRELATED', 'NAME_FORMAT_UNACCEPTABLE', 'NAME_INDIVIDUAL_ISSUE', 'NAME_NOT_CONSISTENT', 'UNKNOWN',
];

export interface NameFinding {
  readonly reason: NameRejectionReason;
  readonly rule: string;
}

export const displayNameMinLength = 3;
export const displayNameMaxLength = 512;

/** Words that say what a business does, not which business it is: a name made only of them is generic. */
const genericWords = new Set(['shop', 'store', 'sale', 'sales', 'offer', 'offers', 'deal', 'deals', 'info', 'support', 'service', 'services', 'customer', 'care', 'help', 'official', 'business', 'company', 'admin', 'team', 'the', 'and', 'toko', 'promo', 'cs']);

function words(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 2);
}

export function displayNameFindings(name: string, businessName: string): NameFinding[] {
  const findings: NameFinding[] = [];
  const format = (rule: string): void => {
    findings.push({ reason: 'NAME_FORMAT_UNACCEPTABLE', rule });
  };
  const trimmed = name.trim();
  if (trimmed.length < displayNameMinLength || trimmed.length > displayNameMaxLength) format(`a display name has ${displayNameMinLength} to ${displayNameMaxLength} characters`);
  if (/\p{Extended_Pictographic}/u.test(trimmed)) format('a display name has no emoji');
  if (/[!?.,*#~_+=-]{2,}/.test(trimmed) || /[<>{}[\]^|\\@$%]/.test(trimmed)) format('a display name has no repeated punctuation or special characters');
  const letters = trimmed.replace(/[^\p{L}]/gu, '');
  const shouting = (letters.length >= 5 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) || trimmed.split(/\s+/).some((word) => /^\p{Lu}{5,}$/u.test(word));
  if (shouting) format('a display name is not written in capitals, except for acronyms (up to 4 letters)');
  if (/whats\s*app/i.test(trimmed)) format('a display name does not use the WhatsApp brand');
  const nameWords = words(trimmed);
  if (nameWords.length > 0 && nameWords.every((word) => genericWords.has(word))) format('a display name is not a generic term only');
  const businessWords = new Set(words(businessName).filter((word) => !genericWords.has(word)));
  if (findings.length === 0 && businessWords.size > 0 && !nameWords.some((word) => businessWords.has(word))) {
    findings.push({ reason: 'NAME_NOT_CONSISTENT', rule: 'a display name relates to the name of the business' });
  }
  return findings;
}
