/**
 * The operator's side of billing: the ledger and its report, conversations, and a business's rate
 * cards (read, override, reset).
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  billingReport, businessRateCards, fromMicros, markets, overrideRateCard, rateCategories, type BillingReport, type BillingRepository, type BusinessRateCards, type Charge,
  type Conversation, type RateCard, type RateCardOverride,
} from '../../core/billing/index.js';
import { domainError } from '../../core/shared/index.js';
import { encodeWamid } from '../../wire/index.js';
import { sendDomainError } from '../errors.js';
import { scopedBusiness } from '../access/scope.js';
import type { KabarServices } from '../services.js';

const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());
const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const modelSchema = Type.Union([Type.Literal('CBP'), Type.Literal('PMP')]);
const rateSchema = Type.Number({ minimum: 0, maximum: 1_000_000 });
// Keys are checked in the handler: an unknown market or category is refused, never silently dropped.
const ratesSchema = Type.Record(Type.String({ maxLength: 32 }), Type.Record(Type.String({ maxLength: 32 }), rateSchema));
const periodQuery = {
  from: Type.String({ minLength: 1, maxLength: 40 }),
  to: Type.String({ minLength: 1, maxLength: 40 }),
  business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
};

export function chargeView(charge: Charge): Record<string, unknown> {
  return {
    key: charge.key,
    business_id: charge.businessId,
    waba_id: charge.wabaId,
    phone_number_id: charge.phoneNumberId,
    wa_id: charge.waId,
    unit: charge.unit,
    conversation_id: charge.conversationId,
    message_id: encodeWamid({ waId: charge.waId, key: charge.messageKey }),
    pricing_model: charge.pricingModel,
    category: charge.category,
    type: charge.pricingType,
    market: charge.market,
    currency: charge.currency,
    rate: fromMicros(charge.rateMicros),
    amount: fromMicros(charge.amountMicros),
    billable: charge.billable,
    reason: charge.reason,
    rate_card: charge.rateCard,
    at: iso(charge.at),
    starts_at: iso(charge.startsAt),
    ends_at: iso(charge.endsAt),
  };
}

export function conversationView(conversation: Conversation): Record<string, unknown> {
  return {
    id: conversation.id,
    business_id: conversation.businessId,
    waba_id: conversation.wabaId,
    phone_number_id: conversation.phoneNumberId,
    wa_id: conversation.waId,
    pricing_model: conversation.pricingModel,
    origin: conversation.origin,
    opened_at: iso(conversation.openedAt),
    expires_at: iso(conversation.expiresAt),
    closed_at: iso(conversation.closedAt),
    opened_by: encodeWamid({ waId: conversation.waId, key: conversation.openedBy }),
  };
}

function cardView(card: RateCard): Record<string, unknown> {
  return { pricing_model: card.pricingModel, effective: card.effective, currency: card.currency, rates: card.rates };
}

function cardsView(cards: BusinessRateCards): Record<string, unknown> {
  return {
    defaults: { CBP: cardView(cards.defaults.CBP), PMP: cardView(cards.defaults.PMP) },
    overrides: Object.fromEntries(Object.entries(cards.overrides).map(([model, card]) => [model, cardView(card)])),
  };
}

export function reportView(report: BillingReport): Record<string, unknown> {
  return { from: iso(report.from), to: iso(report.to), business_id: report.businessId, lines: report.lines, by_category: report.byCategory, by_market: report.byMarket, total: report.total };
}

/** A time given as an ISO date (`2026-11-25`, midnight UTC) or date-time; undefined when it is neither. */
export function parseTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const value = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(value) ? undefined : value;
}

function period(reply: FastifyReply, query: { from: string; to: string }): { from: number; to: number } | undefined {
  const from = parseTime(query.from);
  const to = parseTime(query.to);
  if (from === undefined || to === undefined) {
    void sendDomainError(reply, domainError('PARAMETER_INVALID', `from and to must be ISO dates or date-times (2026-11-25, 2026-11-25T09:00:00Z); got '${query.from}' and '${query.to}'.`));
    return undefined;
  }
  if (to <= from) {
    void sendDomainError(reply, domainError('PARAMETER_INVALID', `to (${query.to}) must be after from (${query.from}).`));
    return undefined;
  }
  return { from, to };
}

export function billingAdminRoutes(services: KabarServices, repository: BillingRepository) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    /**
     * The business a request is about: the one named, if the caller may see it and it exists; a
     * business user's own when none is named; every business for the operator naming none. Null
     * after answering the refusal.
     */
    const business = async (request: FastifyRequest, reply: FastifyReply, named: string | undefined): Promise<{ readonly businessId?: string } | null> => {
      const scope = scopedBusiness(request, named);
      if (!scope.ok) {
        await sendDomainError(reply, scope.error);
        return null;
      }
      if (scope.value === undefined) return {};
      if ((await services.accounts.findBusiness(scope.value)) === undefined) {
        await sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${scope.value}'.`));
        return null;
      }
      return { businessId: scope.value };
    };

    app.get('/admin/billing/report', { config: { access: 'admin' }, schema: { querystring: Type.Object(periodQuery) } }, async (request, reply) => {
      const range = period(reply, request.query);
      const scope = range === undefined ? null : await business(request, reply, request.query.business_id);
      if (range === undefined || scope === null) return reply;
      const report = await billingReport(repository, { ...range, ...scope });
      return reply.send(reportView(report));
    });

    app.get(
      '/admin/billing/ledger',
      { config: { access: 'admin' }, schema: { querystring: Type.Object({ ...periodQuery, after: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } },
      async (request, reply) => {
        const range = period(reply, request.query);
        const scope = range === undefined ? null : await business(request, reply, request.query.business_id);
        if (range === undefined || scope === null) return reply;
        const limit = request.query.limit ?? 100;
        const charges = await repository.listCharges({
          ...range,
          ...scope,
          limit,
          ...(request.query.after === undefined ? {} : { after: request.query.after }),
        });
        const last = charges[charges.length - 1];
        return reply.send({ data: charges.map(chargeView), paging: { next_after: charges.length === limit && last !== undefined ? last.key : null } });
      },
    );

    app.get(
      '/admin/billing/conversations',
      {
        config: { access: 'admin' },
        schema: {
          querystring: Type.Object({
            business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            phone_number_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            wa_id: Type.Optional(Type.String({ pattern: '^[0-9]{6,20}$' })),
            open: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
        },
      },
      async (request, reply) => {
        const { phone_number_id: phoneNumberId, wa_id: waId, open, limit } = request.query;
        const scope = await business(request, reply, request.query.business_id);
        if (scope === null) return reply;
        const found = await repository.listConversations({
          limit: limit ?? 100,
          ...scope,
          ...(phoneNumberId === undefined ? {} : { phoneNumberId }),
          ...(waId === undefined ? {} : { waId }),
          ...(open === true ? { openAt: services.clock.now() } : {}),
        });
        return reply.send({ data: found.map(conversationView) });
      },
    );

    app.get('/admin/businesses/:id/rate-card', { config: { access: 'admin' }, schema: { params: idParams } }, async (request, reply) => {
      if ((await business(request, reply, request.params.id)) === null) return reply;
      return reply.send(cardsView(await businessRateCards(services.businessSettings, request.params.id)));
    });

    app.post(
      '/admin/businesses/:id/rate-card',
      {
        config: { access: 'owner', audit: 'billing.rate-card' },
        schema: {
          params: idParams,
          body: Type.Object(
            {
              pricing_model: modelSchema,
              effective: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
              currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
              rates: ratesSchema,
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        if ((await business(request, reply, request.params.id)) === null) return reply;
        if (parseTime(request.body.effective) === undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', `effective must be a date (YYYY-MM-DD); got '${request.body.effective}'.`));
        for (const [market, categories] of Object.entries(request.body.rates)) {
          if (!(markets as readonly string[]).includes(market)) return sendDomainError(reply, domainError('PARAMETER_INVALID', `Unknown market '${market}'; markets are ${markets.join(', ')}.`));
          const unknown = Object.keys(categories).find((category) => !(rateCategories as readonly string[]).includes(category));
          if (unknown !== undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', `Unknown category '${unknown}'; categories are ${rateCategories.join(', ')}.`));
        }
        const cards = await overrideRateCard(
          services.businessSettings,
          request.params.id,
          request.body.pricing_model,
          { effective: request.body.effective, currency: request.body.currency ?? 'USD', rates: request.body.rates as RateCardOverride['rates'] },
          services.clock.now(),
        );
        return reply.send(cardsView(cards));
      },
    );

    app.delete(
      '/admin/businesses/:id/rate-card',
      { config: { access: 'owner', audit: 'billing.rate-card' }, schema: { params: idParams, querystring: Type.Object({ pricing_model: modelSchema }) } },
      async (request, reply) => {
      if ((await business(request, reply, request.params.id)) === null) return reply;
      return reply.send(cardsView(await overrideRateCard(services.businessSettings, request.params.id, request.query.pricing_model, undefined, services.clock.now())));
      },
    );
  };
}
