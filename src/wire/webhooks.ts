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
  readonly recipient_identity_key_hash?: string;
  readonly conversation?: {
    readonly id: string;
    readonly expiration_timestamp?: string;
    readonly origin: { readonly type: string };
  };
  readonly pricing?: {
    readonly billable: boolean;
    readonly pricing_model: string;
    readonly category: string;
    readonly type?: string;
  };
}

/** One inbound message of a `messages` webhook: the common fields, then the object named by `type`. */
export interface InboundMessagePayload {
  readonly from: string;
  readonly id: string;
  readonly timestamp: string;
  readonly type: string;
  readonly context?: { readonly from: string; readonly id: string };
  readonly [field: string]: unknown;
}

export interface InboundTextPayload extends InboundMessagePayload {
  readonly type: 'text';
  readonly text: { readonly body: string };
}

/** A `system` message: the user changed number (`user_changed_number`) or identity (`customer_identity_changed`); no `contacts` accompany it. */
export interface InboundSystemPayload {
  readonly from: string;
  readonly id: string;
  readonly timestamp: string;
  readonly type: 'system';
  readonly system: Readonly<Record<string, string>>;
}

export interface InboundContactPayload {
  readonly profile: { readonly name: string };
  readonly wa_id: string;
  readonly identity_key_hash?: string;
}

export interface MessagesValue {
  readonly messaging_product: 'whatsapp';
  readonly metadata: WebhookMetadata;
  readonly contacts?: readonly InboundContactPayload[];
  readonly messages?: readonly (InboundMessagePayload | InboundSystemPayload)[];
  readonly statuses?: readonly StatusPayload[];
}

export interface MessagesChange {
  readonly field: 'messages';
  readonly value: MessagesValue;
}

/** The fields of a WABA's management webhooks (reference: Meta's webhook field references). */
export type ManagementField =
  | 'account_update'
  | 'account_review_update'
  | 'account_alerts'
  | 'business_capability_update'
  | 'phone_number_name_update'
  | 'phone_number_quality_update'
  | 'message_template_status_update'
  | 'message_template_quality_update'
  | 'message_template_components_update'
  | 'template_category_update'
  | 'security'
  | 'user_preferences'
  | 'flows';

export interface ManagementChange {
  readonly field: ManagementField;
  readonly value: Readonly<Record<string, unknown>>;
}

export type WebhookChange = MessagesChange | ManagementChange;

export interface WebhookEntry {
  readonly id: string;
  /** Unix seconds; management fields carry it, `messages` entries usually do not. */
  readonly time?: number;
  readonly changes: readonly WebhookChange[];
}

export interface WebhookEnvelope {
  readonly object: 'whatsapp_business_account';
  readonly entry: readonly WebhookEntry[];
}

export function messagesWebhook(wabaId: string, value: MessagesValue): WebhookEnvelope {
  return { object: 'whatsapp_business_account', entry: [{ id: wabaId, changes: [{ field: 'messages', value }] }] };
}

/** A management field's change, as Meta sends it: one entry for the WABA with the time of the event. */
export function managementWebhook(wabaId: string, field: ManagementField, value: Readonly<Record<string, unknown>>, epochMilliseconds: number): WebhookEnvelope {
  return { object: 'whatsapp_business_account', entry: [{ id: wabaId, time: Math.floor(epochMilliseconds / 1000), changes: [{ field, value }] }] };
}

/** Unix seconds as the string Meta puts in `timestamp`. */
export function webhookTimestamp(epochMilliseconds: number): string {
  return String(Math.floor(epochMilliseconds / 1000));
}
