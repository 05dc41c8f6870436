/**
 * The business portfolio on the Graph API: `GET /{business-id}` (id, name, verification status,
 * creation time, time zone), its credit line (`extendedcredits`, which Meta's WABA-sharing flows
 * ask for) and the WABAs it owns, `GET /{business-id}/owned_whatsapp_business_accounts`. No
 * Kabar business shares its WABAs with another, so `client_whatsapp_business_accounts` is always
 * empty; both edges answer in Graph's list shape.
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolveBusiness, type Business, type VerificationStatus, type Waba } from '../../core/accounts/index.js';
import { domainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import type { KabarFeature, KabarServices } from '../services.js';
import { debugTokenRoute } from './debug-token.graph.js';
import { principalOf } from './graph.routes.js';
import { notMine, type NodeHandler } from './node-handlers.js';
import { defaultWabaFields, selectFields, wabaFields } from './phone-number.view.js';

/** Graph's names for a business's verification status. */
const graphVerificationStatus: Record<VerificationStatus, string> = { unverified: 'not_verified', pending: 'pending', verified: 'verified', rejected: 'rejected' };

/** Graph's time format: ISO 8601 with a `+0000` offset. */
function graphTime(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** The portfolio's fields; its time zone is its first WABA's (Kabar keeps time zones on WABAs), UTC without one. */
function businessFields(business: Business, wabas: readonly Waba[]): Record<string, unknown> {
  return {
    id: business.id,
    name: business.name,
    verification_status: graphVerificationStatus[business.verificationStatus],
    created_time: graphTime(business.createdAt),
    timezone_id: wabas[0]?.timezoneId ?? '1',
  };
}

/** The portfolio's credit line, as `extendedcredits` lists it: one per business, paying for every WABA's messages. */
function creditLineId(businessId: string): string {
  return String((BigInt(businessId) * 1_000_033n) % 900_000_000_000_000n + 100_000_000_000_000n);
}

function unknownField(reply: FastifyReply, field: string, nodeType: string): FastifyReply {
  return sendDomainError(reply, domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`));
}

function businessNode(services: KabarServices): NodeHandler {
  return async ({ request, reply, principal, nodeId }) => {
    const business = await services.accounts.findBusiness(nodeId);
    if (business === undefined) return notMine;
    const resolved = await resolveBusiness(services.accounts, { principal, id: nodeId, method: 'get', permission: 'whatsapp_business_management' });
    if (!resolved.ok) return sendDomainError(reply, resolved.error);
    const wabas = await services.accounts.listWabas(resolved.value.id);
    const selection = selectFields(businessFields(resolved.value, wabas), (request.query as { fields?: string }).fields, ['id', 'name']);
    return selection.ok ? reply.send(selection.value) : unknownField(reply, selection.field, 'Business');
  };
}

function edges(services: KabarServices) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const params = Type.Object({ nodeId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
    const querystring = Type.Object({ fields: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });
    const list = async (request: FastifyRequest, reply: FastifyReply, owned: boolean): Promise<FastifyReply> => {
      const { nodeId } = request.params as { nodeId: string };
      const { fields } = request.query as { fields?: string };
      const business = await resolveBusiness(services.accounts, { principal: principalOf(request), id: nodeId, method: 'get', permission: 'whatsapp_business_management' });
      if (!business.ok) return sendDomainError(reply, business.error);
      const data: Record<string, unknown>[] = [];
      for (const waba of owned ? await services.accounts.listWabas(business.value.id) : []) {
        const selection = selectFields(wabaFields(waba), fields, defaultWabaFields);
        if (!selection.ok) return unknownField(reply, selection.field, 'WhatsAppBusinessAccount');
        data.push(selection.value);
      }
      if (data.length === 0) return reply.send({ data });
      const cursor = (id: unknown): string => Buffer.from(String(id)).toString('base64url');
      return reply.send({ data, paging: { cursors: { before: cursor(data[0]?.['id']), after: cursor(data[data.length - 1]?.['id']) } } });
    };
    app.get('/:nodeId/owned_whatsapp_business_accounts', { schema: { params, querystring } }, (request, reply) => list(request, reply, true));
    app.get('/:nodeId/client_whatsapp_business_accounts', { schema: { params, querystring } }, (request, reply) => list(request, reply, false));
    app.get('/:nodeId/extendedcredits', { schema: { params, querystring } }, async (request, reply) => {
      const business = await resolveBusiness(services.accounts, { principal: principalOf(request), id: request.params.nodeId, method: 'get', permission: 'whatsapp_business_management' });
      if (!business.ok) return sendDomainError(reply, business.error);
      const line: Record<string, unknown> = { id: creditLineId(business.value.id), legal_entity_name: business.value.name };
      const selection = selectFields(line, request.query.fields, ['id', 'legal_entity_name']);
      return selection.ok ? reply.send({ data: [selection.value] }) : unknownField(reply, selection.field, 'ExtendedCredit');
    });
  };
}

export const businessGraphFeature: KabarFeature = {
  name: 'business-graph',
  setup(services) {
    return {
      nodes: { get: [businessNode(services)] },
      graph(app) {
        edges(services)(app);
        debugTokenRoute(services)(app);
      },
    };
  },
};
