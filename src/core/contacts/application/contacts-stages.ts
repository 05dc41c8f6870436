import type { PhoneNumber } from '../../accounts/index.js';
import { proceed, type InboundStage, type MessageRecord, type SendStage, type SendVerdict, type StatusAddition, type StatusStage } from '../../messaging/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import { record, whenKnown, type IdSource, type UnitRecord } from '../../shared/index.js';
import { contactSeen, identityCheckedSend, numberMessaged, type IdentityDirectory, type IdentitySends } from '../ports.js';
import { identityCheckOf } from './contact-settings.js';
import { newContact } from './save-contact.js';
import type { UnmessagedChecks } from './unmessaged-checks.js';

export interface IdentityStageDeps {
  readonly settings: BusinessSettings;
  readonly identities: IdentityDirectory;
}

/**
 * A user who writes in becomes a contact of the business if they were not one. With the identity
 * check on for the number, the webhook's contact carries the user's `identity_key_hash` and the
 * contact learns it.
 */
export function inboundContactStage(deps: IdentityStageDeps & { readonly ids: IdSource }): InboundStage {
  return {
    name: 'contacts.inbound',
    async onInbound({ number, message, profileName, now }) {
      const checked = await identityCheckOf(deps.settings, number.businessId, number.id);
      const hash = checked ? deps.identities.currentHash(message.waId) : null;
      const contact = { ...newContact({ id: deps.ids.key(), businessId: number.businessId, waId: message.waId, name: profileName, source: 'inbound' }, now), identityHash: hash };
      return { ...(hash === null ? {} : { contact: { identity_key_hash: hash } }), records: [record(contactSeen, contact)] };
    },
  };
}

/**
 * `recipient_identity_key_hash` on a send (with the identity check on): a hash that is not the
 * user's current one means the number may have changed hands, so the message is not delivered and
 * fails with 137000, as the Cloud API does.
 */
export function identitySendStage(deps: IdentityStageDeps): SendStage {
  return {
    name: 'contacts.identity',
    check({ body, number, message }) {
      const hash = (body as Readonly<Record<string, unknown>>)['recipient_identity_key_hash'];
      if (typeof hash !== 'string' || hash.length === 0) return proceed;
      return checkIdentity(deps, number, message, hash);
    },
  };
}

/** A send that names the identity it expects fails with 137000 when the user's identity changed (with the check on). */
async function checkIdentity(deps: IdentityStageDeps, number: PhoneNumber, message: MessageRecord, hash: string): Promise<SendVerdict> {
  if (!(await identityCheckOf(deps.settings, number.businessId, number.id))) return proceed;
  const current = deps.identities.currentHash(message.waId);
  if (hash !== current) {
    return {
      outcome: 'fail',
      errorCode: 137000,
      details: `recipient_identity_key_hash '${hash}' is not the current identity of ${message.waId}: the user reinstalled WhatsApp, changed phones or the number changed hands. Confirm who they are, then send without the hash or with the new one.`,
    };
  }
  const records: UnitRecord[] = [record(identityCheckedSend, { messageKey: message.key, hash })];
  return { outcome: 'continue', records };
}

/** With the identity check on, statuses of messages sent without a hash carry the user's current one. */
export function identityStatusStage(deps: IdentityStageDeps & { readonly sends: IdentitySends }): StatusStage {
  return {
    name: 'contacts.identity-status',
    onStatus({ number, message }) {
      if (message.direction !== 'outbound') return noAddition;
      const checked = identityCheckOf(deps.settings, number.businessId, number.id);
      // Off, and its setting held: nothing to look up.
      if (checked === false) return noAddition;
      return currentIdentity(deps, message, checked);
    },
  };
}

const noAddition: StatusAddition = {};

async function currentIdentity(deps: IdentityStageDeps & { readonly sends: IdentitySends }, message: MessageRecord, checked: Promise<boolean> | true): Promise<StatusAddition> {
  if (!(await checked) || (await deps.sends.sentWithHash(message.key))) return noAddition;
  return { payload: { recipient_identity_key_hash: deps.identities.currentHash(message.waId) } };
}

/** A send to a number the business checked counts as messaging it (the anti-abuse limit on checks). */
export function messagedCheckStage(unmessaged: UnmessagedChecks): SendStage {
  return {
    name: 'contacts.checked-number-messaged',
    check({ number, message, now }) {
      const verdict = (known: boolean): SendVerdict => (known ? { outcome: 'continue', records: [record(numberMessaged, { businessId: number.businessId, waId: message.waId, at: now })] } : proceed);
      return whenKnown(unmessaged.has(number.businessId, message.waId), verdict);
    },
  };
}
