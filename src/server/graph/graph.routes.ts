import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { messagesEdgeResponse, phoneNumberIdParams, sendMessageBody } from '../../wire/index.js';
import { listSubscribedApps, resolvePhoneNumber, resolveWaba, subscribeApp, unsubscribeApp, type Principal } from '../../core/accounts/index.js';
import { markRead, sendMessage } from '../../core/messaging/index.js';
import { graphAuth } from '../auth.js';
import { rejectNulCharacters } from '../input-guards.js';
import { requestFingerprint } from '../request-fingerprint.js';
import { sendDomainError } from '../errors.js';
import { domainError } from '../../core/shared/index.js';
import type { KabarServices } from '../services.js';
import { notMine, type NodeHandler } from './node-handlers.js';
import { defaultPhoneNumberFields, phoneNumberFields, selectFields, type FieldSelection } from './phone-number.view.js';
import { answerWaba } from './waba-node.js';
import { KyselyAnalyticsRepository } from '../../store/index.js';

const nodeParams = Type.Object({ nodeId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const fieldsQuery = Type.Object({ fields: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });
const subscribeBody = Type.Union([
  Type.Object({ override_callback_uri: Type.Optional(Type.String({ maxLength: 2000 })), verify_token: Type.Optional(Type.String({ maxLength: 512 })) }, { additionalProperties: true }),
  Type.Null(),
]);

export function principalOf(request: { principal: Principal | null }): Principal {
  if (request.principal === null) throw new Error('graph route reached without a principal');
  return request.principal;
}

function sendFields(reply: FastifyReply, selection: FieldSelection, nodeType: string): FastifyReply {
  if (selection.ok) return reply.send(selection.value);
  return sendDomainError(reply, domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${selection.field}) on node type (${nodeType})`));
}

/** Meta-compatible Graph routes; the `/vNN.N` prefix is stripped before routing (see app.ts). */
export function graphRoutes(services: KabarServices) {
  return async function register(instance: FastifyInstance): Promise<void> {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const analytics = new KyselyAnalyticsRepository(services.database.db);
    const auth = graphAuth(services);
    app.addHook('onRequest', auth.onRequest);
    app.addHook('preValidation', auth.preValidation);
    app.addHook('preValidation', rejectNulCharacters);

    app.post(
      '/:phoneNumberId/messages',
      {
        schema: {
          params: phoneNumberIdParams,
          body: sendMessageBody,
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
          response: { 200: messagesEdgeResponse },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        if (request.body.status === 'read') {
          const read = await markRead({ accounts: services.accounts, messages: services.messages, writer: services.committer, clock: services.clock }, { principal, phoneNumberId: request.params.phoneNumberId, messageId: request.body.message_id });
          return read.ok ? reply.send({ success: true }) : sendDomainError(reply, read.error);
        }
        const idempotencyKey = request.headers['idempotency-key'];
        const result = await sendMessage(
          { accounts: services.accounts, messages: services.messages, writer: services.committer, transport: services.network, targets: services.targets, clock: services.clock, ids: services.ids, stages: services.stages.send, composers: services.composers },
          {
            principal,
            phoneNumberId: request.params.phoneNumberId,
            body: request.body,
            ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestFingerprint: requestFingerprint(request.body) }),
          },
        );
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.send({
          messaging_product: 'whatsapp',
          contacts: [{ input: result.value.input, wa_id: result.value.waId }],
          messages: [{ id: result.value.wamid }],
        });
      },
    );

    // Meta's Postman collection marks a message read with PUT and the body a POST takes.
    app.put(
      '/:phoneNumberId/messages',
      {
        schema: {
          params: phoneNumberIdParams,
          body: Type.Object(
            {
              messaging_product: Type.Literal('whatsapp'),
              status: Type.Literal('read'),
              message_id: Type.String({ minLength: 1, maxLength: 256 }),
              typing_indicator: Type.Optional(Type.Object({ type: Type.Literal('text') })),
            },
            { additionalProperties: true },
          ),
        },
      },
      async (request, reply) => {
        const read = await markRead(
          { accounts: services.accounts, messages: services.messages, writer: services.committer, clock: services.clock },
          { principal: principalOf(request), phoneNumberId: request.params.phoneNumberId, messageId: request.body.message_id },
        );
        return read.ok ? reply.send({ success: true }) : sendDomainError(reply, read.error);
      },
    );

    const accountNodes: NodeHandler = async ({ request, reply, principal, nodeId }) => {
      const query = request.query as { fields?: string };
      const request_ = { principal, id: nodeId, method: 'get' as const, permission: 'whatsapp_business_management' as const };
      const number = await resolvePhoneNumber(services.accounts, request_);
      if (number.ok) return sendFields(reply, selectFields(phoneNumberFields(number.value), query.fields, defaultPhoneNumberFields), 'WhatsAppBusinessPhoneNumber');
      if (number.error.code !== 'NODE_NOT_FOUND') return sendDomainError(reply, number.error);
      const waba = await resolveWaba(services.accounts, request_);
      if (waba.ok) return answerWaba(services, analytics, reply, waba.value, query.fields);
      if (waba.error.code !== 'NODE_NOT_FOUND') return sendDomainError(reply, waba.error);
      return notMine;
    };

    // Graph ids are one namespace: each feature answers for its own node types, in turn.
    const answer = async (method: 'get' | 'post' | 'delete', handlers: readonly NodeHandler[], request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const { nodeId } = request.params as { nodeId: string };
      for (const handler of handlers) {
        // A reply is thenable: an async handler's `return reply.send(…)` resolves to undefined here.
        if ((await handler({ request, reply, principal: principalOf(request), nodeId })) !== notMine) return reply;
      }
      return sendDomainError(
        reply,
        domainError('NODE_NOT_FOUND', `Unsupported ${method} request. Object with ID '${nodeId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`),
      );
    };
    app.get('/:nodeId', { schema: { params: nodeParams, querystring: fieldsQuery } }, (request, reply) => answer('get', [accountNodes, ...services.nodeHandlers.get], request, reply));
    app.post('/:nodeId', { schema: { params: nodeParams } }, (request, reply) => answer('post', services.nodeHandlers.post, request, reply));
    app.delete('/:nodeId', { schema: { params: nodeParams } }, (request, reply) => answer('delete', services.nodeHandlers.delete, request, reply));

    app.get('/:nodeId/phone_numbers', { schema: { params: nodeParams, querystring: fieldsQuery } }, async (request, reply) => {
      const waba = await resolveWaba(services.accounts, { principal: principalOf(request), id: request.params.nodeId, method: 'get', permission: 'whatsapp_business_management' });
      if (!waba.ok) return sendDomainError(reply, waba.error);
      const data: Record<string, unknown>[] = [];
      for (const number of await services.accounts.listPhoneNumbers(waba.value.id)) {
        const selection = selectFields(phoneNumberFields(number), request.query.fields, defaultPhoneNumberFields);
        if (!selection.ok) return sendFields(reply, selection, 'WhatsAppBusinessPhoneNumber');
        data.push(selection.value);
      }
      const first = data[0]?.['id'];
      const last = data[data.length - 1]?.['id'];
      const cursor = (id: unknown): string => Buffer.from(String(id)).toString('base64url');
      return reply.send({ data, paging: { cursors: { before: first === undefined ? '' : cursor(first), after: last === undefined ? '' : cursor(last) } } });
    });

    app.post('/:nodeId/subscribed_apps', { schema: { params: nodeParams, body: Type.Optional(subscribeBody), querystring: Type.Object({ override_callback_uri: Type.Optional(Type.String()), verify_token: Type.Optional(Type.String()) }, { additionalProperties: true }) } }, async (request, reply) => {
      const fromBody = request.body ?? {};
      const overrideCallbackUri = fromBody.override_callback_uri ?? request.query.override_callback_uri;
      const verifyToken = fromBody.verify_token ?? request.query.verify_token;
      const result = await subscribeApp(services, {
        principal: principalOf(request),
        wabaId: request.params.nodeId,
        ...(overrideCallbackUri === undefined ? {} : { overrideCallbackUri }),
        ...(verifyToken === undefined ? {} : { verifyToken }),
      });
      return result.ok ? reply.send({ success: true }) : sendDomainError(reply, result.error);
    });

    app.get('/:nodeId/subscribed_apps', { schema: { params: nodeParams } }, async (request, reply) => {
      const result = await listSubscribedApps(services, { principal: principalOf(request), wabaId: request.params.nodeId });
      if (!result.ok) return sendDomainError(reply, result.error);
      return reply.send({
        data: result.value.map((view) => ({
          whatsapp_business_api_data: { id: view.subscription.appId, name: view.appName },
          ...(view.subscription.overrideCallbackUri === null ? {} : { override_callback_uri: view.subscription.overrideCallbackUri }),
        })),
      });
    });

    app.delete('/:nodeId/subscribed_apps', { schema: { params: nodeParams } }, async (request, reply) => {
      const result = await unsubscribeApp(services, { principal: principalOf(request), wabaId: request.params.nodeId });
      return result.ok ? reply.send({ success: true }) : sendDomainError(reply, result.error);
    });

    for (const part of services.features) if (part.graph !== undefined) await part.graph(instance);
  };
}
