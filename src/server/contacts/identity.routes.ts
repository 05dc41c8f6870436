import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { phoneNumberIdParams } from '../../wire/index.js';
import { resolvePhoneNumber } from '../../core/accounts/index.js';
import { identityChanged, identityCheckOf, numberChanged, setIdentityCheck } from '../../core/contacts/index.js';
import { carryConsent } from '../../core/consent/index.js';
import { displayPhoneNumber, domainError, toWaId, unitOf, type UnitRecord } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import type { ContactsContext } from './contacts.context.js';

const settingsBody = Type.Object(
  {
    user_identity_change: Type.Optional(
      Type.Union([
        Type.Object({ enable_identity_key_check: Type.Optional(Type.Boolean()), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: true }),
        Type.String({ maxLength: 1000 }),
      ]),
    ),
  },
  { additionalProperties: true },
);

/** `user_identity_change` as JSON or, from a form-encoded body, as JSON text; Meta's guide says `enable_identity_key_check`, its reference `enabled`. */
function identitySwitch(value: unknown): boolean | undefined {
  let object = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (object === null || typeof object !== 'object') return undefined;
  const fields = object as Record<string, unknown>;
  const given = fields['enable_identity_key_check'] ?? fields['enabled'];
  if (typeof given === 'boolean') return given;
  if (given === 'true' || given === 'false') return given === 'true';
  return undefined;
}

/** `GET|POST /{phone-number-id}/settings`: the identity change check of a phone number (Graph). */
export function identityGraphRoutes(context: ContactsContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const settings = context.services.businessSettings;

    app.get('/:phoneNumberId/settings', { schema: { params: phoneNumberIdParams } }, async (request, reply) => {
      const number = await resolvePhoneNumber(context.services.accounts, { principal: principalOf(request), id: request.params.phoneNumberId, method: 'get', permission: 'whatsapp_business_management' });
      if (!number.ok) return sendDomainError(reply, number.error);
      return reply.send({ user_identity_change: { enable_identity_key_check: await identityCheckOf(settings, number.value.businessId, number.value.id) } });
    });

    app.post('/:phoneNumberId/settings', { schema: { params: phoneNumberIdParams, body: settingsBody } }, async (request, reply) => {
      const number = await resolvePhoneNumber(context.services.accounts, { principal: principalOf(request), id: request.params.phoneNumberId, method: 'post', permission: 'whatsapp_business_management' });
      if (!number.ok) return sendDomainError(reply, number.error);
      if (request.body.user_identity_change === undefined) {
        return sendDomainError(reply, domainError('PARAMETER_MISSING', 'The parameter user_identity_change is required: {"user_identity_change":{"enable_identity_key_check":true}}.'));
      }
      const enabled = identitySwitch(request.body.user_identity_change);
      if (enabled === undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', 'user_identity_change needs enable_identity_key_check (or enabled): true or false.'));
      await setIdentityCheck(settings, number.value.businessId, number.value.id, enabled, context.services.clock.now());
      return reply.send({ success: true });
    });
  };
}

const businessParams = Type.Object({ businessId: Type.String({ pattern: '^[0-9]{1,32}$' }) });

/**
 * `GET|POST /admin/businesses/{id}/identity-check`: the same switch as Graph's
 * `user_identity_change.enable_identity_key_check`, for each of the business's numbers, for the console.
 */
export function identityAdminRoutes(context: ContactsContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { accounts, businessSettings: settings } = context.services;
    const numbersOf = async (businessId: string) => (await Promise.all((await accounts.listWabas(businessId)).map((waba) => accounts.listPhoneNumbers(waba.id)))).flat();
    const view = async (businessId: string) => ({
      data: await Promise.all(
        (await numbersOf(businessId)).map(async (number) => ({
          phone_number_id: number.id,
          display_phone_number: displayPhoneNumber(number.phoneNumber),
          enable_identity_key_check: await identityCheckOf(settings, businessId, number.id),
        })),
      ),
    });

    app.get('/admin/businesses/:businessId/identity-check', { config: { access: 'agent' }, schema: { params: businessParams } }, async (request, reply) => {
      if ((await accounts.findBusiness(request.params.businessId)) === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.businessId}'.`));
      return reply.send(await view(request.params.businessId));
    });

    app.post(
      '/admin/businesses/:businessId/identity-check',
      {
        config: { access: 'admin', audit: 'contacts.identity-check' },
        schema: { params: businessParams, body: Type.Object({ phone_number_id: Type.String({ pattern: '^[0-9]{1,32}$' }), enable_identity_key_check: Type.Boolean() }, { additionalProperties: false }) },
      },
      async (request, reply) => {
        const { businessId } = request.params;
        const number = await accounts.findPhoneNumber(request.body.phone_number_id);
        // Another business's number answers like one that does not exist.
        if (number === undefined || number.businessId !== businessId) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No phone number with id '${request.body.phone_number_id}'.`));
        request.auditDetails = { ...request.body };
        await setIdentityCheck(settings, businessId, number.id, request.body.enable_identity_key_check, context.services.clock.now());
        return reply.send(await view(businessId));
      },
    );
  };
}

const waIdParams = Type.Object({ waId: Type.String({ pattern: '^[0-9]{6,20}$' }) });

/** `POST /sim/users/{wa_id}/reinstall` and `…/change-number`: a simulated user's identity and number change. */
export function identitySimRoutes(context: ContactsContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { services, identities } = context;
    const eventDeps = { accounts: services.accounts, contacts: context.repository, settings: services.businessSettings, targets: services.targets, clock: services.clock, ids: services.ids };

    app.post('/sim/users/:waId/reinstall', { config: { access: 'agent' }, schema: { params: waIdParams } }, async (request, reply) => {
      const { waId } = request.params;
      if (!identities.onWhatsApp(waId)) return sendDomainError(reply, domainError('PARAMETER_INVALID', `${waId} is not on WhatsApp in the simulator, so it cannot reinstall.`));
      const identity = await identities.reinstall(waId, services.clock.now());
      const added = await identityChanged(eventDeps, { waId, hash: identity.hash });
      await services.committer.commit(unitOf(added));
      return reply.send({ wa_id: waId, identity_key_hash: identity.hash, generation: identity.generation });
    });

    app.post(
      '/sim/users/:waId/change-number',
      { config: { access: 'agent' }, schema: { params: waIdParams, body: Type.Object({ new_wa_id: Type.String({ minLength: 6, maxLength: 32 }) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const from = request.params.waId;
        const to = toWaId(request.body.new_wa_id.startsWith('+') ? request.body.new_wa_id : `+${request.body.new_wa_id}`, '');
        if (to === undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', `'${request.body.new_wa_id}' is not a possible phone number.`));
        if (to === from) return sendDomainError(reply, domainError('PARAMETER_INVALID', 'The new number is the same as the old one.'));
        if (!identities.onWhatsApp(from)) return sendDomainError(reply, domainError('PARAMETER_INVALID', `${from} is not on WhatsApp in the simulator.`));
        if (services.network.users().some((user) => user.waId === to && user.onWhatsApp)) {
          return sendDomainError(reply, domainError('PARAMETER_INVALID', `${to} already belongs to a simulated user; pick a number nobody uses.`));
        }
        const { profileName } = await identities.changeNumber(from, to, services.clock.now());
        const change = await numberChanged(eventDeps, { from, to, profileName });
        const carried: UnitRecord[] = [];
        for (const businessId of change.businesses) carried.push(...(await carryConsent({ consent: context.consent, ids: services.ids }, { businessId, from, to }, services.clock.now())));
        await services.committer.commit(unitOf(change.records, carried));
        return reply.send({ wa_id: to, previous_wa_id: from, identity_key_hash: identities.currentHash(to) });
      },
    );
  };
}
