import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  acknowledgeIdentity, changeContactSettings, checkNumbers, contactNotFound, contactSettingsOf, createContact, cursorOf, deleteContact, isCountryCode, mergeContacts, searchContacts, updateContact,
  verificationBlockOf, type Attributes, type ResolvedContactSettings,
} from '../../core/contacts/index.js';
import { crmSendCheck } from '../../core/consent/index.js';
import { domainError, type DomainError, type Result } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import type { ContactsContext } from './contacts.context.js';
import { contactView, eventView, iso } from './contacts.views.js';

export const businessParams = Type.Object({ businessId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
export const contactParams = Type.Object({ businessId: Type.String({ pattern: '^[0-9]{1,32}$' }), contactId: Type.String({ pattern: '^[0-9A-F]{20}$' }) });
// Checked in the handler, not by the schema: type coercion would turn 3 into "3" in a union.
const attributeValue = Type.Unknown();
const tagList = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 });
const attributes = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), attributeValue, { maxProperties: 100 });

/** Attribute values are strings (at most 2,000 characters), finite numbers or booleans; null removes one on an edit. */
function attributesProblem(values: Readonly<Record<string, unknown>> | undefined, nullAllowed: boolean): DomainError | undefined {
  for (const [key, value] of Object.entries(values ?? {})) {
    const fine = (typeof value === 'string' && value.length <= 2000) || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || (nullAllowed && value === null);
    if (!fine) return domainError('PARAMETER_INVALID', `Attribute '${key}' must be a string of at most 2000 characters, a number or a boolean${nullAllowed ? ' (or null to remove it)' : ''}.`);
  }
  return undefined;
}

/** Answers a use case's result: the view of its value, or the Graph error envelope. */
export function answer<Value>(reply: FastifyReply, result: Result<Value, DomainError>, view: (value: Value) => unknown, status = 200): FastifyReply {
  return result.ok ? reply.code(status).send(view(result.value)) : sendDomainError(reply, result.error);
}

function settingsView(settings: ResolvedContactSettings): Record<string, unknown> {
  return {
    default_country: settings.defaultCountry ?? null,
    default_country_source: settings.defaultCountrySource,
    verification: { max_unmessaged: settings.verification.maxUnmessaged, window_ms: settings.verification.windowMs, block_ms: settings.verification.blockMs },
  };
}

/** The CRM's contacts, under `/admin/businesses/{business_id}/contacts`: every query is bound to that business. */
export function contactsAdminRoutes(context: ContactsContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { deps, repository } = context;
    const knownBusiness = async (businessId: string): Promise<boolean> => (await context.services.accounts.findBusiness(businessId)) !== undefined;
    const unknownBusiness = (reply: FastifyReply, businessId: string): FastifyReply => sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${businessId}'.`));

    app.post(
      '/admin/businesses/:businessId/contacts',
      { config: { access: 'agent' }, schema: { params: businessParams, body: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 64 }), name: Type.Optional(Type.String({ maxLength: 256 })), tags: Type.Optional(tagList), attributes: Type.Optional(attributes) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const { phone, name, tags, attributes: given } = request.body;
        const problem = attributesProblem(given, false);
        if (problem !== undefined) return sendDomainError(reply, problem);
        const result = await createContact(deps, { businessId: request.params.businessId, phone, ...(name === undefined ? {} : { name }), ...(tags === undefined ? {} : { tags }), ...(given === undefined ? {} : { attributes: given as Attributes }) });
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.code(result.value.created ? 201 : 200).send({ ...contactView(result.value.contact), created: result.value.created, merged_fields: result.value.changed });
      },
    );

    app.get(
      '/admin/businesses/:businessId/contacts',
      { config: { access: 'agent' }, schema: {
          params: businessParams,
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 128 })),
            name: Type.Optional(Type.String({ maxLength: 128 })),
            number: Type.Optional(Type.String({ maxLength: 64 })),
            tag: Type.Optional(Type.String({ maxLength: 64 })),
            after: Type.Optional(Type.String({ maxLength: 400 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
        },
      },
      async (request, reply) => {
        const { businessId } = request.params;
        if (!(await knownBusiness(businessId))) return unknownBusiness(reply, businessId);
        const limit = request.query.limit ?? 50;
        const result = await searchContacts(deps, { ...request.query, businessId, limit });
        if (!result.ok) return sendDomainError(reply, result.error);
        const { contacts, search } = result.value;
        const last = contacts[contacts.length - 1];
        return reply.send({ data: contacts.map(contactView), search, paging: { after: contacts.length === limit && last !== undefined ? cursorOf(search, last) : null } });
      },
    );

    app.get('/admin/businesses/:businessId/contacts/:contactId', { config: { access: 'agent' }, schema: { params: contactParams } }, async (request, reply) => {
      const contact = await repository.find(request.params.businessId, request.params.contactId);
      return contact === undefined ? sendDomainError(reply, contactNotFound(request.params.contactId)) : reply.send(contactView(contact));
    });

    app.patch(
      '/admin/businesses/:businessId/contacts/:contactId',
      { config: { access: 'agent' }, schema: {
          params: contactParams,
          body: Type.Object(
            {
              phone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              name: Type.Optional(Type.String({ maxLength: 256 })),
              tags: Type.Optional(tagList),
              add_tags: Type.Optional(tagList),
              remove_tags: Type.Optional(tagList),
              attributes: Type.Optional(attributes),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { phone, name, tags, add_tags: addTags, remove_tags: removeTags, attributes: edits } = request.body;
        const problem = attributesProblem(edits, true);
        if (problem !== undefined) return sendDomainError(reply, problem);
        const result = await updateContact(deps, {
          businessId: request.params.businessId,
          id: request.params.contactId,
          ...(phone === undefined ? {} : { phone }),
          ...(name === undefined ? {} : { name }),
          ...(tags === undefined ? {} : { tags }),
          ...(addTags === undefined ? {} : { addTags }),
          ...(removeTags === undefined ? {} : { removeTags }),
          ...(edits === undefined ? {} : { attributes: edits as Readonly<Record<string, Attributes[string] | null>> }),
        });
        return answer(reply, result, contactView);
      },
    );

    app.delete('/admin/businesses/:businessId/contacts/:contactId', { config: { access: 'admin' }, schema: { params: contactParams } }, async (request, reply) =>
      answer(reply, await deleteContact(deps, request.params.businessId, request.params.contactId), () => ({ success: true })),
    );

    app.post(
      '/admin/businesses/:businessId/contacts/:contactId/merge',
      { config: { access: 'admin' }, schema: { params: contactParams, body: Type.Object({ from: Type.String({ pattern: '^[0-9A-F]{20}$' }) }, { additionalProperties: false }) } },
      async (request, reply) => answer(reply, await mergeContacts(deps, request.params.businessId, request.params.contactId, request.body.from), contactView),
    );

    app.get(
      '/admin/businesses/:businessId/contacts/:contactId/history',
      { config: { access: 'agent' }, schema: { params: contactParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } },
      async (request, reply) => {
        const { businessId, contactId } = request.params;
        if ((await repository.find(businessId, contactId)) === undefined) return sendDomainError(reply, contactNotFound(contactId));
        return reply.send({ data: (await repository.history(businessId, contactId, request.query.limit ?? 200)).map(eventView) });
      },
    );

    app.post('/admin/businesses/:businessId/contacts/:contactId/identity/acknowledge', { config: { access: 'admin' }, schema: { params: contactParams } }, async (request, reply) =>
      answer(reply, await acknowledgeIdentity(deps, request.params.businessId, request.params.contactId), contactView),
    );

    // The check every CRM send path makes (identity acknowledged, opt-in for templates), asked ahead.
    app.get(
      '/admin/businesses/:businessId/contacts/:contactId/sendability',
      { config: { access: 'agent' }, schema: {
          params: contactParams,
          querystring: Type.Object({ category: Type.Optional(Type.Union([Type.Literal('marketing'), Type.Literal('utility'), Type.Literal('authentication'), Type.Literal('service')])) }),
        },
      },
      async (request, reply) => {
        const contact = await repository.find(request.params.businessId, request.params.contactId);
        if (contact === undefined) return sendDomainError(reply, contactNotFound(request.params.contactId));
        const category = request.query.category ?? 'service';
        const verdict = await crmSendCheck({ consent: context.consent, settings: context.services.businessSettings }, { contact, template: category !== 'service', category });
        return reply.send(verdict.ok ? { allowed: true, category } : { allowed: false, category, code: verdict.error.code, reason: verdict.error.details });
      },
    );

    app.get('/admin/businesses/:businessId/contacts/settings', { config: { access: 'agent' }, schema: { params: businessParams } }, async (request, reply) => {
      const { businessId } = request.params;
      if (!(await knownBusiness(businessId))) return unknownBusiness(reply, businessId);
      const block = await verificationBlockOf(context.services.businessSettings, businessId);
      const now = context.services.clock.now();
      return reply.send({ ...settingsView(await contactSettingsOf(deps, businessId)), verification_block: block !== undefined && block.until > now ? { since: iso(block.since), until: iso(block.until), unmessaged: block.unmessaged } : null });
    });

    app.post(
      '/admin/businesses/:businessId/contacts/settings',
      { config: { access: 'owner' }, schema: {
          params: businessParams,
          body: Type.Object(
            {
              default_country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
              verification: Type.Optional(
                Type.Object(
                  {
                    max_unmessaged: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
                    window_ms: Type.Optional(Type.Integer({ minimum: 1_000, maximum: 366 * 86_400_000 })),
                    block_ms: Type.Optional(Type.Integer({ minimum: 1_000, maximum: 366 * 86_400_000 })),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { businessId } = request.params;
        if (!(await knownBusiness(businessId))) return unknownBusiness(reply, businessId);
        const country = request.body.default_country;
        if (country !== undefined && !isCountryCode(country)) return sendDomainError(reply, domainError('PARAMETER_INVALID', `default_country '${country}' is not a region code libphonenumber knows.`));
        const limits = request.body.verification;
        const changed = await changeContactSettings(
          deps,
          businessId,
          {
            ...(country === undefined || !isCountryCode(country) ? {} : { defaultCountry: country }),
            verification: {
              ...(limits?.max_unmessaged === undefined ? {} : { maxUnmessaged: limits.max_unmessaged }),
              ...(limits?.window_ms === undefined ? {} : { windowMs: limits.window_ms }),
              ...(limits?.block_ms === undefined ? {} : { blockMs: limits.block_ms }),
            },
          },
          context.services.clock.now(),
        );
        return reply.send(settingsView(changed));
      },
    );

    // The CRM's own number check: the same rules (and limit) as POST /v1/contacts, answered at once.
    app.post(
      '/admin/businesses/:businessId/contacts/verify',
      { config: { access: 'agent' }, schema: { params: businessParams, body: Type.Object({ numbers: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }), force_check: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const { businessId } = request.params;
        if (!(await knownBusiness(businessId))) return unknownBusiness(reply, businessId);
        const result = await checkNumbers(deps, { businessId, inputs: request.body.numbers, blocking: 'wait', forceCheck: request.body.force_check === true });
        return answer(reply, result, (answers) => ({ data: answers.map((entry) => ({ input: entry.input, status: entry.status, ...(entry.waId === undefined ? {} : { wa_id: entry.waId }) })) }));
      },
    );
  };
}
