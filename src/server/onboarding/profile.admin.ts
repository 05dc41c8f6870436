import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { businessProfile, updateProfile } from '../../core/profiles/index.js';
import { domainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { nodeInScope } from '../access/scope.js';
import type { OnboardingContext } from './onboarding.deps.js';
import { profileChangeOf } from './profile.graph.js';
import { originOf, profileFields } from './onboarding.views.js';

const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/**
 * `GET|POST /admin/phone_numbers/{id}/profile`: the business profile a customer sees, read and changed
 * from the console with the same checks as Graph's `whatsapp_business_profile`.
 */
export function profileAdminRoutes(context: OnboardingContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { deps } = context;

    app.get('/admin/phone_numbers/:id/profile', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const number = await deps.accounts.findPhoneNumber(request.params.id);
      const scope = nodeInScope(request, number, 'phone number', request.params.id);
      if (!scope.ok || number === undefined) return sendDomainError(reply, scope.ok ? domainError('NODE_NOT_FOUND', `No phone number with id '${request.params.id}'.`) : scope.error);
      return reply.send(profileFields(await businessProfile(context.profiles, number), originOf(request)));
    });

    app.post(
      '/admin/phone_numbers/:id/profile',
      {
        config: { access: 'admin', audit: 'numbers.profile' },
        schema: {
          params: idParams,
          body: Type.Object(
            { about: text(139), address: text(256), description: text(512), email: text(128), vertical: text(64), websites: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 2 })) },
            // `propertyNames`: Fastify strips unknown properties, and a misspelt field must be refused, not ignored.
            { propertyNames: { enum: ['about', 'address', 'description', 'email', 'vertical', 'websites'] } },
          ),
        },
      },
      async (request, reply) => {
        const number = await deps.accounts.findPhoneNumber(request.params.id);
        const scope = nodeInScope(request, number, 'phone number', request.params.id);
        if (!scope.ok || number === undefined) return sendDomainError(reply, scope.ok ? domainError('NODE_NOT_FOUND', `No phone number with id '${request.params.id}'.`) : scope.error);
        const change = profileChangeOf(request.body);
        if (!change.ok) return sendDomainError(reply, change.error);
        const updated = await updateProfile(context.profiles, { number, change: change.value });
        return updated.ok ? reply.send(profileFields(updated.value, originOf(request))) : sendDomainError(reply, updated.error);
      },
    );
  };
}
