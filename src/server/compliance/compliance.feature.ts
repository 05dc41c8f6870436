/**
 * Business compliance for India on the Graph API, as Meta serves it at
 * `/{phone-number-id}/business_compliance_info` (developers.facebook.com/docs/whatsapp/cloud-api/phone-numbers):
 * `POST` sets the number's entity, grievance officer and customer care details whole and answers
 * `{"success": true}`; `GET` answers them in a `data` list, empty until they are set.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolvePhoneNumber, type PhoneNumber } from '../../core/accounts/index.js';
import { setComplianceInfo, type ComplianceDeps, type ComplianceInfo } from '../../core/compliance/index.js';
import type { Awaitable, DomainError, Result } from '../../core/shared/index.js';
import { KyselyComplianceRepository, complianceWriters } from '../../store/index.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import { fieldsOf, looseBody, looseQuery, phoneNumberParams } from '../onboarding/graph-params.js';
import type { KabarFeature, KabarServices } from '../services.js';

function complianceView(info: ComplianceInfo): Record<string, unknown> {
  const landline = (number: string | undefined): Record<string, string> => (number === undefined ? {} : { landline_number: number });
  return {
    messaging_product: 'whatsapp',
    entity_name: info.entityName,
    entity_type: info.entityType,
    ...(info.otherEntityType === undefined ? {} : { other_entity_type: info.otherEntityType }),
    is_registered: info.isRegistered,
    grievance_officer_details: {
      name: info.grievanceOfficer.name,
      email: info.grievanceOfficer.email,
      ...landline(info.grievanceOfficer.landlineNumber),
      mobile_number: info.grievanceOfficer.mobileNumber,
    },
    customer_care_details: {
      email: info.customerCare.email,
      ...landline(info.customerCare.landlineNumber),
      mobile_number: info.customerCare.mobileNumber,
    },
  };
}

function graphRoutes(services: KabarServices, deps: ComplianceDeps, compliance: KyselyComplianceRepository) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Another business's token is answered as for a node it cannot see, as every number route answers.
    const numberOf = (request: FastifyRequest, id: string, method: 'get' | 'post'): Awaitable<Result<PhoneNumber, DomainError>> =>
      resolvePhoneNumber(services.accounts, { principal: principalOf(request), id, method, permission: 'whatsapp_business_management' });

    app.get('/:phoneNumberId/business_compliance_info', { schema: { params: phoneNumberParams, querystring: looseQuery } }, async (request, reply) => {
      const number = await numberOf(request, request.params.phoneNumberId, 'get');
      if (!number.ok) return sendDomainError(reply, number.error);
      const info = await compliance.complianceInfo(number.value.id);
      return reply.send({ data: info === undefined ? [] : [complianceView(info)] });
    });

    app.post('/:phoneNumberId/business_compliance_info', { schema: { params: phoneNumberParams, querystring: looseQuery, body: looseBody } }, async (request, reply) => {
      const number = await numberOf(request, request.params.phoneNumberId, 'post');
      if (!number.ok) return sendDomainError(reply, number.error);
      const saved = await setComplianceInfo(deps, number.value, fieldsOf(request));
      return saved.ok ? reply.send({ success: true }) : sendDomainError(reply, saved.error);
    });
  };
}

export const complianceFeature: KabarFeature = {
  name: 'compliance',
  writers: complianceWriters,
  setup(services) {
    const compliance = new KyselyComplianceRepository(services.database.db);
    return { graph: graphRoutes(services, { writer: services.committer, clock: services.clock }, compliance) };
  },
};
