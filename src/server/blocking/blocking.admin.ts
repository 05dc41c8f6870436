import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { domainError } from '../../core/shared/index.js';
import type { KyselyBlocklistRepository } from '../../store/index.js';
import { nodeInScope } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';

/** `GET /admin/phone_numbers/{id}/blocked_users`: the number's blocklist, latest blocks first (`kabar numbers blocked`). */
export function blockingAdminRoutes(services: KabarServices, blocklist: KyselyBlocklistRepository) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/admin/phone_numbers/:id/blocked_users',
      {
        config: { access: 'agent' },
        schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) }), querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })) }) },
      },
      async (request, reply) => {
        const { id } = request.params;
        const number = await services.accounts.findPhoneNumber(id);
        const scope = nodeInScope(request, number, 'phone number', id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        if (number === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No phone number with id '${id}'.`));
        const entries = await blocklist.latest(number.id, request.query.limit ?? 100);
        return reply.send({
          phone_number_id: number.id,
          total: await blocklist.count(number.id),
          data: entries.map((entry) => ({ wa_id: entry.waId, blocked_at: new Date(entry.blockedAt).toISOString() })),
        });
      },
    );
  };
}
