/**
 * The simulated side of Flows: a user completes the Flow of a message they received (`POST
 * /sim/users/{wa_id}/flow`), and Meta's health checks block, throttle or restore a published Flow
 * (`POST /sim/flows/{flow-id}/health`), each with the webhook Meta sends.
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { changeFlowHealth, completeFlow, type FlowsDeps } from '../../core/flows/index.js';
import { domainError } from '../../core/shared/index.js';
import { nodeInScope } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { receivedAnswer } from '../sim/message.view.js';
import { actingBusiness, receiveDeps, writingUser } from '../sim/sim-senders.js';

const healthEvents = { BLOCKED: 'block', THROTTLED: 'throttle', PUBLISHED: 'restore' } as const;

export function flowsSimRoutes(services: KabarServices, deps: FlowsDeps) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/sim/users/:waId/flow',
      {
        config: { access: 'agent' },
        schema: {
          params: Type.Object({ waId: Type.String({ minLength: 1, maxLength: 32 }) }),
          body: Type.Object(
            { message_id: Type.String({ minLength: 1, maxLength: 256 }), data: Type.Optional(Type.Record(Type.String({ maxLength: 256 }), Type.Unknown())), name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const user = writingUser(services, request.params.waId);
        if (!user.ok) return sendDomainError(reply, user.error);
        const business = actingBusiness(request);
        if (!business.ok) return sendDomainError(reply, business.error);
        const result = await completeFlow(receiveDeps(services), {
          waId: user.value.waId,
          profileName: request.body.name ?? user.value.profileName,
          ...(business.value === undefined ? {} : { businessId: business.value }),
          messageId: request.body.message_id,
          data: request.body.data ?? {},
        });
        return result.ok ? reply.send(receivedAnswer(result.value)) : sendDomainError(reply, result.error);
      },
    );

    app.post(
      '/sim/flows/:flowId/health',
      {
        config: { access: 'admin' },
        schema: {
          params: Type.Object({ flowId: Type.String({ pattern: '^[0-9]{1,32}$' }) }),
          body: Type.Object({ status: Type.Union([Type.Literal('BLOCKED'), Type.Literal('THROTTLED'), Type.Literal('PUBLISHED')]) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        const flow = await deps.flows.find(request.params.flowId);
        const inScope = nodeInScope(request, flow, 'Flow', request.params.flowId);
        if (!inScope.ok || flow === undefined) return sendDomainError(reply, inScope.ok ? domainError('NODE_NOT_FOUND', `No Flow '${request.params.flowId}'.`) : inScope.error);
        const changed = await changeFlowHealth(deps, flow, healthEvents[request.body.status]);
        return changed.ok ? reply.send({ id: changed.value.id, status: changed.value.status }) : sendDomainError(reply, changed.error);
      },
    );
  };
}
