import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { decodeWamid } from '../../wire/index.js';
import { replayDelivery, type OutboxRecord, type OutboxStatus } from '../../core/webhooks/index.js';
import { allPermissions } from '../../core/accounts/index.js';
import { sendMessage } from '../../core/messaging/index.js';
import type { KyselyConsoleRepository } from '../../store/index.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { nodeInScope, notFoundNode, scopedBusiness } from '../access/scope.js';
import { deliveryView, iso, messageRowView } from './views.js';

const digits = '^[0-9]{1,32}$';

/** The message log: a keyset-paged, searchable list, one message's timeline and webhooks, replay of a failed webhook. */
export function messagesRoutes(services: KabarServices, store: KyselyConsoleRepository) {
  return async function register(instance: FastifyInstance): Promise<void> {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/messages',
      {
        config: { access: 'agent' },
        schema: {
          querystring: Type.Object({
            business_id: Type.Optional(Type.String({ pattern: digits })),
            phone_number_id: Type.Optional(Type.String({ pattern: digits })),
            wa_id: Type.Optional(Type.String({ pattern: '^[0-9]{6,20}$' })),
            direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
            status: Type.Optional(Type.Union(['accepted', 'sent', 'delivered', 'read', 'failed', 'received'].map((status) => Type.Literal(status)))),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            before: Type.Optional(Type.String({ pattern: '^[0-9A-F]{1,32}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          }),
        },
      },
      async (request, reply) => {
        const { query } = request;
        const businessId = scopedBusiness(request, query.business_id);
        if (!businessId.ok) return sendDomainError(reply, businessId.error);
        // A wamid or a wa_id typed in the search box is looked up by its index; anything else is text.
        const q = query.q?.trim();
        const wamid = q === undefined ? undefined : decodeWamid(q);
        if (wamid !== undefined) {
          const row = await store.findMessage(wamid.key);
          const visible = row !== undefined && (businessId.value === undefined || row.business_id === businessId.value);
          return reply.send({ data: visible ? [messageRowView(row)] : [], paging: { next_before: null, scanned_to: null } });
        }
        const waId = query.wa_id ?? (q !== undefined && /^\+?[0-9]{6,20}$/.test(q) ? q.replace('+', '') : undefined);
        const text = waId !== undefined && query.wa_id === undefined ? undefined : q;
        const page = await store.messageLog({
          ...(businessId.value === undefined ? {} : { businessId: businessId.value }),
          ...(query.phone_number_id === undefined ? {} : { phoneNumberId: query.phone_number_id }),
          ...(waId === undefined ? {} : { waId }),
          ...(query.direction === undefined ? {} : { direction: query.direction }),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(text === undefined || text.length === 0 ? {} : { text }),
          ...(query.before === undefined ? {} : { before: query.before }),
          limit: query.limit ?? 50,
        });
        const scannedTo = page.scannedTo === null ? null : await store.findMessage(page.scannedTo);
        return reply.send({ data: page.rows.map(messageRowView), paging: { next_before: page.nextBefore, scanned_to: scannedTo === undefined || scannedTo === null ? null : iso(scannedTo.created_at) } });
      },
    );

    app.get('/admin/messages/:id', { config: { access: 'agent' }, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) }) } }, async (request, reply) => {
      const key = decodeWamid(request.params.id)?.key ?? request.params.id;
      const row = /^[0-9A-F]{20}$/.test(key) ? await store.findMessage(key) : undefined;
      const scope = nodeInScope(request, row === undefined ? undefined : { businessId: row.business_id }, 'message', request.params.id);
      if (!scope.ok || row === undefined) return sendDomainError(reply, notFoundNode('message', request.params.id));
      const deliveries = await store.deliveries(key);
      // The timeline: how the message began, each status it reached since, and its present state if no change recorded it
      // (a send refused by a rule is stored already failed).
      const first = row.direction === 'inbound' ? 'received' : 'accepted';
      const history = [
        { status: 'sent', at: row.sent_at, error_code: null },
        { status: 'delivered', at: row.delivered_at, error_code: null },
        { status: 'read', at: row.read_at, error_code: null },
        { status: 'failed', at: row.failed_at, error_code: row.error_code },
      ]
        .flatMap((entry) => (entry.at === null ? [] : [{ ...entry, at: entry.at }]))
        .sort((left, right) => left.at - right.at);
      const timeline = [{ status: first, at: iso(row.created_at), error_code: null as number | null }, ...history.map((entry) => ({ status: entry.status, at: iso(entry.at), error_code: entry.error_code }))];
      if (!timeline.some((entry) => entry.status === row.status)) timeline.push({ status: row.status, at: iso(row.updated_at), error_code: row.error_code });
      return reply.send({
        message: messageRowView(row),
        timeline,
        deliveries: deliveries.outbox.map((outbox) => deliveryView(outbox, deliveries.attempts.filter((attempt) => attempt.outbox_key === outbox.key))),
      });
    });

    app.post(
      '/admin/messages',
      {
        config: { access: 'agent', audit: 'messages.send' },
        schema: { body: Type.Object({ phone_number_id: Type.String({ pattern: digits }), to: Type.String({ minLength: 1, maxLength: 32 }), text: Type.String({ minLength: 1, maxLength: 4096 }) }) },
      },
      async (request, reply) => {
        const number = nodeInScope(request, await services.accounts.findPhoneNumber(request.body.phone_number_id), 'phone number', request.body.phone_number_id);
        if (!number.ok) return sendDomainError(reply, number.error);
        request.auditDetails = { phone_number_id: request.body.phone_number_id, to: request.body.to };
        // A person in the console sends as the business, through the very use case the Graph route runs.
        const principal = { tokenId: 'console', businessId: number.value, appId: 'console', permissions: allPermissions, expiresAt: null };
        const result = await sendMessage(
          { accounts: services.accounts, messages: services.messages, writer: services.committer, transport: services.network, targets: services.targets, clock: services.clock, ids: services.ids, stages: services.stages.send, composers: services.composers },
          { principal, phoneNumberId: request.body.phone_number_id, body: { messaging_product: 'whatsapp', to: request.body.to, type: 'text', text: { body: request.body.text } } },
        );
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.code(201).send({ id: result.value.wamid, wa_id: result.value.waId });
      },
    );

    app.post(
      '/admin/webhooks/outbox/:key/replay',
      { config: { access: 'admin', audit: 'webhooks.replay' }, schema: { params: Type.Object({ key: Type.String({ pattern: '^[0-9A-F]{20}$' }) }) } },
      async (request, reply) => {
        const row = await store.findOutbox(request.params.key);
        const scope = nodeInScope(request, row === undefined ? undefined : { businessId: row.business_id }, 'webhook', request.params.key);
        if (!scope.ok || row === undefined) return sendDomainError(reply, notFoundNode('webhook', request.params.key));
        const original: OutboxRecord = {
          key: row.key,
          businessId: row.business_id,
          appId: row.app_id,
          url: row.url,
          body: row.body,
          status: row.status as OutboxStatus,
          attempts: row.attempts,
          nextAttemptAt: Number(row.next_attempt_at),
          createdAt: Number(row.created_at),
          deliveredAt: row.delivered_at,
          finishedAt: row.finished_at,
          lastError: row.last_error,
          messageKey: row.message_key,
        };
        const replayed = await replayDelivery({ writer: services.committer, ids: services.ids, clock: services.clock }, original);
        if (!replayed.ok) return sendDomainError(reply, replayed.error);
        request.auditDetails = { replay: replayed.value.key };
        services.dispatcher.kick();
        return reply.code(201).send({ key: replayed.value.key, replay_of: row.key, status: replayed.value.status });
      },
    );
  };
}
