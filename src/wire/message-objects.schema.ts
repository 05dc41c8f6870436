/**
 * The `<type>` objects of a send request, by type (developers.facebook.com/docs/whatsapp/cloud-api/reference/messages).
 * These schemas hold the structure: field names, JSON types, and what is always required. Meta's
 * lengths and counts answer 131009 rather than the schema's 100, so the composers check those.
 */
import { Type, type Static } from 'typebox';
import Value from 'typebox/value';

/** A media object: `id` (uploaded) or `link`; `caption` and `filename` only where the type has them. */
export const mediaObject = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 256 })),
  link: Type.Optional(Type.String({ maxLength: 4096 })),
  caption: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
  voice: Type.Optional(Type.Boolean()),
});
export type MediaObject = Static<typeof mediaObject>;

export const locationObject = Type.Object({
  latitude: Type.Number(),
  longitude: Type.Number(),
  name: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
});
export type LocationObject = Static<typeof locationObject>;

export const reactionObject = Type.Object({
  message_id: Type.String({ maxLength: 256 }),
  emoji: Type.String({ maxLength: 64 }),
});
export type ReactionObject = Static<typeof reactionObject>;

export const contactCard = Type.Object({
  name: Type.Optional(Type.Object({
    formatted_name: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    middle_name: Type.Optional(Type.String()),
    suffix: Type.Optional(Type.String()),
    prefix: Type.Optional(Type.String()),
  })),
  phones: Type.Optional(Type.Array(Type.Object({ phone: Type.Optional(Type.String()), wa_id: Type.Optional(Type.String()), type: Type.Optional(Type.String()) }))),
  emails: Type.Optional(Type.Array(Type.Object({ email: Type.Optional(Type.String()), type: Type.Optional(Type.String()) }))),
  urls: Type.Optional(Type.Array(Type.Object({ url: Type.Optional(Type.String()), type: Type.Optional(Type.String()) }))),
  addresses: Type.Optional(
    Type.Array(
      Type.Object({
        street: Type.Optional(Type.String()),
        city: Type.Optional(Type.String()),
        state: Type.Optional(Type.String()),
        zip: Type.Optional(Type.String()),
        country: Type.Optional(Type.String()),
        country_code: Type.Optional(Type.String()),
        type: Type.Optional(Type.String()),
      }),
    ),
  ),
  org: Type.Optional(Type.Object({ company: Type.Optional(Type.String()), department: Type.Optional(Type.String()), title: Type.Optional(Type.String()) })),
  birthday: Type.Optional(Type.String()),
});
export type ContactCard = Static<typeof contactCard>;

const contactCards = Type.Array(contactCard);

/**
 * `contacts` as an array, or as that array JSON-encoded in a string (Graph accepts JSON-encoded
 * parameters; whatsapp-api-js sends contacts that way). Left open in the request schema: a union
 * of the two would be mangled by the request validator's type coercion, so `contactCardsOf` checks it.
 */
export const contactsParameter = Type.Unknown();

/** The cards of a `contacts` parameter, or undefined when it is neither such an array nor that array JSON-encoded. */
export function contactCardsOf(parameter: unknown): readonly ContactCard[] | undefined {
  let decoded = parameter;
  if (typeof parameter === 'string') {
    try {
      decoded = JSON.parse(parameter);
    } catch {
      return undefined;
    }
  }
  return Value.Check(contactCards, decoded) ? decoded : undefined;
}

const textPart = Type.Object({ text: Type.String() });
const headerMedia = Type.Object({ id: Type.Optional(Type.String({ maxLength: 256 })), link: Type.Optional(Type.String({ maxLength: 4096 })), filename: Type.Optional(Type.String()) });

export const interactiveHeader = Type.Object({
  type: Type.String(),
  text: Type.Optional(Type.String()),
  image: Type.Optional(headerMedia),
  video: Type.Optional(headerMedia),
  document: Type.Optional(headerMedia),
});
export type InteractiveHeader = Static<typeof interactiveHeader>;

export const interactiveAction = Type.Object({
  buttons: Type.Optional(Type.Array(Type.Object({ type: Type.String(), reply: Type.Object({ id: Type.String(), title: Type.String() }) }))),
  button: Type.Optional(Type.String()),
  sections: Type.Optional(
    Type.Array(
      Type.Object({
        title: Type.Optional(Type.String()),
        rows: Type.Optional(Type.Array(Type.Object({ id: Type.String(), title: Type.String(), description: Type.Optional(Type.String()) }))),
        product_items: Type.Optional(Type.Array(Type.Object({ product_retailer_id: Type.String() }))),
      }),
    ),
  ),
  catalog_id: Type.Optional(Type.String({ maxLength: 64 })),
  product_retailer_id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  parameters: Type.Optional(
    Type.Object({
      display_text: Type.Optional(Type.String()),
      url: Type.Optional(Type.String()),
      thumbnail_product_retailer_id: Type.Optional(Type.String()),
      flow_message_version: Type.Optional(Type.String()),
      flow_token: Type.Optional(Type.String()),
      flow_id: Type.Optional(Type.String()),
      flow_name: Type.Optional(Type.String()),
      flow_cta: Type.Optional(Type.String()),
      mode: Type.Optional(Type.String()),
      flow_action: Type.Optional(Type.String()),
      flow_action_payload: Type.Optional(Type.Object({ screen: Type.Optional(Type.String()), data: Type.Optional(Type.Record(Type.String(), Type.Unknown())) })),
    }),
  ),
});
export type InteractiveAction = Static<typeof interactiveAction>;

export const interactiveObject = Type.Object({
  type: Type.String(),
  header: Type.Optional(interactiveHeader),
  body: Type.Optional(textPart),
  footer: Type.Optional(textPart),
  action: interactiveAction,
});
export type InteractiveObject = Static<typeof interactiveObject>;
