/**
 * `GET /debug_token?input_token=…`: what Meta's access-token debugger answers about a token of the
 * caller's business — its app, whether it is valid, when it expires, its permissions and the WABAs
 * they reach (`granular_scopes`). An unknown, revoked, expired or foreign token is `is_valid: false`.
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inspectToken } from '../../core/accounts/index.js';
import { domainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { principalOf } from './graph.routes.js';

const seconds = (epochMilliseconds: number): number => Math.floor(epochMilliseconds / 1000);

export function debugTokenRoute(services: KabarServices) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/debug_token', { schema: { querystring: Type.Object({ input_token: Type.Optional(Type.String({ maxLength: 1024 })) }, { additionalProperties: true }) } }, async (request, reply) => {
      const input = request.query.input_token;
      if (input === undefined || input === '') return sendDomainError(reply, domainError('PARAMETER_MALFORMED', '(#100) The parameter input_token is required.'));
      const inspection = await inspectToken(services, principalOf(request), input);
      if (!inspection.valid) {
        return reply.send({
          data: {
            is_valid: false,
            ...(inspection.token === undefined ? {} : { app_id: inspection.token.appId, expires_at: inspection.token.expiresAt === null ? 0 : seconds(inspection.token.expiresAt) }),
            error: { code: 190, message: inspection.reason },
            scopes: [],
          },
        });
      }
      const { token, wabaIds } = inspection;
      return reply.send({
        data: {
          app_id: token.appId,
          type: 'SYSTEM_USER',
          application: inspection.app?.name ?? token.appId,
          data_access_expires_at: 0,
          expires_at: token.expiresAt === null ? 0 : seconds(token.expiresAt),
          is_valid: true,
          issued_at: seconds(token.createdAt),
          scopes: [...token.permissions],
          granular_scopes: token.permissions.map((scope) => ({ scope, target_ids: [...wabaIds] })),
          user_id: token.id,
        },
      });
    });
  };
}
