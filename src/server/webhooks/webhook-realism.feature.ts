/**
 * Webhook realism in the running Kabar: each app's switches (batching, duplicates, out-of-order
 * delivery) stored per app, handed to the webhook dispatcher with the simulator's seed, and read and
 * changed over `GET|POST /admin/apps/{id}/webhook-realism`.
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { domainError } from '../../core/shared/index.js';
import { chooseRealism, type WebhookRealism } from '../../core/webhooks/index.js';
import { KyselyWebhookRealismRepository, webhookRealismWriter } from '../../store/index.js';
import { sendDomainError } from '../errors.js';
import { nodeInScope } from '../access/scope.js';
import type { KabarFeature, KabarServices } from '../services.js';

const params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const switches = ['batching', 'duplicates', 'out_of_order'] as const;
// `propertyNames`, not `additionalProperties: false`: Fastify strips unknown properties, and a
// misspelt switch (`outOfOrder`) must be refused, not ignored with a 200.
const body = Type.Object(
  { batching: Type.Optional(Type.Boolean()), duplicates: Type.Optional(Type.Boolean()), out_of_order: Type.Optional(Type.Boolean()) },
  { propertyNames: { enum: [...switches] } },
);

function realismView(appId: string, realism: WebhookRealism): Record<string, unknown> {
  return { app_id: appId, batching: realism.batching, duplicates: realism.duplicates, out_of_order: realism.outOfOrder };
}

function adminRoutes(services: KabarServices, settings: KyselyWebhookRealismRepository) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/admin/apps/:id/webhook-realism', { config: { access: 'agent' }, schema: { params } }, async (request, reply) => {
      const scope = nodeInScope(request, await services.accounts.findApp(request.params.id), 'app', request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      return reply.send(realismView(request.params.id, await settings.of(request.params.id)));
    });
    app.post('/admin/apps/:id/webhook-realism', { config: { access: 'admin', audit: 'webhooks.realism' }, schema: { params, body } }, async (request, reply) => {
      const scope = nodeInScope(request, await services.accounts.findApp(request.params.id), 'app', request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      request.auditDetails = { ...request.body };
      const { batching, duplicates, out_of_order: outOfOrder } = request.body;
      if (batching === undefined && duplicates === undefined && outOfOrder === undefined) {
        return sendDomainError(reply, domainError('PARAMETER_MISSING', `Name at least one switch to change: ${switches.join(', ')} (true or false).`));
      }
      const realism = await chooseRealism(
        { settings, writer: services.committer, clock: services.clock },
        request.params.id,
        { ...(batching === undefined ? {} : { batching }), ...(duplicates === undefined ? {} : { duplicates }), ...(outOfOrder === undefined ? {} : { outOfOrder }) },
      );
      return reply.send(realismView(request.params.id, realism));
    });
  };
}

/** Per-app webhook realism switches, off by default (`docs/policies.md`, "Webhook realism"). */
export const webhookRealismFeature: KabarFeature = {
  name: 'webhook-realism',
  writers: [webhookRealismWriter],
  setup(services) {
    const settings = new KyselyWebhookRealismRepository(services.database.db);
    services.dispatcher.useRealism({ settings, seed: () => services.network.options.seed });
    return { admin: adminRoutes(services, settings) };
  },
};
