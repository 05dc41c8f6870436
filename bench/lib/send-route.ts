/**
 * The send route of the baseline scenarios: the same path, TypeBox schemas and response as Kabar's
 * `POST /{phone-number-id}/messages`, with what happens to an accepted message left to the caller.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { encodeWamid, phoneNumberIdParams, sendMessageBody, sendMessageResponse } from '../../src/wire/index.js';
import { timeOrderedIds } from './time-ordered-id.js';

export interface AcceptedSend {
  readonly key: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly body: string;
  readonly createdAt: number;
}

/** Called for every valid send; the answer goes out when the returned promise settles. */
const errorResponse = Type.Object({ error: Type.Object({ message: Type.String(), type: Type.String(), code: Type.Integer() }) });

export type AcceptSend = (send: AcceptedSend) => Promise<void> | void;

export function sendApp(accept: AcceptSend): FastifyInstance {
  const app = Fastify({ logger: false });
  const nextKey = timeOrderedIds();
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/:phoneNumberId/messages',
    { schema: { params: phoneNumberIdParams, body: sendMessageBody, response: { 200: sendMessageResponse, 400: errorResponse } } },
    async (request, reply) => {
      const { to, text } = request.body;
      const waId = (to ?? '').replace(/[^0-9]/g, '');
      if (waId.length === 0 || text === undefined) {
        return reply.code(400).send({ error: { message: 'to and text are required', type: 'OAuthException', code: 100 } });
      }
      const send: AcceptedSend = { key: nextKey(), phoneNumberId: request.params.phoneNumberId, waId, body: text.body, createdAt: Date.now() };
      await accept(send);
      return reply.send({
        messaging_product: 'whatsapp' as const,
        contacts: [{ input: to ?? waId, wa_id: waId }],
        messages: [{ id: encodeWamid({ waId, key: send.key }) }],
      });
    },
  );
  return app;
}
