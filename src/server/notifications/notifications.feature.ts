import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Notification } from '../../core/notifications/index.js';
import { domainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { scopedBusiness } from '../access/scope.js';
import type { KabarFeature } from '../services.js';
import type { KabarServices } from '../services.js';

const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString());

export function notificationView(notification: Notification): Record<string, unknown> {
  return {
    id: notification.key,
    business_id: notification.businessId,
    waba_id: notification.wabaId,
    phone_number_id: notification.phoneNumberId,
    kind: notification.kind,
    severity: notification.severity,
    title: notification.title,
    body: notification.body,
    data: notification.data,
    created_at: iso(notification.createdAt),
    read_at: iso(notification.readAt),
  };
}

function adminRoutes(services: KabarServices) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/admin/notifications',
      {
        config: { access: 'agent' },
        schema: {
          querystring: Type.Object({
            business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            kind: Type.Optional(Type.String({ maxLength: 64 })),
            unread: Type.Optional(Type.Boolean()),
            before: Type.Optional(Type.String({ maxLength: 32 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
        },
      },
      async (request, reply) => {
        const scope = scopedBusiness(request, request.query.business_id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        const businessId = scope.value;
        const { kind, unread, before, limit } = request.query;
        const found = await services.notifications.list({
          ...(businessId === undefined ? {} : { businessId }),
          ...(kind === undefined ? {} : { kind }),
          ...(unread === undefined ? {} : { unreadOnly: unread }),
          ...(before === undefined ? {} : { before }),
          limit: limit ?? 50,
        });
        const last = found[found.length - 1];
        return reply.send({ data: found.map(notificationView), paging: { next_before: found.length === (limit ?? 50) && last !== undefined ? last.key : null } });
      },
    );
    app.post('/admin/notifications/:id/read', { config: { access: 'agent' }, schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9A-F]{20}$' }) }) } }, async (request, reply) => {
      const scope = scopedBusiness(request, undefined);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const marked = await services.notifications.markRead(request.params.id, scope.value, services.clock.now());
      if (!marked) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No unread notification '${request.params.id}'.`));
      return reply.send({ success: true });
    });
  };
}

/** The notification feed of every business: `GET /admin/notifications`, `kabar notifications`. */
export const notificationsFeature: KabarFeature = {
  name: 'notifications',
  setup: (services) => ({ admin: adminRoutes(services) }),
};
