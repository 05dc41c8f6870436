/** A contact of the CRM: one person on one number, per business. */
export type AttributeValue = string | number | boolean;
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** Whether the number was checked for WhatsApp (the On-Premises contact check, or the CRM's). */
export type VerificationState = 'unverified' | 'valid' | 'invalid';

/** An identity change the business has not acknowledged yet: the contact cannot be messaged from the CRM. */
export interface PendingIdentityChange {
  readonly hash: string;
  readonly detectedAt: number;
}

export interface Contact {
  /** Time-ordered key. */
  readonly id: string;
  readonly businessId: string;
  /** E.164 digits without the plus sign. */
  readonly waId: string;
  readonly name: string;
  readonly attributes: Attributes;
  /** Lower-case, unique, sorted. */
  readonly tags: readonly string[];
  readonly verification: VerificationState;
  readonly verifiedAt: number | null;
  /** The identity hash the business last accepted for this contact, if it knows one. */
  readonly identityHash: string | null;
  readonly pendingIdentity: PendingIdentityChange | null;
  /** How the contact came in: `api`, `inbound`, `import:<job id>`. */
  readonly source: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type ContactEventKind = 'created' | 'updated' | 'merged' | 'number_changed' | 'identity_changed' | 'identity_acknowledged' | 'verified';

/** One line of a contact's history. */
export interface ContactEvent {
  readonly key: string;
  readonly businessId: string;
  readonly contactId: string;
  readonly kind: ContactEventKind;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

const maxTagLength = 64;

/** Tags are compared without case and surrounding space; empty ones are dropped. */
export function normaliseTags(tags: readonly string[]): string[] {
  if (tags.length <= 1) {
    // Most contacts carry one tag or none: the same answer without a set and a sort.
    const clean = (tags[0] ?? '').trim().toLowerCase().slice(0, maxTagLength);
    return clean.length > 0 ? [clean] : [];
  }
  const unique = new Set<string>();
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase().slice(0, maxTagLength);
    if (clean.length > 0) unique.add(clean);
  }
  return [...unique].sort();
}

const nonAscii = /[\u0080-\uffff]/;

/**
 * The words of a name as a name search sees them: lower case, accents removed, anything but letters
 * and digits a single space. Searches match the start of this text.
 */
export function searchName(name: string): string {
  // An ASCII name has no accents to take apart (most names of an import): the same words without it.
  const letters = nonAscii.test(name) ? name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : name;
  return letters
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 256);
}
