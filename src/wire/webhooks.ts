/** Webhook payloads of the `messages` field (developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). */
import type { WebhookError } from './graph-errors.js';

export interface WebhookMetadata {
  readonly display_phone_number: string;
  readonly phone_number_id: string;
}

export type OutboundStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusPayload {
  readonly id: string;
  readonly status: OutboundStatus;
  readonly timestamp: string;
  readonly recipient_id: string;
  readonly biz_opaque_callback_data?: string;
  readonly errors?: readonly WebhookError[];
}

export interface InboundTextPayload {
  readonly from: string;
  readonly id: string;
  readonly timestamp: string;
  readonly type: 'text';
  readonly text: { readonly body: string };
  readonly context?: { readonly from: string; readonly id: string };
}

export interface InboundContactPayload {
  readonly profile: { readonly name: string };
  readonly wa_id: string;
}

export interface MessagesValue {
  readonly messaging_product: 'whatsapp';
  readonly metadata: WebhookMetadata;
  readonly contacts?: readonly InboundContactPayload[];
  readonly messages?: readonly InboundTextPayload[];
  readonly statuses?: readonly StatusPayload[];
}

export interface WebhookChange {
  readonly field: 'messages';
  readonly value: MessagesValue;
}

export interface WebhookEnvelope {
  readonly object: 'whatsapp_business_account';
  readonly entry: readonly { readonly id: string; readonly changes: readonly WebhookChange[] }[];
}

export function messagesWebhook(wabaId: string, value: MessagesValue): WebhookEnvelope {
  return { object: 'whatsapp_business_account', entry: [{ id: wabaId, changes: [{ field: 'messages', value }] }] };
}

/** Unix seconds as the string Meta puts in `timestamp`. */
export function webhookTimestamp(epochMilliseconds: number): string {
  return String(Math.floor(epochMilliseconds / 1000));
}
