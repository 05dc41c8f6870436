import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolvePhoneNumber, resolveWaba, type Permission, type PhoneNumber } from '../../core/accounts/index.js';
import {
  codeMethods, deregisterNumber, normaliseCode, officialBusinessStatus, planPhoneNumber, registerNumber, requestCode, requestDisplayName,
  requestOfficialBusinessAccount, setTwoStepPin, verifyCode, type CodeMethod,
} from '../../core/numbers/index.js';
import { commitPlanned, domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import { notMine, type NodeHandler } from '../graph/node-handlers.js';
import { booleanField, fieldsOf, looseBody, looseQuery, phoneNumberParams, pinRule, requiredText, textField, wabaParams, type Fields } from './graph-params.js';
import type { OnboardingContext } from './onboarding.deps.js';

/** Meta's local storage regions for `data_localization_region`. */
export const storageRegions = ['AU', 'ID', 'IN', 'JP', 'SG', 'KR', 'DE', 'CH', 'GB', 'BR', 'BH', 'ZA', 'AE', 'CA'] as const;

export async function numberOf(context: OnboardingContext, request: FastifyRequest, id: string, method: 'get' | 'post', permission: Permission = 'whatsapp_business_management'): Promise<Result<PhoneNumber, DomainError>> {
  return resolvePhoneNumber(context.deps.accounts, { principal: principalOf(request), id, method, permission });
}

export function answer(reply: FastifyReply, result: Result<unknown, DomainError>): FastifyReply {
  return result.ok ? reply.send({ success: true }) : sendDomainError(reply, result.error);
}

export function codeRequestOf(fields: Fields): Result<{ readonly method: CodeMethod; readonly language: string }, DomainError> {
  const method = requiredText(fields, 'code_method');
  if (!method.ok) return method;
  const upper = method.value.toUpperCase();
  const known = codeMethods.find((candidate) => candidate === upper);
  if (known === undefined) return fail(domainError('FIELD_VALUE_INVALID', `Param code_method must be one of ${codeMethods.join(', ')}.`));
  const language = requiredText(fields, 'language', { pattern: /^[a-z]{2,3}(_[A-Z]{2})?$/, says: 'must be a language code such as en or en_US' });
  if (!language.ok) return language;
  return ok({ method: known, language: language.value });
}

export function registrationOf(fields: Fields): Result<{ readonly pin: string; readonly dataLocalizationRegion?: string }, DomainError> {
  const pin = requiredText(fields, 'pin', pinRule);
  if (!pin.ok) return pin;
  const region = textField(fields, 'data_localization_region');
  if (!region.ok) return region;
  if (region.value !== undefined && !(storageRegions as readonly string[]).includes(region.value)) {
    return fail(domainError('FIELD_VALUE_INVALID', `Param data_localization_region must be one of ${storageRegions.join(', ')}.`));
  }
  return ok({ pin: pin.value, ...(region.value === undefined ? {} : { dataLocalizationRegion: region.value }) });
}

function messagingProduct(fields: Fields): Result<void, DomainError> {
  const product = requiredText(fields, 'messaging_product');
  if (!product.ok) return product;
  return product.value === 'whatsapp' ? ok(undefined) : fail(domainError('FIELD_VALUE_INVALID', 'Param messaging_product must be "whatsapp".'));
}

/** `POST /{phone-number-id}`: the two-step PIN, or a new display name (which goes to review). Other settings are other features'. */
export function phoneNumberSettingsHandler(context: OnboardingContext): NodeHandler {
  return async ({ request, reply, nodeId }) => {
    const fields = fieldsOf(request);
    if (fields['pin'] === undefined && fields['new_display_name'] === undefined) return notMine;
    const number = await numberOf(context, request, nodeId, 'post');
    if (!number.ok) return number.error.code === 'NODE_NOT_FOUND' ? notMine : sendDomainError(reply, number.error);
    if (fields['pin'] !== undefined) {
      const pin = requiredText(fields, 'pin', pinRule);
      if (!pin.ok) return sendDomainError(reply, pin.error);
      const set = await setTwoStepPin(context.deps, { number: number.value, pin: pin.value });
      if (!set.ok || fields['new_display_name'] === undefined) return answer(reply, set);
    }
    const name = requiredText(fields, 'new_display_name', { pattern: /^[\s\S]{1,512}$/, says: 'must be 1 to 512 characters long' });
    if (!name.ok) return sendDomainError(reply, name.error);
    return answer(reply, await requestDisplayName(context.deps, { number: (await context.deps.accounts.findPhoneNumber(nodeId)) ?? number.value, name: name.value }));
  };
}

/** Graph routes of a number's onboarding: add, request and verify a code, register, deregister, the green tick. */
export function numbersGraphRoutes(context: OnboardingContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { deps } = context;

    app.post('/:wabaId/phone_numbers', { schema: { params: wabaParams, querystring: looseQuery, body: looseBody } }, async (request, reply) => {
      const { wabaId } = request.params;
      const waba = await resolveWaba(deps.accounts, { principal: principalOf(request), id: wabaId, method: 'post', permission: 'whatsapp_business_management' });
      if (!waba.ok) return sendDomainError(reply, waba.error);
      const fields = fieldsOf(request);
      const countryCode = requiredText(fields, 'country_code', { pattern: /^\+?[0-9]{1,4}$/, says: 'must be a country calling code such as 62' });
      if (!countryCode.ok) return sendDomainError(reply, countryCode.error);
      const phoneNumber = requiredText(fields, 'phone_number', { pattern: /^[0-9 ()\-.]{4,20}$/, says: 'must be the national number in digits' });
      if (!phoneNumber.ok) return sendDomainError(reply, phoneNumber.error);
      const verifiedName = requiredText(fields, 'verified_name', { pattern: /^[\s\S]{1,512}$/, says: 'must be 1 to 512 characters long' });
      if (!verifiedName.ok) return sendDomainError(reply, verifiedName.error);
      const plan = await planPhoneNumber(deps, {
        wabaId: waba.value.id,
        countryCode: countryCode.value,
        phoneNumber: phoneNumber.value,
        verifiedName: verifiedName.value,
        migratePhoneNumber: booleanField(fields, 'migrate_phone_number'),
      });
      if (!plan.ok) return sendDomainError(reply, plan.error);
      const added = await commitPlanned(deps.writer, plan.value);
      // `warnings` is Kabar's: Meta's answer is only the id.
      return reply.send({ id: added.number.id, ...(added.warnings.length === 0 ? {} : { warnings: added.warnings }) });
    });

    const phoneRoute = (edge: string, run: (number: PhoneNumber, fields: Fields) => Promise<Result<unknown, DomainError>>): void => {
      app.post(`/:phoneNumberId/${edge}`, { schema: { params: phoneNumberParams, querystring: looseQuery, body: looseBody } }, async (request, reply) => {
        const number = await numberOf(context, request, request.params.phoneNumberId, 'post');
        if (!number.ok) return sendDomainError(reply, number.error);
        return answer(reply, await run(number.value, fieldsOf(request)));
      });
    };

    phoneRoute('request_code', async (number, fields) => {
      const asked = codeRequestOf(fields);
      return asked.ok ? requestCode(deps, { number, ...asked.value }) : asked;
    });
    phoneRoute('verify_code', async (number, fields) => {
      const code = requiredText(fields, 'code');
      return code.ok ? verifyCode(deps, { number, code: normaliseCode(code.value) }) : code;
    });
    phoneRoute('register', async (number, fields) => {
      const product = messagingProduct(fields);
      if (!product.ok) return product;
      const registration = registrationOf(fields);
      return registration.ok ? registerNumber(deps, { number, ...registration.value }) : registration;
    });
    phoneRoute('deregister', (number) => deregisterNumber(deps, { number }));
    phoneRoute('official_business_account', async (number, fields) => {
      const request = officialBusinessRequestOf(fields);
      return request.ok ? requestOfficialBusinessAccount(deps, { number, request: request.value }) : request;
    });

    app.get('/:phoneNumberId/official_business_account', { schema: { params: phoneNumberParams, querystring: looseQuery } }, async (request, reply) => {
      const number = await numberOf(context, request, request.params.phoneNumberId, 'get');
      if (!number.ok) return sendDomainError(reply, number.error);
      const status = await officialBusinessStatus(deps, number.value);
      return reply.send({ id: number.value.id, oba_status: status.status, ...(status.message === null ? {} : { status_message: status.message }) });
    });
  };
}

export function officialBusinessRequestOf(fields: Fields): Result<Parameters<typeof requestOfficialBusinessAccount>[1]['request'], DomainError> {
  const website = requiredText(fields, 'business_website_url', { pattern: /^https?:\/\/\S{1,2000}$/, says: 'must be an http or https URL' });
  if (!website.ok) return website;
  const country = requiredText(fields, 'primary_country_of_operation', { pattern: /^[\s\S]{2,64}$/, says: 'must name a country' });
  if (!country.ok) return country;
  const language = requiredText(fields, 'primary_language', { pattern: /^[\s\S]{2,64}$/, says: 'must name a language' });
  if (!language.ok) return language;
  const parent = textField(fields, 'parent_business_or_brand');
  if (!parent.ok) return parent;
  const information = textField(fields, 'additional_supporting_information');
  if (!information.ok) return information;
  const links = fields['supporting_links'];
  const supportingLinks = typeof links === 'string' ? links.split(',').map((link) => link.trim()).filter((link) => link.length > 0) : Array.isArray(links) ? links : [];
  if (supportingLinks.length > 5 || !supportingLinks.every((link): link is string => typeof link === 'string' && /^https?:\/\/\S{1,2000}$/.test(link))) {
    return fail(domainError('FIELD_VALUE_INVALID', 'Param supporting_links must be at most 5 http or https URLs.'));
  }
  return ok({
    businessWebsiteUrl: website.value,
    primaryCountryOfOperation: country.value,
    primaryLanguage: language.value,
    supportingLinks,
    ...(parent.value === undefined ? {} : { parentBusinessOrBrand: parent.value }),
    ...(information.value === undefined ? {} : { additionalSupportingInformation: information.value.slice(0, 2000) }),
  });
}
