import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { planApp, planBusiness, planToken, planWaba, type Permission } from '../../core/accounts/index.js';
import { ok } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { nodeInScope, scopedBusiness } from '../access/scope.js';
import { answerOnce, idempotencyHeaders } from './idempotency.js';
import type { KabarServices } from '../services.js';

const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString());

/**
 * Provisioning (the operator's) and the webhook delivery log (each business its own). Every route
 * declares the least access it needs in `config.access` (see `access/admin-access.ts`), and every
 * create route takes an `Idempotency-Key`: a retry gets the first answer and creates nothing.
 */
export function adminRoutes(services: KabarServices) {
  return async function register(instance: FastifyInstance): Promise<void> {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const deps = { accounts: services.accounts, clock: services.clock, ids: services.ids, credentials: services.credentials, wabaHooks: services.wabaHooks };

    app.post('/admin/businesses', { config: { access: 'operator' }, schema: { headers: idempotencyHeaders, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) }) } }, (request, reply) =>
      answerOnce(services, request, reply, () => {
        const plan = planBusiness(deps, { name: request.body.name });
        const business = plan.value;
        return Promise.resolve(ok({ statusCode: 201, records: plan.records, body: { id: business.id, name: business.name, verification_status: business.verificationStatus } }));
      }),
    );

    app.post(
      '/admin/businesses/:id/wabas',
      { config: { access: 'operator' }, schema: { params: idParams, headers: idempotencyHeaders, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) }) } },
      (request, reply) =>
        answerOnce(services, request, reply, async () => {
          const plan = await planWaba(deps, { businessId: request.params.id, name: request.body.name });
          if (!plan.ok) return plan;
          const waba = plan.value.value;
          return ok({ statusCode: 201, records: plan.value.records, body: { id: waba.id, business_id: waba.businessId, name: waba.name } });
        }),
    );

    app.post(
      '/admin/businesses/:id/apps',
      {
        config: { access: 'admin' },
        schema: {
          params: idParams,
          headers: idempotencyHeaders,
          body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }), callback_url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000 })) }),
        },
      },
      (request, reply) => {
        // The scope is checked before a retry is answered: another business's key replays nothing.
        const scope = scopedBusiness(request, request.params.id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        return answerOnce(services, request, reply, async () => {
          const plan = await planApp(deps, { businessId: request.params.id, name: request.body.name, callbackUrl: request.body.callback_url ?? null });
          if (!plan.ok) return plan;
          const created = plan.value.value;
          return ok({
            statusCode: 201,
            records: plan.value.records,
            body: { id: created.id, business_id: created.businessId, name: created.name, app_secret: created.secret, verify_token: created.verifyToken, callback_url: created.callbackUrl },
          });
        });
      },
    );

    app.post(
      '/admin/apps/:id/tokens',
      {
        config: { access: 'admin' },
        schema: {
          params: idParams,
          headers: idempotencyHeaders,
          body: Type.Optional(
            Type.Object({
              permissions: Type.Optional(Type.Array(Type.Union([Type.Literal('whatsapp_business_messaging'), Type.Literal('whatsapp_business_management')]), { minItems: 1, uniqueItems: true })),
            }),
          ),
        },
      },
      async (request, reply) => {
        const scope = nodeInScope(request, await services.accounts.findApp(request.params.id), 'app', request.params.id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        return answerOnce(services, request, reply, async () => {
          const permissions: Permission[] | undefined = request.body?.permissions;
          const plan = await planToken(deps, { appId: request.params.id, ...(permissions === undefined ? {} : { permissions }) });
          if (!plan.ok) return plan;
          const { token, accessToken } = plan.value.value;
          return ok({ statusCode: 201, records: plan.value.records, body: { id: token.id, access_token: accessToken, business_id: token.businessId, app_id: token.appId, permissions: token.permissions } });
        });
      },
    );

    const listQuery = Type.Object({
      business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
      status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')])),
      outbox_key: Type.Optional(Type.String({ maxLength: 32 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    });

    app.get('/admin/webhooks/outbox', { config: { access: 'agent' }, schema: { querystring: listQuery } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.query.business_id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const businessId = scope.value;
      const { status, limit } = request.query;
      const records = await services.outbox.list({ ...(businessId === undefined ? {} : { businessId }), ...(status === undefined ? {} : { status }), limit: limit ?? 100 });
      return reply.send({
        data: records.map((record) => ({
          key: record.key,
          business_id: record.businessId,
          app_id: record.appId,
          url: record.url,
          status: record.status,
          attempts: record.attempts,
          next_attempt_at: iso(record.nextAttemptAt),
          created_at: iso(record.createdAt),
          delivered_at: iso(record.deliveredAt),
          last_error: record.lastError,
          body: JSON.parse(record.body) as unknown,
        })),
      });
    });

    app.get('/admin/webhooks/summary', { config: { access: 'agent' }, schema: { querystring: Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })) }) } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.query.business_id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const businessId = scope.value;
      return reply.send(await services.outbox.countByStatus(businessId === undefined ? {} : { businessId }));
    });

    app.get('/admin/webhooks/attempts', { config: { access: 'agent' }, schema: { querystring: listQuery } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.query.business_id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const businessId = scope.value;
      const { outbox_key: outboxKey, limit } = request.query;
      const attempts = await services.outbox.attempts({ ...(businessId === undefined ? {} : { businessId }), ...(outboxKey === undefined ? {} : { outboxKey }), limit: limit ?? 100 });
      return reply.send({
        data: attempts.map((attempt) => ({
          outbox_key: attempt.outboxKey,
          attempt: attempt.attempt,
          attempted_at: iso(attempt.attemptedAt),
          url: attempt.url,
          response_status: attempt.responseStatus,
          error: attempt.error,
          duration_ms: attempt.durationMs,
        })),
      });
    });

    app.get('/admin/dead-letters', { config: { access: 'operator' }, schema: { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } }, async (request, reply) => {
      const letters = await services.deadLetters.list(request.query.limit ?? 100);
      return reply.send({
        data: letters.map((letter) => ({ id: letter.key, kind: letter.kind, subject: letter.subject, reason: letter.reason, payload: letter.payload, created_at: iso(letter.createdAt) })),
      });
    });

    app.post('/admin/webhooks/dispatch', { config: { access: 'operator' } }, async (_request, reply) => {
      await services.dispatcher.runDue();
      return reply.send({ success: true });
    });
  };
}
