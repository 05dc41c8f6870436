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
        type: 'text',
        text: { body: message.content.body ?? '' },
        ...(repliedTo === undefined ? {} : { context: { from: number.phoneNumber, id: encodeWamid({ waId: repliedTo.waId, key: repliedTo.key }) } }),
      },
    ],
  });
}
