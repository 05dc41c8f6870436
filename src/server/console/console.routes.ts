import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { allPermissions, subscribeApp } from '../../core/accounts/index.js';
import { KyselyConsoleRepository } from '../../store/index.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { actorOf, nodeInScope, requiredBusiness, scopedBusiness } from '../access/scope.js';
import { eventsRoute } from './events.route.js';
import { messagesRoutes } from './messages.routes.js';
import { iso, tierLimits } from './views.js';

const businessQuery = Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })) });

/** What the console reads and changes beyond the provisioning API: businesses, overview, settings, the message log, live events. */
export function consoleRoutes(services: KabarServices) {
  const store = new KyselyConsoleRepository(services.database.db);
  return async function register(instance: FastifyInstance): Promise<void> {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    await instance.register(messagesRoutes(services, store));
    await instance.register(eventsRoute(services));

    app.get('/admin/businesses', { config: { access: 'agent' } }, async (request, reply) => {
      const actor = actorOf(request);
      const rows = await store.listBusinesses(actor.kind === 'operator' ? undefined : actor.businessId);
      return reply.send({ data: rows.map((row) => ({ id: row.id, name: row.name, verification_status: row.verification_status, created_at: iso(row.created_at) })) });
    });

    app.get('/admin/overview', { config: { access: 'agent' }, schema: { querystring: businessQuery } }, async (request, reply) => {
      const businessId = scopedBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      const [numbers, counts, attempts] = await Promise.all([
        store.listNumbers(businessId.value),
        services.outbox.countByStatus(businessId.value === undefined ? {} : { businessId: businessId.value }),
        store.recentAttempts(businessId.value, 100),
      ]);
      const succeeded = attempts.filter((attempt) => attempt.response_status !== null && attempt.response_status >= 200 && attempt.response_status < 300);
      const durations = attempts.map((attempt) => attempt.duration_ms).sort((left, right) => left - right);
      const lastFailure = attempts.find((attempt) => !succeeded.includes(attempt));
      return reply.send({
        now: iso(services.clock.now()),
        numbers: numbers.map((number) => ({
          id: number.id,
          business_id: number.business_id,
          waba_id: number.waba_id,
          display_phone_number: number.phone_number,
          verified_name: number.verified_name,
          status: number.status,
          quality_rating: number.quality_rating,
          messaging_limit_tier: number.messaging_limit_tier,
          name_status: number.name_status,
          // Counted by the messaging-limits module once it lands; until then nothing is counted against the limit.
          business_initiated_24h: 0,
          limit_24h: tierLimits[number.messaging_limit_tier] ?? null,
        })),
        webhooks: {
          ...counts,
          recent_attempts: attempts.length,
          recent_succeeded: succeeded.length,
          median_ms: durations[Math.floor(durations.length / 2)] ?? null,
          last_failure: lastFailure === undefined ? null : { at: iso(lastFailure.attempted_at), response_status: lastFailure.response_status, error: lastFailure.error, url: lastFailure.url },
        },
      });
    });

    app.get('/admin/accounts', { config: { access: 'admin' }, schema: { querystring: businessQuery } }, async (request, reply) => {
      const businessId = requiredBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      const [wabas, apps, tokens, numbers] = await Promise.all([store.listWabas(businessId.value), store.listApps(businessId.value), store.listTokens(businessId.value), store.listNumbers(businessId.value)]);
      const subscriptions = await Promise.all(wabas.map((waba) => services.accounts.listSubscriptions(waba.id)));
      return reply.send({
        wabas: wabas.map((waba, index) => ({
          id: waba.id,
          name: waba.name,
          phone_numbers: numbers.filter((number) => number.waba_id === waba.id).map((number) => ({ id: number.id, display_phone_number: number.phone_number, verified_name: number.verified_name })),
          subscribed_apps: (subscriptions[index] ?? []).map((subscription) => ({ app_id: subscription.appId, override_callback_uri: subscription.overrideCallbackUri })),
        })),
        apps: apps.map((entry) => ({ id: entry.id, name: entry.name, callback_url: entry.callback_url, created_at: iso(entry.created_at) })),
        tokens: tokens.map((token) => ({ id: token.id, app_id: token.app_id, permissions: JSON.parse(token.permissions) as unknown, created_at: iso(token.created_at), expires_at: iso(token.expires_at), revoked_at: iso(token.revoked_at) })),
      });
    });

    app.post(
      '/admin/wabas/:id/subscriptions',
      {
        config: { access: 'admin', audit: 'webhooks.subscribe' },
        schema: {
          params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) }),
          body: Type.Object({ app_id: Type.String({ pattern: '^[0-9]{1,32}$' }), override_callback_uri: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })), verify_token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) }),
        },
      },
      async (request, reply) => {
        const waba = nodeInScope(request, await services.accounts.findWaba(request.params.id), 'WABA', request.params.id);
        if (!waba.ok) return sendDomainError(reply, waba.error);
        const subscribedApp = nodeInScope(request, await services.accounts.findApp(request.body.app_id), 'app', request.body.app_id);
        if (!subscribedApp.ok || subscribedApp.value !== waba.value) return sendDomainError(reply, { code: 'NODE_NOT_FOUND', details: `No app with id '${request.body.app_id}'.` });
        request.auditDetails = { app_id: request.body.app_id, override_callback_uri: request.body.override_callback_uri ?? null };
        // The console subscribes on the app's behalf, with the same handshake a Graph client gets.
        const principal = { tokenId: 'console', businessId: waba.value, appId: request.body.app_id, permissions: allPermissions, expiresAt: null };
        const result = await subscribeApp(
          { accounts: services.accounts, verifier: services.verifier, clock: services.clock },
          {
            principal,
            wabaId: request.params.id,
            ...(request.body.override_callback_uri === undefined ? {} : { overrideCallbackUri: request.body.override_callback_uri }),
            ...(request.body.verify_token === undefined ? {} : { verifyToken: request.body.verify_token }),
          },
        );
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.send({ success: true });
      },
    );
  };
}
