import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { choosePolicy, limitsProfiles, marketingProfiles, policyOf, pricingProfiles, templatesProfiles } from '../../core/policy/index.js';
import { domainError, unitOf, type UnitRecord } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { scopedBusiness } from '../access/scope.js';
import type { KabarFeature } from '../services.js';
import type { KabarServices } from '../services.js';

const params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });

function adminRoutes(services: KabarServices) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const known = async (businessId: string): Promise<boolean> => (await services.accounts.findBusiness(businessId)) !== undefined;
    app.get('/admin/businesses/:id/policy', { config: { access: 'agent' }, schema: { params } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      if (!(await known(request.params.id))) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.id}'.`));
      return reply.send(await policyOf(services.businessSettings, request.params.id));
    });
    app.post(
      '/admin/businesses/:id/policy',
      {
        config: { access: 'owner', audit: 'policy.choose' },
        schema: {
          params,
          body: Type.Object(
            {
              limits: Type.Optional(Type.Union(limitsProfiles.map((profile) => Type.Literal(profile)))),
              pricing: Type.Optional(Type.Union(pricingProfiles.map((profile) => Type.Literal(profile)))),
              templates: Type.Optional(Type.Union(templatesProfiles.map((profile) => Type.Literal(profile)))),
              marketing: Type.Optional(Type.Union(marketingProfiles.map((profile) => Type.Literal(profile)))),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const scope = scopedBusiness(request, request.params.id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        request.auditDetails = { ...request.body };
        if (!(await known(request.params.id))) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.id}'.`));
        const now = services.clock.now();
        const before = await policyOf(services.businessSettings, request.params.id);
        const after = await choosePolicy(services.businessSettings, request.params.id, request.body, now);
        // What follows from the choice (a tier renamed on the new ladder) is true when the answer is.
        const records: UnitRecord[] = [];
        for (const part of services.features) records.push(...((await part.policyChosen?.(request.params.id, before, after, now)) ?? []));
        if (records.length > 0) await services.committer.commit(unitOf(records));
        return reply.send(after);
      },
    );
  };
}

/** The dated policy profiles each business runs (`GET|POST /admin/businesses/{id}/policy`). */
export const policyFeature: KabarFeature = {
  name: 'policy',
  setup: (services) => ({ admin: adminRoutes(services) }),
};
