import { encodeWamid, messagesWebhook, webhookError, webhookTimestamp, type StatusPayload, type WebhookEnvelope } from '../../../wire/index.js';
import type { PhoneNumber } from '../../accounts/index.js';
import type { MessageRecord } from '../domain/message.model.js';
import type { StatusEvent } from '../domain/status.machine.js';
import type { GraphErrorCode } from '../../../wire/index.js';

function metadata(number: PhoneNumber): { display_phone_number: string; phone_number_id: string } {
  return { display_phone_number: number.phoneNumber, phone_number_id: number.id };
}

export function statusWebhook(
  number: PhoneNumber,
  message: MessageRecord,
  change: { readonly event: StatusEvent; readonly errorCode?: GraphErrorCode; readonly details?: string },
  at: number,
  /** Fields status stages add (conversation, pricing, identity hash). */
  extra: Readonly<Partial<StatusPayload>> = {},
): WebhookEnvelope {
  const status: StatusPayload = {
    id: encodeWamid({ waId: message.waId, key: message.key }),
    status: change.event,
    timestamp: webhookTimestamp(at),
    recipient_id: message.waId,
    ...(message.bizOpaqueCallbackData === null ? {} : { biz_opaque_callback_data: message.bizOpaqueCallbackData }),
    ...(change.errorCode === undefined ? {} : { errors: [webhookError(change.errorCode, change.details ?? '')] }),
    ...extra,
  };
  return messagesWebhook(number.wabaId, { messaging_product: 'whatsapp', metadata: metadata(number), statuses: [status] });
}

/** What Meta puts in `errors` of an `unsupported` message (its unsupported-messages webhook reference). */
const unsupportedErrors = [
  { code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } },
];

/**
 * The fields of an inbound message that depend on its type: `type`, then the content under the
 * type's name (`text: {body}`, `order: {…}`), with a referral lifted to the message itself.
 * `contacts` is an array on the wire and `unsupported` carries its error.
 */
export function inboundMessageFields(message: MessageRecord): { readonly type: string } & Record<string, unknown> {
  const { referral, ...content } = message.content;
  const byType: Record<string, unknown> =
    message.type === 'contacts' ? { contacts: content['contacts'] } : message.type === 'unsupported' ? { unsupported: content, errors: unsupportedErrors } : { [message.type]: content };
  return { type: message.type, ...byType, ...(referral === undefined ? {} : { referral }) };
}

export function inboundWebhook(
  number: PhoneNumber,
  message: MessageRecord,
  profileName: string,
  repliedTo: MessageRecord | undefined,
  /** Fields inbound stages add to the contact (identity hash) and to the message. */
  extra: { readonly contact?: Readonly<Record<string, unknown>>; readonly message?: Readonly<Record<string, unknown>> } = {},
): WebhookEnvelope {
  return messagesWebhook(number.wabaId, {
    messaging_product: 'whatsapp',
    metadata: metadata(number),
    contacts: [{ profile: { name: profileName }, wa_id: message.waId, ...extra.contact }],
    messages: [
      {
        ...extra.message,
        from: message.waId,
        id: encodeWamid({ waId: message.waId, key: message.key }),
        timestamp: webhookTimestamp(message.createdAt),
        ...inboundMessageFields(message),
        ...(repliedTo === undefined ? {} : { context: { from: number.phoneNumber, id: encodeWamid({ waId: repliedTo.waId, key: repliedTo.key }) } }),
      },
    ],
  });
}
