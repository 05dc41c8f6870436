import { decodeWamid, encodeWamid } from '../../../wire/index.js';
import type { AccountsRepository } from '../../accounts/index.js';
import { domainError, fail, ok, record, records, unitOf, type Clock, type DomainError, type IdSource, type Result, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import { outboxQueued, outboxRecords, type WebhookTargets } from '../../webhooks/index.js';
import type { MessageRecord } from '../domain/message.model.js';
import type { InboundPayload, Referral } from '../domain/content.model.js';
import { messageStored, windowTouched, type MessagingRepository } from '../ports.js';
import type { InboundStage, InboundWithheld } from '../stages.js';
import { inboundWebhook } from './webhook-values.js';

export interface ReceiveMessageDeps {
  readonly accounts: AccountsRepository;
  readonly messages: MessagingRepository;
  readonly writer: WriteBatcher;
  readonly targets: WebhookTargets;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** What other modules do with each inbound message (contacts, consent keywords, identity), in order. */
  readonly stages: readonly InboundStage[];
}

export interface InboundMessage {
  readonly phoneNumberId: string;
  readonly from: string;
  readonly profileName: string;
  /** What the user sent: its type and that type's content. */
  readonly payload: InboundPayload;
  /** The message this one answers (a reply, a tapped button, an order from a product message). */
  readonly contextWamid?: string;
  /** The click-to-WhatsApp ad the user came from, on their first message after the click. */
  readonly referral?: Referral;
}

export interface ReceivedMessage {
  readonly wamid: string;
  /** The message as stored; when withheld, as the user's phone shows it (status `sent`, never stored). */
  readonly message: MessageRecord;
  /** Set when the message did not reach the business (the number blocked the user). */
  readonly withheld?: InboundWithheld;
}

/**
 * A user's message reaches a business number: it is stored, (re)opens the 24-hour window for that
 * pair, and becomes a `messages` webhook for every subscribed app, all in one transaction. A message
 * a stage withholds (the number blocked the user) stays on the user's side: nothing is written.
 */
export async function receiveMessage(deps: ReceiveMessageDeps, inbound: InboundMessage): Promise<Result<ReceivedMessage, DomainError>> {
  const number = await deps.accounts.findPhoneNumber(inbound.phoneNumberId);
  if (number === undefined) return fail(domainError('NODE_NOT_FOUND', `No phone number with id '${inbound.phoneNumberId}'.`));
  if (inbound.from === number.phoneNumber) return fail(domainError('RECIPIENT_IS_SENDER', 'A number cannot message itself.'));
  let repliedTo: MessageRecord | undefined;
  if (inbound.contextWamid !== undefined) {
    const parts = decodeWamid(inbound.contextWamid);
    repliedTo = parts === undefined ? undefined : await deps.messages.findMessage(parts.key);
    if (repliedTo === undefined || repliedTo.phoneNumberId !== number.id) {
      return fail(domainError('PARAMETER_INVALID', `'${inbound.contextWamid}' is not a message of this conversation.`));
    }
  }
  const now = deps.clock.now();
  const message: MessageRecord = {
    key: deps.ids.key(),
    businessId: number.businessId,
    wabaId: number.wabaId,
    phoneNumberId: number.id,
    direction: 'inbound',
    waId: inbound.from,
    type: inbound.payload.type,
    content: { ...inbound.payload.content, ...(inbound.referral === undefined ? {} : { referral: inbound.referral }) },
    category: null,
    status: 'received',
    errorCode: null,
    contextKey: repliedTo?.key ?? null,
    bizOpaqueCallbackData: null,
    idempotencyKey: null,
    requestFingerprint: null,
    createdAt: now,
    updatedAt: now,
  };
  const wamid = encodeWamid({ waId: message.waId, key: message.key });
  for (const stage of deps.stages) {
    const withheld = await stage.withhold?.({ number, waId: message.waId, now });
    if (withheld !== undefined) return ok({ wamid, message: { ...message, status: 'sent' }, withheld });
  }
  const added: UnitRecord[] = [];
  let contactExtra: Record<string, unknown> = {};
  let messageExtra: Record<string, unknown> = {};
  for (const stage of deps.stages) {
    const addition = await stage.onInbound({ number, message, profileName: inbound.profileName, now });
    contactExtra = { ...contactExtra, ...addition.contact };
    messageExtra = { ...messageExtra, ...addition.message };
    added.push(...(addition.records ?? []));
  }
  const outbox = outboxRecords(deps.ids, {
    businessId: number.businessId,
    targets: await deps.targets.forWaba(number.wabaId),
    envelope: inboundWebhook(number, message, inbound.profileName, repliedTo, { contact: contactExtra, message: messageExtra }),
    now,
    messageKey: message.key,
  });
  await deps.writer.commit(
    unitOf([record(messageStored, message), record(windowTouched, { phoneNumberId: number.id, waId: message.waId, lastInboundAt: now })], records(outboxQueued, outbox), added),
  );
  return ok({ wamid, message });
}
