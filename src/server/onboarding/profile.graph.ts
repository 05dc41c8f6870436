import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { businessProfile, updateProfile, type ProfileChange } from '../../core/profiles/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { fieldsOf, looseBody, phoneNumberParams, textField, type Fields } from './graph-params.js';
import { answer, numberOf } from './numbers.graph.js';
import type { OnboardingContext } from './onboarding.deps.js';
import { originOf, profileFields } from './onboarding.views.js';

const profileFieldNames = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical'] as const;

/** What a profile update asks to change, read from JSON or form fields (`websites` as a JSON array or comma-separated). */
export function profileChangeOf(fields: Fields): Result<ProfileChange, DomainError> {
  const change: Record<string, unknown> = {};
  for (const name of ['about', 'address', 'description', 'email', 'vertical'] as const) {
    const value = textField(fields, name);
    if (!value.ok) return value;
    if (value.value !== undefined) change[name] = value.value;
  }
  const handle = textField(fields, 'profile_picture_handle');
  if (!handle.ok) return handle;
  if (handle.value !== undefined) change['profilePictureHandle'] = handle.value;
  const websites = fields['websites'];
  if (websites !== undefined) {
    const list = typeof websites === 'string' ? (websites.trim().startsWith('[') ? (safeParse(websites) ?? [websites]) : websites.split(',').map((site) => site.trim()).filter((site) => site.length > 0)) : websites;
    if (!Array.isArray(list) || !list.every((site): site is string => typeof site === 'string')) return fail(domainError('FIELD_VALUE_INVALID', 'Param websites must be an array of URLs.'));
    change['websites'] = list;
  }
  return ok(change as ProfileChange);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `GET|POST /{phone-number-id}/whatsapp_business_profile`. */
export function profileGraphRoutes(context: OnboardingContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const querystring = Type.Object({ fields: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });

    app.get('/:phoneNumberId/whatsapp_business_profile', { schema: { params: phoneNumberParams, querystring } }, async (request, reply) => {
      const number = await numberOf(context, request, request.params.phoneNumberId, 'get');
      if (!number.ok) return sendDomainError(reply, number.error);
      const all = profileFields(await businessProfile(context.profiles, number.value), originOf(request));
      const asked = request.query.fields?.split(',').map((name) => name.trim()).filter((name) => name.length > 0) ?? [...profileFieldNames];
      const unknown = asked.find((name) => !(profileFieldNames as readonly string[]).includes(name));
      if (unknown !== undefined) {
        return sendDomainError(reply, domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessProfile)`));
      }
      const selected = Object.fromEntries(asked.map((name) => [name, all[name]]));
      return reply.send({ data: [{ ...selected, messaging_product: 'whatsapp' }] });
    });

    app.post('/:phoneNumberId/whatsapp_business_profile', { schema: { params: phoneNumberParams, body: looseBody } }, async (request, reply) => {
      const number = await numberOf(context, request, request.params.phoneNumberId, 'post');
      if (!number.ok) return sendDomainError(reply, number.error);
      const fields = fieldsOf(request);
      if (fields['messaging_product'] !== 'whatsapp') {
        return sendDomainError(reply, domainError('FIELD_VALUE_INVALID', fields['messaging_product'] === undefined ? 'The parameter messaging_product is required.' : 'Param messaging_product must be "whatsapp".'));
      }
      const change = profileChangeOf(fields);
      if (!change.ok) return sendDomainError(reply, change.error);
      return answer(reply, await updateProfile(context.profiles, { number: number.value, change: change.value }));
    });
  };
}
