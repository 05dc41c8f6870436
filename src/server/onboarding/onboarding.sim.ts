import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PhoneNumber } from '../../core/accounts/index.js';
import { businessProfile } from '../../core/profiles/index.js';
import { domainError, toWaId } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { actorOf, nodeInScope } from '../access/scope.js';
import type { KabarServices } from '../services.js';
import { onboardingTrait, type OnboardingContext } from './onboarding.deps.js';
import { codeView, originOf, simProfileView } from './onboarding.views.js';

const numberParams = Type.Object({ number: Type.String({ minLength: 4, maxLength: 32 }) });

/** The simulator's side of onboarding: the codes a number received, its WhatsApp account, the profile customers see. */
export function onboardingSimRoutes(services: KabarServices, context: OnboardingContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const digitsOf = (number: string): string | undefined => toWaId(number.startsWith('+') ? number : `+${number}`, '');
    /** A business number by its phone-number id or its digits. */
    const businessNumber = async (given: string): Promise<PhoneNumber | undefined> => {
      const byId = /^[0-9]{1,32}$/.test(given) ? await services.accounts.findPhoneNumber(given) : undefined;
      if (byId !== undefined) return byId;
      const digits = digitsOf(given);
      return digits === undefined ? undefined : services.accounts.findPhoneNumberByNumber(digits);
    };

    app.get('/sim/codes/:number', { config: { access: 'admin' }, schema: { params: numberParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }) } }, async (request, reply) => {
      const known = await businessNumber(request.params.number);
      // A business sees the codes of its own numbers; any other line's inbox is the operator's.
      if (known !== undefined || actorOf(request).kind !== 'operator') {
        const scope = nodeInScope(request, known, 'phone number', request.params.number);
        if (!scope.ok) return sendDomainError(reply, scope.error);
      }
      const digits = known?.phoneNumber ?? digitsOf(request.params.number);
      if (digits === undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', `'${request.params.number}' is not a phone number or a phone-number id.`));
      const codes = await context.numbers.codesSentTo(digits, request.query.limit ?? 10);
      return reply.send({ phone_number: digits, data: codes.map(codeView) });
    });

    app.post(
      '/sim/accounts/:number',
      {
        config: { access: 'operator' },
        schema: {
          params: numberParams,
          body: Type.Object(
            {
              account: Type.Union([Type.Literal('none'), Type.Literal('personal'), Type.Literal('business_app'), Type.Literal('other_provider')]),
              sms: Type.Optional(Type.Boolean()),
              voice: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const digits = digitsOf(request.params.number);
        if (digits === undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', `'${request.params.number}' is not a possible phone number.`));
        const { account, sms, voice } = request.body;
        const trait = { ...onboardingTrait(services.network, digits), account, ...(sms === undefined ? {} : { sms }), ...(voice === undefined ? {} : { voice }) };
        // A personal account is a WhatsApp user; deleting it (none) takes the user off WhatsApp.
        const user = await services.network.declareUser({ waId: digits, onWhatsApp: account === 'personal', traits: { onboarding: trait } });
        return reply.send({ wa_id: user.waId, on_whatsapp: user.onWhatsApp, account: trait.account, sms: trait.sms ?? true, voice: trait.voice ?? true });
      },
    );

    app.get('/sim/business-profiles/:number', { config: { access: 'agent' }, schema: { params: numberParams } }, async (request, reply) => {
      const number = await businessNumber(request.params.number);
      const scope = nodeInScope(request, number, 'business number', request.params.number);
      if (!scope.ok || number === undefined) return sendDomainError(reply, scope.ok ? domainError('NODE_NOT_FOUND', `No business number '${request.params.number}' on Kabar.`) : scope.error);
      return reply.send(simProfileView(number, await businessProfile(context.profiles, number), originOf(request)));
    });
  };
}
