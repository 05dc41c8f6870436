import { encodeWamid, messagesWebhook, webhookTimestamp } from '../../../wire/index.js';
import type { AccountsRepository, PhoneNumber } from '../../accounts/index.js';
import { messageStored, type MessageRecord } from '../../messaging/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import { record, records, type Clock, type IdSource, type UnitRecord } from '../../shared/index.js';
import { outboxQueued, outboxRecords, type WebhookTargets } from '../../webhooks/index.js';
import type { Contact } from '../domain/contact.model.js';
import { contactUpdated, type ContactsRepository } from '../ports.js';
import { identityCheckOf } from './contact-settings.js';
import { historyEvent } from './contacts-deps.js';
import { absorbRecords } from './save-contact.js';

export interface IdentityEventDeps {
  readonly accounts: Pick<AccountsRepository, 'findPhoneNumber'>;
  readonly contacts: ContactsRepository;
  readonly settings: BusinessSettings;
  readonly targets: WebhookTargets;
  readonly clock: Clock;
  readonly ids: IdSource;
}

type SystemBody = Readonly<Record<string, string>>;

/** A `system` message from the user to a business number: stored like any inbound message, sent as a `messages` webhook without `contacts`. */
async function systemMessage(deps: IdentityEventDeps, number: PhoneNumber, from: string, system: SystemBody, at: number): Promise<UnitRecord[]> {
  const message: MessageRecord = {
    key: deps.ids.key(),
    businessId: number.businessId,
    wabaId: number.wabaId,
    phoneNumberId: number.id,
    direction: 'inbound',
    waId: from,
    type: 'system',
    content: { ...system },
    category: null,
    status: 'received',
    errorCode: null,
    contextKey: null,
    bizOpaqueCallbackData: null,
    idempotencyKey: null,
    requestFingerprint: null,
    createdAt: at,
    updatedAt: at,
  };
  const envelope = messagesWebhook(number.wabaId, {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: number.phoneNumber, phone_number_id: number.id },
    messages: [{ from, id: encodeWamid({ waId: from, key: message.key }), timestamp: webhookTimestamp(at), type: 'system', system }],
  });
  const targets = await deps.targets.forWaba(number.wabaId);
  return [record(messageStored, message), ...records(outboxQueued, outboxRecords(deps.ids, { businessId: number.businessId, targets, envelope, now: at }))];
}

async function numbersInTouch(deps: IdentityEventDeps, waId: string): Promise<PhoneNumber[]> {
  const found: PhoneNumber[] = [];
  for (const { phoneNumberId } of await deps.contacts.numbersInTouchWith(waId)) {
    const number = await deps.accounts.findPhoneNumber(phoneNumberId);
    if (number !== undefined) found.push(number);
  }
  return found;
}

/**
 * A user's identity changed (a reinstall, a new phone, or the number passed to someone else). Each
 * business number in touch with the user that turned the identity check on gets a
 * `customer_identity_changed` system message, and the contact in that business's CRM waits for an
 * acknowledgement before it can be messaged from the CRM again.
 */
export async function identityChanged(deps: IdentityEventDeps, input: { readonly waId: string; readonly hash: string }): Promise<UnitRecord[]> {
  const at = deps.clock.now();
  const added: UnitRecord[] = [];
  const told = new Set<string>();
  for (const number of await numbersInTouch(deps, input.waId)) {
    if (!(await identityCheckOf(deps.settings, number.businessId, number.id))) continue;
    added.push(...(await systemMessage(deps, number, input.waId, { body: `User ${input.waId} changed identity`, identity: input.hash, customer: input.waId, type: 'customer_identity_changed' }, at)));
    told.add(number.businessId);
  }
  for (const businessId of told) {
    const contact = await deps.contacts.findByWaId(businessId, input.waId);
    if (contact === undefined) continue;
    const changed: Contact = { ...contact, pendingIdentity: { hash: input.hash, detectedAt: at }, updatedAt: at };
    added.push(
      record(contactUpdated, { contact: changed, previousTags: contact.tags }),
      historyEvent(deps.ids, { businessId, contactId: contact.id, kind: 'identity_changed', data: { previous_hash: contact.identityHash, hash: input.hash } }, at),
    );
  }
  return added;
}

export interface NumberChange {
  readonly records: readonly UnitRecord[];
  /** The businesses whose contact moved to the new number. */
  readonly businesses: readonly string[];
}

/**
 * A user changed their number. Every business number in touch with them gets a `user_changed_number`
 * system message; in each such business's CRM the contact moves to the new number and keeps its
 * history (merging into the contact that already held the new number, if any).
 */
export async function numberChanged(deps: IdentityEventDeps, input: { readonly from: string; readonly to: string; readonly profileName: string }): Promise<NumberChange> {
  const at = deps.clock.now();
  const added: UnitRecord[] = [];
  const businesses = new Set<string>();
  for (const number of await numbersInTouch(deps, input.from)) {
    added.push(...(await systemMessage(deps, number, input.from, { body: `User ${input.profileName} changed from ${input.from} to ${input.to}`, wa_id: input.to, type: 'user_changed_number' }, at)));
    businesses.add(number.businessId);
  }
  for (const businessId of businesses) {
    const contact = await deps.contacts.findByWaId(businessId, input.from);
    if (contact === undefined) continue;
    const moved: Contact = { ...contact, waId: input.to, updatedAt: at };
    const holder = await deps.contacts.findByWaId(businessId, input.to);
    if (holder !== undefined) {
      added.push(...absorbRecords(deps, holder, moved, at, { reason: 'user_changed_number', from: input.from }).records);
      added.push(historyEvent(deps.ids, { businessId, contactId: holder.id, kind: 'number_changed', data: { from: input.from, to: input.to, reason: 'user_changed_number' } }, at));
    } else {
      added.push(record(contactUpdated, { contact: moved, previousTags: contact.tags }));
      added.push(historyEvent(deps.ids, { businessId, contactId: contact.id, kind: 'number_changed', data: { from: input.from, to: input.to, reason: 'user_changed_number' } }, at));
    }
  }
  return { records: added, businesses: [...businesses] };
}
