import type { CountryCode } from 'libphonenumber-js/max';
import { recordKind } from '../shared/index.js';
import type { Contact, ContactEvent } from './domain/contact.model.js';
import type { ContactImport, ImportRowError } from './domain/import.model.js';
import type { NumberCheck, VerificationBlock, VerificationLimits } from './domain/verification.policy.js';

/** A new contact; a number that became a contact meanwhile wins (the insert is skipped). */
export const contactInserted = recordKind<Contact>('contacts.inserted');
/** A contact rewritten whole; `previousTags` lets the writer keep the tag index in step. */
export const contactUpdated = recordKind<{ readonly contact: Contact; readonly previousTags: readonly string[] }>('contacts.updated');
/** A contact's history moves to the contact that absorbed it. */
export const contactEventsMoved = recordKind<{ readonly businessId: string; readonly from: string; readonly to: string }>('contacts.events-moved');
export const contactDeleted = recordKind<{ readonly businessId: string; readonly id: string; readonly tags: readonly string[] }>('contacts.deleted');
export const contactEventRecorded = recordKind<ContactEvent>('contacts.event');
/** A user wrote in: the contact is created if the business has none for the number. */
export const contactSeen = recordKind<Contact>('contacts.seen');
export const importSaved = recordKind<ContactImport>('contacts.import');
export const importRowFailed = recordKind<ImportRowError>('contacts.import-error');
export const numberChecked = recordKind<NumberCheck>('contacts.number-checked');
export const numberMessaged = recordKind<{ readonly businessId: string; readonly waId: string; readonly at: number }>('contacts.number-messaged');
/** A send that carried `recipient_identity_key_hash`: its statuses do not repeat the hash. */
export const identityCheckedSend = recordKind<{ readonly messageKey: string; readonly hash: string }>('contacts.identity-checked-send');

export type ContactSearch =
  | { readonly by: 'all' }
  | { readonly by: 'name'; readonly prefix: string }
  | { readonly by: 'number'; readonly prefix: string }
  | { readonly by: 'tag'; readonly tag: string };

export interface ContactsRepository {
  find(businessId: string, id: string): Promise<Contact | undefined>;
  findByWaId(businessId: string, waId: string): Promise<Contact | undefined>;
  findByWaIds(businessId: string, waIds: readonly string[]): Promise<Contact[]>;
  /** Ordered by the searched key, then id; `after` is the last id of the previous page (and its key). */
  search(businessId: string, search: ContactSearch, page: { readonly after?: string; readonly limit: number; readonly tag?: string }): Promise<Contact[]>;
  /** Every contact of a business in id order, a page at a time (export). */
  listAfter(businessId: string, afterId: string | undefined, limit: number): Promise<Contact[]>;
  history(businessId: string, contactId: string, limit: number): Promise<ContactEvent[]>;
  /** Business phone numbers that exchanged messages with this user. */
  numbersInTouchWith(waId: string): Promise<{ readonly phoneNumberId: string; readonly businessId: string }[]>;
  /** The country of the business's first phone number, used when it set no default country. */
  firstNumberOf(businessId: string): Promise<string | undefined>;
}

export interface ImportsRepository {
  findImport(businessId: string, id: string): Promise<ContactImport | undefined>;
  listImports(businessId: string, limit: number): Promise<ContactImport[]>;
  rowErrors(importId: string, afterRow: number, limit: number): Promise<ImportRowError[]>;
}

export interface NumberChecksRepository {
  findChecks(businessId: string, waIds: readonly string[]): Promise<NumberCheck[]>;
  countUnmessaged(businessId: string, since: number): Promise<number>;
  unmessaged(businessId: string, since: number): Promise<string[]>;
}

export interface IdentitySends {
  sentWithHash(messageKey: string): Promise<boolean>;
}

/** Whether a number has WhatsApp: the simulator in Kabar, Meta in proxy mode. */
export interface NumberDirectory {
  onWhatsApp(waId: string): boolean;
}

/** The identity key of a user's current installation (a new one after a reinstall or a new phone). */
export interface IdentityDirectory {
  currentHash(waId: string): string;
}

/** A business's contact settings, as stored. */
export interface ContactSettings {
  readonly defaultCountry?: CountryCode;
  readonly verification?: Partial<VerificationLimits>;
}

export type { VerificationBlock };
