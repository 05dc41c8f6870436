/** Request and response schemas of `POST /{phone-number-id}/messages` (developers.facebook.com/docs/whatsapp/cloud-api/reference/messages). */
import { Type, type Static } from 'typebox';
import { contactsParameter, interactiveObject, locationObject, mediaObject, reactionObject } from './message-objects.schema.js';

export const phoneNumberIdParams = Type.Object({ phoneNumberId: Type.String({ pattern: '^[0-9]{1,32}$' }) });

export const textObject = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 4096 }),
    preview_url: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const sendMessageBody = Type.Object(
  {
    messaging_product: Type.Literal('whatsapp'),
    recipient_type: Type.Optional(Type.Literal('individual')),
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    text: Type.Optional(textObject),
    image: Type.Optional(mediaObject),
    video: Type.Optional(mediaObject),
    audio: Type.Optional(mediaObject),
    document: Type.Optional(mediaObject),
    sticker: Type.Optional(mediaObject),
    location: Type.Optional(locationObject),
    contacts: Type.Optional(contactsParameter),
    reaction: Type.Optional(reactionObject),
    interactive: Type.Optional(interactiveObject),
    context: Type.Optional(Type.Object({ message_id: Type.String({ minLength: 1, maxLength: 256 }) })),
    biz_opaque_callback_data: Type.Optional(Type.String({ maxLength: 512 })),
    status: Type.Optional(Type.Literal('read')),
    message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    typing_indicator: Type.Optional(Type.Object({ type: Type.Literal('text') })),
  },
  { additionalProperties: true },
);
export type SendMessageBody = Static<typeof sendMessageBody>;

export const sendMessageResponse = Type.Object({
  messaging_product: Type.Literal('whatsapp'),
  contacts: Type.Array(Type.Object({ input: Type.String(), wa_id: Type.String() })),
  messages: Type.Array(Type.Object({ id: Type.String(), message_status: Type.Optional(Type.String()) })),
});
export type SendMessageResponse = Static<typeof sendMessageResponse>;

/**
 * What the messages edge answers: a send response, or `{"success":true}` for a read receipt. One
 * object with optional members serialises much faster than a union of the two.
 */
export const messagesEdgeResponse = Type.Object({
  messaging_product: Type.Optional(Type.Literal('whatsapp')),
  contacts: Type.Optional(sendMessageResponse.properties.contacts),
  messages: Type.Optional(sendMessageResponse.properties.messages),
  success: Type.Optional(Type.Boolean()),
});
