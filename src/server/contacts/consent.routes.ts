import QRCode from 'qrcode';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  changeConsentPolicy, consentCategories, consentPolicyOf, consentStatus, createOptInLink, linkView, optInSources, recordOptIn, withdrawConsent, type ConsentPolicy, type LinkView, type Subject,
} from '../../core/consent/index.js';
import { domainError, fail, type DomainError, type Result } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import type { ContactsContext } from './contacts.context.js';
import { answer, businessParams } from './contacts.routes.js';
import { iso, ledgerView, statesView } from './contacts.views.js';

const categories = Type.Array(Type.Union(consentCategories.map((category) => Type.Literal(category))), { minItems: 1, maxItems: 2, uniqueItems: true });
const subjectFields = {
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  contact_id: Type.Optional(Type.String({ pattern: '^[0-9A-F]{20}$' })),
};
const linkParams = Type.Object({ businessId: Type.String({ pattern: '^[0-9]{1,32}$' }), linkId: Type.String({ pattern: '^[0-9A-F]{20}$' }) });

function subjectOf(body: { readonly phone?: string; readonly contact_id?: string }): Result<Subject, DomainError> {
  if ((body.phone === undefined) === (body.contact_id === undefined)) return fail(domainError('PARAMETER_INVALID', 'Say whose consent this is: phone or contact_id (one of them).'));
  return { ok: true, value: body.phone !== undefined ? { phone: body.phone } : { contactId: body.contact_id ?? '' } };
}

function policyView(policy: ConsentPolicy): Record<string, unknown> {
  return { graph_opt_in_check: policy.graphOptInCheck, crm_opt_in_check: policy.crmOptInCheck, opt_out_keywords: policy.optOutKeywords };
}

function linkAnswer(view: LinkView): Record<string, unknown> {
  const { link } = view;
  return {
    id: link.id,
    phone_number_id: link.phoneNumberId,
    token: link.token,
    categories: link.categories,
    source: link.source,
    consent_text: link.consentText,
    prefilled_text: link.prefilledText,
    url: view.url,
    qr_svg: `/admin/businesses/${link.businessId}/consent/links/${link.id}/qr.svg`,
    qr_png: `/admin/businesses/${link.businessId}/consent/links/${link.id}/qr.png`,
    created_at: iso(link.createdAt),
  };
}

/** The opt-in ledger, withdrawals, the consent switches and opt-in links, under `/admin/businesses/{id}/consent`. */
export function consentAdminRoutes(context: ContactsContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { consentDeps: deps } = context;
    const settings = context.services.businessSettings;
    const knownBusiness = async (reply: FastifyReply, businessId: string): Promise<boolean> => {
      if ((await context.services.accounts.findBusiness(businessId)) !== undefined) return true;
      await sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${businessId}'.`));
      return false;
    };

    app.get('/admin/businesses/:businessId/consent/settings', { config: { access: 'agent' }, schema: { params: businessParams } }, async (request, reply) => {
      if (!(await knownBusiness(reply, request.params.businessId))) return reply;
      return reply.send(policyView(await consentPolicyOf(settings, request.params.businessId)));
    });

    app.post(
      '/admin/businesses/:businessId/consent/settings',
      { config: { access: 'owner' }, schema: {
          params: businessParams,
          body: Type.Object(
            {
              graph_opt_in_check: Type.Optional(Type.Boolean()),
              crm_opt_in_check: Type.Optional(Type.Boolean()),
              opt_out_keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 20 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        if (!(await knownBusiness(reply, request.params.businessId))) return reply;
        const { graph_opt_in_check: graph, crm_opt_in_check: crm, opt_out_keywords: keywords } = request.body;
        const policy = await changeConsentPolicy(
          settings,
          request.params.businessId,
          { ...(graph === undefined ? {} : { graphOptInCheck: graph }), ...(crm === undefined ? {} : { crmOptInCheck: crm }), ...(keywords === undefined ? {} : { optOutKeywords: keywords }) },
          context.services.clock.now(),
        );
        return reply.send(policyView(policy));
      },
    );

    app.post(
      '/admin/businesses/:businessId/consent/opt-ins',
      { config: { access: 'agent' }, schema: {
          params: businessParams,
          body: Type.Object(
            {
              ...subjectFields,
              categories,
              source: Type.Union(optInSources.map((source) => Type.Literal(source))),
              consent_text: Type.String({ minLength: 1, maxLength: 2000 }),
              proof: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 50 })),
              recorded_at: Type.Optional(Type.String({ format: 'date-time' })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const subject = subjectOf(request.body);
        if (!subject.ok) return sendDomainError(reply, subject.error);
        const recordedAt = request.body.recorded_at === undefined ? undefined : Date.parse(request.body.recorded_at);
        const result = await recordOptIn(deps, {
          businessId: request.params.businessId,
          subject: subject.value,
          categories: request.body.categories,
          source: request.body.source,
          consentText: request.body.consent_text,
          proof: request.body.proof ?? {},
          ...(recordedAt === undefined ? {} : { recordedAt }),
        });
        return answer(reply, result, (entries) => ({ data: entries.map(ledgerView) }), 201);
      },
    );

    app.post(
      '/admin/businesses/:businessId/consent/opt-outs',
      { config: { access: 'agent' }, schema: {
          params: businessParams,
          body: Type.Object(
            { ...subjectFields, categories: Type.Optional(categories), reason: Type.Optional(Type.String({ maxLength: 2000 })), proof: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 50 })) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const subject = subjectOf(request.body);
        if (!subject.ok) return sendDomainError(reply, subject.error);
        const result = await withdrawConsent(deps, {
          businessId: request.params.businessId,
          subject: subject.value,
          categories: request.body.categories ?? consentCategories,
          source: 'api',
          reason: request.body.reason ?? 'Withdrawn through the API',
          proof: request.body.proof ?? {},
        });
        return answer(reply, result, (entries) => ({ data: entries.map(ledgerView) }), 201);
      },
    );

    app.get(
      '/admin/businesses/:businessId/consent/status',
      { config: { access: 'agent' }, schema: { params: businessParams, querystring: Type.Object(subjectFields) } },
      async (request, reply) => {
        const subject = subjectOf(request.query);
        if (!subject.ok) return sendDomainError(reply, subject.error);
        return answer(reply, await consentStatus(deps, request.params.businessId, subject.value), (status) => ({ wa_id: status.waId, ...statesView(status.states) }));
      },
    );

    app.get(
      '/admin/businesses/:businessId/consent/ledger',
      { config: { access: 'agent' }, schema: { params: businessParams, querystring: Type.Object({ ...subjectFields, before: Type.Optional(Type.String({ pattern: '^[0-9A-F]{20}$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } },
      async (request, reply) => {
        const { businessId } = request.params;
        if (!(await knownBusiness(reply, businessId))) return reply;
        let waId: string | undefined;
        if (request.query.phone !== undefined || request.query.contact_id !== undefined) {
          const subject = subjectOf(request.query);
          if (!subject.ok) return sendDomainError(reply, subject.error);
          const status = await consentStatus(deps, businessId, subject.value);
          if (!status.ok) return sendDomainError(reply, status.error);
          waId = status.value.waId;
        }
        const limit = request.query.limit ?? 100;
        const entries = await context.consent.ledger(businessId, { limit, ...(waId === undefined ? {} : { waId }), ...(request.query.before === undefined ? {} : { before: request.query.before }) });
        const last = entries[entries.length - 1];
        return reply.send({ data: entries.map(ledgerView), paging: { before: entries.length === limit && last !== undefined ? last.key : null } });
      },
    );

    app.post(
      '/admin/businesses/:businessId/consent/links',
      { config: { access: 'admin' }, schema: {
          params: businessParams,
          body: Type.Object(
            {
              phone_number_id: Type.String({ pattern: '^[0-9]{1,32}$' }),
              categories,
              source: Type.Optional(Type.Union([Type.Literal('link'), Type.Literal('qr_code')])),
              consent_text: Type.String({ minLength: 1, maxLength: 2000 }),
              prefilled_text: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { phone_number_id: phoneNumberId, prefilled_text: prefilledText } = request.body;
        const result = await createOptInLink(deps, {
          businessId: request.params.businessId,
          phoneNumberId,
          categories: request.body.categories,
          source: request.body.source ?? 'qr_code',
          consentText: request.body.consent_text,
          ...(prefilledText === undefined ? {} : { prefilledText }),
        });
        return answer(reply, result, linkAnswer, 201);
      },
    );

    const findLink = async (reply: FastifyReply, businessId: string, linkId: string): Promise<LinkView | undefined> => {
      const link = await context.consent.findLink(businessId, linkId);
      const number = link === undefined ? undefined : await context.services.accounts.findPhoneNumber(link.phoneNumberId);
      if (link === undefined || number === undefined) {
        await sendDomainError(reply, domainError('NODE_NOT_FOUND', `No opt-in link '${linkId}' in this business.`));
        return undefined;
      }
      return linkView(link, number.phoneNumber);
    };

    app.get('/admin/businesses/:businessId/consent/links/:linkId', { config: { access: 'agent' }, schema: { params: linkParams } }, async (request, reply) => {
      const view = await findLink(reply, request.params.businessId, request.params.linkId);
      return view === undefined ? reply : reply.send(linkAnswer(view));
    });

    app.get('/admin/businesses/:businessId/consent/links/:linkId/qr.svg', { config: { access: 'agent' }, schema: { params: linkParams } }, async (request, reply) => {
      const view = await findLink(reply, request.params.businessId, request.params.linkId);
      if (view === undefined) return reply;
      return reply.header('content-type', 'image/svg+xml').send(await QRCode.toString(view.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    });

    app.get(
      '/admin/businesses/:businessId/consent/links/:linkId/qr.png',
      { config: { access: 'agent' }, schema: { params: linkParams, querystring: Type.Object({ size: Type.Optional(Type.Integer({ minimum: 64, maximum: 2048 })) }) } },
      async (request, reply) => {
        const view = await findLink(reply, request.params.businessId, request.params.linkId);
        if (view === undefined) return reply;
        return reply.header('content-type', 'image/png').send(await QRCode.toBuffer(view.url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: request.query.size ?? 512 }));
      },
    );
  };
}
