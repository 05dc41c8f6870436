import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { hasPermission } from '../../core/accounts/index.js';
import { checkNumbers } from '../../core/contacts/index.js';
import { domainError, type DomainError } from '../../core/shared/index.js';
import { domainErrorResponse } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import type { ContactsContext } from './contacts.context.js';

const meta = { api_status: 'stable', version: 'kabar' } as const;

/** The Graph error envelope, plus the `errors` array On-Premises clients read. */
function sendOnPremError(reply: FastifyReply, error: DomainError): FastifyReply {
  const { status, body } = domainErrorResponse(error);
  return reply.code(status).send({ ...body, errors: [{ code: body.error.code, title: body.error.message, details: error.details }], meta });
}

/**
 * `POST /v1/contacts`, the On-Premises contact check, answered from the simulator's directory:
 * `blocking: wait` answers every number, `no_wait` (the default) answers `processing` for numbers
 * not checked in the last 7 days and checks them right after; a later request returns the result.
 * Authentication: the Graph access token as `Authorization: Bearer`.
 */
export function onPremContactsRoutes(context: ContactsContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/contacts',
      {
        schema: {
          body: Type.Object(
            {
              blocking: Type.Optional(Type.Union([Type.Literal('wait'), Type.Literal('no_wait')])),
              contacts: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
              force_check: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: true },
          ),
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        if (!hasPermission(principal, 'whatsapp_business_messaging')) return sendOnPremError(reply, domainError('PERMISSION_DENIED', 'The access token lacks the whatsapp_business_messaging permission.'));
        const result = await checkNumbers(context.deps, { businessId: principal.businessId, inputs: request.body.contacts, blocking: request.body.blocking ?? 'no_wait', forceCheck: request.body.force_check === true });
        if (!result.ok) return sendOnPremError(reply, result.error);
        return reply.send({ contacts: result.value.map((entry) => ({ input: entry.input, status: entry.status, ...(entry.waId === undefined ? {} : { wa_id: entry.waId }) })), meta });
      },
    );
  };
}
