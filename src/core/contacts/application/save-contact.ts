import { domainError, fail, ok, record, unitOf, type DomainError, type Result, type UnitRecord } from '../../shared/index.js';
import { normaliseTags, type Attributes, type Contact } from '../domain/contact.model.js';
import { absorbContact, editContact, mergeContactData, type ContactEdit } from '../domain/contact-merge.policy.js';
import { businessNotFound, contactNotFound, numberProblemText } from '../domain/contacts.errors.js';
import { normaliseNumber } from '../domain/phone-normalisation.js';
import { contactDeleted, contactEventsMoved, contactInserted, contactUpdated } from '../ports.js';
import { contactSettingsOf } from './contact-settings.js';
import { historyEvent, type ContactsDeps } from './contacts-deps.js';

export interface NewContact {
  readonly businessId: string;
  readonly phone: string;
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly attributes?: Attributes;
}

export interface SavedContact {
  readonly contact: Contact;
  /** False when the number was already a contact and the new data merged into it. */
  readonly created: boolean;
  readonly changed: readonly string[];
}

async function waIdFor(deps: ContactsDeps, businessId: string, phone: string): Promise<Result<string, DomainError>> {
  const { defaultCountry } = await contactSettingsOf(deps, businessId);
  const waId = normaliseNumber(phone, defaultCountry);
  return waId.ok ? waId : fail(domainError('PARAMETER_INVALID', numberProblemText(phone, waId.error)));
}

export function newContact(input: { readonly id: string; readonly businessId: string; readonly waId: string; readonly name?: string; readonly tags?: readonly string[]; readonly attributes?: Attributes; readonly source: string }, now: number): Contact {
  return {
    id: input.id,
    businessId: input.businessId,
    waId: input.waId,
    name: input.name?.trim() ?? '',
    attributes: input.attributes ?? {},
    tags: normaliseTags(input.tags ?? []),
    verification: 'unverified',
    verifiedAt: null,
    identityHash: null,
    pendingIdentity: null,
    source: input.source,
    createdAt: now,
    updatedAt: now,
  };
}

/** Creates a contact; a number the business already has merges into that contact (with a history line). */
export async function createContact(deps: ContactsDeps, input: NewContact): Promise<Result<SavedContact, DomainError>> {
  if ((await deps.accounts.findBusiness(input.businessId)) === undefined) return fail(businessNotFound(input.businessId));
  const waId = await waIdFor(deps, input.businessId, input.phone);
  if (!waId.ok) return waId;
  const now = deps.clock.now();
  const existing = await deps.contacts.findByWaId(input.businessId, waId.value);
  if (existing !== undefined) {
    const merged = mergeContactData(existing, input, now);
    if (merged.changed.length > 0) {
      await deps.writer.commit(
        unitOf([record(contactUpdated, { contact: merged.contact, previousTags: existing.tags }), historyEvent(deps.ids, { businessId: input.businessId, contactId: existing.id, kind: 'merged', data: { from: 'api', changed: merged.changed } }, now)]),
      );
    }
    return ok({ contact: merged.contact, created: false, changed: merged.changed });
  }
  const contact = newContact({ ...input, id: deps.ids.key(), waId: waId.value, source: 'api' }, now);
  await deps.writer.commit(unitOf([record(contactInserted, contact), historyEvent(deps.ids, { businessId: input.businessId, contactId: contact.id, kind: 'created', data: { source: 'api' } }, now)]));
  return ok({ contact, created: true, changed: [] });
}

/** The records of one contact absorbing another: survivor rewritten, history moved, the other removed. */
export function absorbRecords(deps: Pick<ContactsDeps, 'ids'>, survivor: Contact, absorbed: Contact, now: number, reason: Readonly<Record<string, unknown>>): { contact: Contact; records: UnitRecord[] } {
  const merged = absorbContact(survivor, absorbed, now);
  return {
    contact: merged.contact,
    records: [
      record(contactUpdated, { contact: merged.contact, previousTags: survivor.tags }),
      record(contactEventsMoved, { businessId: survivor.businessId, from: absorbed.id, to: survivor.id }),
      record(contactDeleted, { businessId: absorbed.businessId, id: absorbed.id, tags: absorbed.tags }),
      historyEvent(deps.ids, { businessId: survivor.businessId, contactId: survivor.id, kind: 'merged', data: { ...reason, absorbed: absorbed.id, absorbed_wa_id: absorbed.waId, changed: merged.changed } }, now),
    ],
  };
}

export interface UpdateRequest extends ContactEdit {
  readonly businessId: string;
  readonly id: string;
  readonly phone?: string;
}

/**
 * Edits a contact. A new number that another contact of the business already has merges this
 * contact into that one (the person is the same): the answer is the surviving contact.
 */
export async function updateContact(deps: ContactsDeps, request: UpdateRequest): Promise<Result<Contact, DomainError>> {
  const contact = await deps.contacts.find(request.businessId, request.id);
  if (contact === undefined) return fail(contactNotFound(request.id));
  const now = deps.clock.now();
  const edited = editContact(contact, request, now);
  const records: UnitRecord[] = [];
  let result = edited.contact;
  if (request.phone !== undefined) {
    const waId = await waIdFor(deps, request.businessId, request.phone);
    if (!waId.ok) return waId;
    if (waId.value !== contact.waId) {
      const holder = await deps.contacts.findByWaId(request.businessId, waId.value);
      if (holder !== undefined) {
        const absorbed = absorbRecords(deps, holder, edited.contact, now, { reason: 'number_edited' });
        await deps.writer.commit(unitOf(absorbed.records));
        return ok(absorbed.contact);
      }
      result = { ...result, waId: waId.value, verification: 'unverified', verifiedAt: null, identityHash: null, pendingIdentity: null, updatedAt: now };
      records.push(historyEvent(deps.ids, { businessId: contact.businessId, contactId: contact.id, kind: 'number_changed', data: { from: contact.waId, to: waId.value, reason: 'edited' } }, now));
    }
  }
  if (edited.changed.length > 0) records.push(historyEvent(deps.ids, { businessId: contact.businessId, contactId: contact.id, kind: 'updated', data: { changed: edited.changed } }, now));
  if (records.length === 0) return ok(contact);
  await deps.writer.commit(unitOf([record(contactUpdated, { contact: result, previousTags: contact.tags })], records));
  return ok(result);
}

export async function deleteContact(deps: ContactsDeps, businessId: string, id: string): Promise<Result<void, DomainError>> {
  const contact = await deps.contacts.find(businessId, id);
  if (contact === undefined) return fail(contactNotFound(id));
  await deps.writer.commit(unitOf([record(contactDeleted, { businessId, id, tags: contact.tags })]));
  return ok(undefined);
}

/** Two contacts of the same person: `absorbedId` merges into `survivorId`, whose number stays. */
export async function mergeContacts(deps: ContactsDeps, businessId: string, survivorId: string, absorbedId: string): Promise<Result<Contact, DomainError>> {
  if (survivorId === absorbedId) return fail(domainError('PARAMETER_INVALID', 'A contact cannot be merged into itself.'));
  const survivor = await deps.contacts.find(businessId, survivorId);
  if (survivor === undefined) return fail(contactNotFound(survivorId));
  const absorbed = await deps.contacts.find(businessId, absorbedId);
  if (absorbed === undefined) return fail(contactNotFound(absorbedId));
  const merged = absorbRecords(deps, survivor, absorbed, deps.clock.now(), { reason: 'merged_by_api' });
  await deps.writer.commit(unitOf(merged.records));
  return ok(merged.contact);
}

/** The business accepts the contact's new identity: the contact may be messaged from the CRM again. */
export async function acknowledgeIdentity(deps: ContactsDeps, businessId: string, id: string): Promise<Result<Contact, DomainError>> {
  const contact = await deps.contacts.find(businessId, id);
  if (contact === undefined) return fail(contactNotFound(id));
  if (contact.pendingIdentity === null) return fail(domainError('PARAMETER_INVALID', `Contact '${id}' has no identity change to acknowledge.`));
  const now = deps.clock.now();
  const acknowledged: Contact = { ...contact, identityHash: contact.pendingIdentity.hash, pendingIdentity: null, updatedAt: now };
  await deps.writer.commit(
    unitOf([
      record(contactUpdated, { contact: acknowledged, previousTags: contact.tags }),
      historyEvent(deps.ids, { businessId, contactId: id, kind: 'identity_acknowledged', data: { hash: acknowledged.identityHash, changed_at: contact.pendingIdentity.detectedAt } }, now),
    ]),
  );
  return ok(acknowledged);
}

