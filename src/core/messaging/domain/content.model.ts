/**
 * What each type of message holds once composed (outbound) or received (inbound): the `content` of
 * a `MessageRecord`, stored as JSON. Outbound content is what the simulated phone renders; inbound
 * content is the object the `messages` webhook carries under the message's type.
 */
import type { ContactCard } from '../../../wire/index.js';

export type { ContactCard };

/** A media message as sent: exactly one of `id` (uploaded) or `link`. */
export interface MediaContent {
  readonly id?: string;
  readonly link?: string;
  readonly caption?: string;
  readonly filename?: string;
}

export interface LocationContent {
  readonly latitude: number;
  readonly longitude: number;
  readonly name?: string;
  readonly address?: string;
  readonly url?: string;
}

export interface ContactsContent {
  readonly contacts: readonly ContactCard[];
}

/** A reaction to `message_id` (a wamid); an empty or absent emoji removes the reaction. */
export interface ReactionContent {
  readonly message_id: string;
  readonly emoji?: string;
}

/**
 * A button the simulated user can tap. `reply` buttons (interactive `button`) answer with an
 * `interactive.button_reply`; `quick_reply` buttons (templates) with a `button` message.
 */
export interface TappableButton {
  readonly id: string;
  readonly title: string;
  readonly kind: 'reply' | 'quick_reply';
  readonly payload?: string;
}

export interface ListRow {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export interface ListContent {
  /** The label of the button that opens the list. */
  readonly button: string;
  readonly sections: readonly { readonly title?: string; readonly rows: readonly ListRow[] }[];
}

/** A product as the message showed it: the catalog's entry at the time of the send. */
export interface ProductCard {
  readonly product_retailer_id: string;
  readonly name: string;
  /** Major units (15000 for Rp 15.000, 7.99 for $7.99). */
  readonly price: number;
  readonly currency: string;
  readonly image_url: string | null;
}

export type InteractiveHeaderContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image' | 'video' | 'document'; readonly media: MediaContent };

export type InteractiveType = 'button' | 'list' | 'product' | 'product_list' | 'catalog_message' | 'cta_url' | 'flow' | 'location_request_message';

/** An interactive message as the phone draws it: header, body, footer and what its action offers. */
export interface InteractiveContent {
  readonly type: InteractiveType;
  readonly header?: InteractiveHeaderContent;
  readonly body?: string;
  readonly footer?: string;
  readonly buttons?: readonly TappableButton[];
  readonly list?: ListContent;
  readonly catalog_id?: string;
  readonly product?: ProductCard;
  readonly product_sections?: readonly { readonly title?: string; readonly products: readonly ProductCard[] }[];
  /** cta_url: the button's label and where it leads. */
  readonly cta?: { readonly display_text: string; readonly url: string };
  /** flow: the parameters it was sent with (running the flow is not simulated). */
  readonly flow?: Readonly<Record<string, unknown>>;
}

/** What a user answers with when they tap a reply button, pick a list row or complete a Flow (`nfm_reply`). */
export type InteractiveReplyContent =
  | { readonly type: 'button_reply'; readonly button_reply: { readonly id: string; readonly title: string } }
  | { readonly type: 'list_reply'; readonly list_reply: { readonly id: string; readonly title: string; readonly description?: string } }
  | { readonly type: 'nfm_reply'; readonly nfm_reply: { readonly name: 'flow'; readonly body: string; readonly response_json: string } };

export interface OrderItem {
  readonly product_retailer_id: string;
  readonly quantity: number;
  readonly item_price: number;
  readonly currency: string;
}

export interface OrderContent {
  readonly catalog_id: string;
  readonly text?: string;
  readonly product_items: readonly OrderItem[];
}

/** A click-to-WhatsApp ad (or post) the user came from; it rides on their first message. */
export interface Referral {
  readonly source_url: string;
  readonly source_id: string;
  readonly source_type: 'ad' | 'post';
  readonly headline?: string;
  readonly body?: string;
  readonly media_type?: 'image' | 'video';
  readonly image_url?: string;
  readonly video_url?: string;
  readonly thumbnail_url?: string;
  readonly ctwa_clid?: string;
  readonly welcome_message?: { readonly text: string };
}

/**
 * A media message a user sent, as its webhook carries it: the media id the business downloads with
 * `GET /{media-id}`, its MIME type and hash; a caption (image, video, document), a file name
 * (document), whether audio is a voice note and whether a sticker is animated.
 */
export interface InboundMediaContent {
  readonly caption?: string;
  readonly filename?: string;
  readonly mime_type: string;
  readonly sha256: string;
  readonly id: string;
  readonly voice?: boolean;
  readonly animated?: boolean;
}

/**
 * The content of each kind of inbound message, by webhook type. A module that receives a new kind
 * (media, for one) adds it here; `inboundMessageFields` turns the content into its webhook fields.
 */
export interface InboundContentByType {
  readonly text: { readonly body: string };
  readonly location: LocationContent;
  readonly contacts: ContactsContent;
  readonly reaction: ReactionContent;
  readonly interactive: InteractiveReplyContent;
  /** A template quick-reply button: its label and the payload the business set. */
  readonly button: { readonly text: string; readonly payload: string };
  readonly order: OrderContent;
  readonly image: InboundMediaContent;
  readonly video: InboundMediaContent;
  readonly audio: InboundMediaContent;
  readonly document: InboundMediaContent;
  readonly sticker: InboundMediaContent;
  /** A message type the Cloud API does not deliver (a poll, a group invite…): only its name. */
  readonly unsupported: { readonly type: string };
}

export type InboundType = keyof InboundContentByType;

/** One inbound message: its type and the content of that type. */
export type InboundPayload = { readonly [Type in InboundType]: { readonly type: Type; readonly content: InboundContentByType[Type] } }[InboundType];
