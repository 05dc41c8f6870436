/** A message as Kabar keeps it: outbound (business → user) or inbound (user → business). */
export type Direction = 'outbound' | 'inbound';
export type MessageStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'received';

/** Message types, outbound and inbound (reference §2.3–2.5, §4.4). */
export type MessageType =
  | 'text' | 'image' | 'video' | 'audio' | 'document' | 'sticker' | 'location' | 'contacts' | 'reaction'
  | 'interactive' | 'template' | 'button' | 'order' | 'system' | 'unsupported';

/** Conversation categories for pricing: a template's category, `service` for everything else. */
export type MessageCategory = 'marketing' | 'utility' | 'authentication' | 'service';

export interface TextContent {
  readonly body: string;
  readonly previewUrl?: boolean;
}

/**
 * What a message holds, by type: `{ body, previewUrl }` for text, the type's own fields for the
 * others (composers write them, the simulated phone and the webhooks read them). Stored as JSON.
 */
export type MessageContent = { readonly body?: string } & Readonly<Record<string, unknown>>;

export interface MessageRecord {
  /** Time-ordered key; the wamid encodes it with the counterpart's wa_id. */
  readonly key: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly direction: Direction;
  /** The user's wa_id: the recipient of an outbound message, the sender of an inbound one. */
  readonly waId: string;
  readonly type: MessageType;
  readonly content: MessageContent;
  /** The pricing category of an outbound message; null for inbound ones. */
  readonly category: MessageCategory | null;
  readonly status: MessageStatus;
  readonly errorCode: number | null;
  readonly contextKey: string | null;
  readonly bizOpaqueCallbackData: string | null;
  readonly idempotencyKey: string | null;
  /** Digest of the request that carried the idempotency key; a retry must match it. */
  readonly requestFingerprint: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface StatusChange {
  readonly key: string;
  readonly status: MessageStatus;
  readonly errorCode: number | null;
  readonly updatedAt: number;
  /** The message as it was before this change: the status it leaves, and what analytics counts it by. */
  readonly message: MessageRecord;
}
