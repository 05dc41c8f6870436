/**
 * What a simulated user does besides writing text: send a location, contact cards, an unsupported
 * message or a first message from an ad; tap a button or pick a list row; react; order.
 */
import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contactCard } from '../../wire/index.js';
import {
  orderFromMessage, reactToMessage, receiveMessage, tapReply, type InboundPayload, type ReceivedMessage, type PhoneActor, type ProductCatalog, type Referral,
} from '../../core/messaging/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { receivedAnswer } from '../sim/message.view.js';
import { actingBusiness, businessNumberId, receiveDeps, writingUser } from '../sim/sim-senders.js';

const waIdParams = Type.Object({ waId: Type.String({ minLength: 1, maxLength: 32 }) });
const wamid = Type.String({ minLength: 1, maxLength: 256 });
const name = Type.Optional(Type.String({ minLength: 1, maxLength: 128 }));

const referralBody = Type.Object({
  source_url: Type.String({ minLength: 1, maxLength: 2000 }),
  source_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  source_type: Type.Optional(Type.Union([Type.Literal('ad'), Type.Literal('post')])),
  headline: Type.Optional(Type.String({ maxLength: 1000 })),
  body: Type.Optional(Type.String({ maxLength: 4096 })),
  media_type: Type.Optional(Type.Union([Type.Literal('image'), Type.Literal('video')])),
  image_url: Type.Optional(Type.String({ maxLength: 2000 })),
  video_url: Type.Optional(Type.String({ maxLength: 2000 })),
  thumbnail_url: Type.Optional(Type.String({ maxLength: 2000 })),
  ctwa_clid: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  welcome_message: Type.Optional(Type.Object({ text: Type.String({ maxLength: 4096 }) })),
});

const userMessageBody = Type.Object(
  {
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    name,
    context: Type.Optional(wamid),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    location: Type.Optional(
      Type.Object({
        latitude: Type.Number({ minimum: -90, maximum: 90 }),
        longitude: Type.Number({ minimum: -180, maximum: 180 }),
        name: Type.Optional(Type.String({ maxLength: 1000 })),
        address: Type.Optional(Type.String({ maxLength: 1000 })),
        url: Type.Optional(Type.String({ maxLength: 2000 })),
      }),
    ),
    contacts: Type.Optional(Type.Array(contactCard, { minItems: 1, maxItems: 20 })),
    unsupported: Type.Optional(Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }) })),
    referral: Type.Optional(referralBody),
  },
  // `propertyNames`, not `additionalProperties: false`: Fastify strips unknown properties, and a misspelt field must be refused, not ignored.
  { propertyNames: { enum: ['to', 'name', 'context', 'text', 'location', 'contacts', 'unsupported', 'referral'] } },
);

type UserMessageBody = Static<typeof userMessageBody>;

/** The one kind of message the body names. */
function payloadOf(body: UserMessageBody): Result<InboundPayload, DomainError> {
  const given: InboundPayload[] = [];
  if (body.text !== undefined) given.push({ type: 'text', content: { body: body.text } });
  if (body.location !== undefined) given.push({ type: 'location', content: body.location });
  if (body.contacts !== undefined) given.push({ type: 'contacts', content: { contacts: body.contacts } });
  if (body.unsupported !== undefined) given.push({ type: 'unsupported', content: { type: body.unsupported.type } });
  const [payload, ...others] = given;
  if (payload === undefined) return fail(domainError('PARAMETER_MISSING', 'Say what the user sends: text, location, contacts or unsupported.'));
  if (others.length > 0) return fail(domainError('PARAMETER_INVALID', 'A message is one of text, location, contacts or unsupported: send them one by one.'));
  return ok(payload);
}

/** A digit string that stays the same for the same text, as ad and click ids are for the same ad. */
function stableDigits(text: string, length: number): string {
  let hash = 2166136261;
  let digits = '';
  while (digits.length < length) {
    for (const character of `${text}:${digits.length}`) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
    digits += String(hash);
  }
  return digits.slice(0, length);
}

/** The ad the user tapped, with what the user did not say filled in as Meta would. */
function referralOf(given: UserMessageBody['referral'], clickSeed: string): Referral | undefined {
  if (given === undefined) return undefined;
  const sourceType = given.source_type ?? 'ad';
  return {
    ...given,
    source_type: sourceType,
    source_id: given.source_id ?? stableDigits(given.source_url, 15),
    ...(given.ctwa_clid === undefined && sourceType === 'ad' ? { ctwa_clid: `ARA${Buffer.from(stableDigits(clickSeed, 24)).toString('base64url')}` } : {}),
  };
}

function answer(reply: FastifyReply, result: Result<ReceivedMessage, DomainError>): FastifyReply {
  return result.ok ? reply.send(receivedAnswer(result.value)) : sendDomainError(reply, result.error);
}

/** The simulated user a request acts as, limited to the caller's business (the operator's: any). */
function phoneActor(services: KabarServices, request: FastifyRequest, waId: string, name: string | undefined): Result<PhoneActor, DomainError> {
  const user = writingUser(services, waId);
  if (!user.ok) return user;
  const business = actingBusiness(request);
  if (!business.ok) return business;
  return ok({ waId: user.value.waId, profileName: name ?? user.value.profileName, ...(business.value === undefined ? {} : { businessId: business.value }) });
}

export function messagesSimRoutes(services: KabarServices, catalog: ProductCatalog) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/sim/users/:waId/messages', { config: { access: 'agent' }, schema: { params: waIdParams, body: userMessageBody } }, async (request, reply) => {
      const { body } = request;
      const user = writingUser(services, request.params.waId);
      if (!user.ok) return sendDomainError(reply, user.error);
      const payload = payloadOf(body);
      if (!payload.ok) return sendDomainError(reply, payload.error);
      const phoneNumberId = await businessNumberId(services, request, body.to);
      if (!phoneNumberId.ok) return sendDomainError(reply, phoneNumberId.error);
      const referral = referralOf(body.referral, `${user.value.waId}:${services.clock.now()}`);
      const result = await receiveMessage(receiveDeps(services), {
        phoneNumberId: phoneNumberId.value,
        from: user.value.waId,
        profileName: body.name ?? user.value.profileName,
        payload: payload.value,
        ...(body.context === undefined ? {} : { contextWamid: body.context }),
        ...(referral === undefined ? {} : { referral }),
      });
      return answer(reply, result);
    });

    app.post(
      '/sim/users/:waId/tap',
      { config: { access: 'agent' }, schema: { params: waIdParams, body: Type.Object({ message_id: wamid, id: Type.String({ minLength: 1, maxLength: 256 }), name }, { additionalProperties: false }) } },
      async (request, reply) => {
        const actor = phoneActor(services, request, request.params.waId, request.body.name);
        if (!actor.ok) return sendDomainError(reply, actor.error);
        return answer(reply, await tapReply(receiveDeps(services), { ...actor.value, messageId: request.body.message_id, replyId: request.body.id }));
      },
    );

    app.post(
      '/sim/users/:waId/react',
      { config: { access: 'agent' }, schema: { params: waIdParams, body: Type.Object({ message_id: wamid, emoji: Type.String({ maxLength: 64 }), name }, { additionalProperties: false }) } },
      async (request, reply) => {
        const actor = phoneActor(services, request, request.params.waId, request.body.name);
        if (!actor.ok) return sendDomainError(reply, actor.error);
        return answer(reply, await reactToMessage(receiveDeps(services), { ...actor.value, messageId: request.body.message_id, emoji: request.body.emoji }));
      },
    );

    app.post(
      '/sim/users/:waId/order',
      {
        config: { access: 'agent' },
        schema: {
          params: waIdParams,
          body: Type.Object(
            {
              message_id: wamid,
              items: Type.Array(Type.Object({ product_retailer_id: Type.String({ minLength: 1, maxLength: 100 }), quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) }), { minItems: 1, maxItems: 30 }),
              text: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
              name,
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const actor = phoneActor(services, request, request.params.waId, request.body.name);
        if (!actor.ok) return sendDomainError(reply, actor.error);
        const { body } = request;
        const result = await orderFromMessage(
          { ...receiveDeps(services), catalog },
          {
            ...actor.value,
            messageId: body.message_id,
            items: body.items.map((item) => ({ productRetailerId: item.product_retailer_id, quantity: item.quantity })),
            ...(body.text === undefined ? {} : { text: body.text }),
          },
        );
        return answer(reply, result);
      },
    );
  };
}
