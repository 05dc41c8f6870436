import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PhoneNumber } from '../../core/accounts/index.js';
import {
  deregisterNumber, normaliseCode, officialBusinessStatus, planPhoneNumber, registerNumber, requestCode, requestDisplayName, requestOfficialBusinessAccount,
  setTwoStepPin, verifyCode,
} from '../../core/numbers/index.js';
import { connectAsOperator } from '../../core/onboarding/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';
import { answerOnce, idempotencyHeaders } from '../admin/idempotency.js';
import { sendDomainError } from '../errors.js';
import { nodeInScope } from '../access/scope.js';
import type { Access } from '../../core/access/index.js';
import type { Fields } from './graph-params.js';
import { codeRequestOf, officialBusinessRequestOf, registrationOf } from './numbers.graph.js';
import type { KabarServices } from '../services.js';
import type { OnboardingContext } from './onboarding.deps.js';
import { numberAdminView, reviewView } from './onboarding.views.js';

const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const pin = Type.String({ pattern: '^[0-9]{6}$' });

/**
 * Runs one operator shortcut per number at a time: a retry that races the first request waits for it
 * and then finds the steps done, instead of requesting a second code under the first one's feet.
 */
function oneAtATime(): <Value>(key: string, run: () => Promise<Value>) => Promise<Value> {
  const running = new Map<string, Promise<unknown>>();
  return async <Value>(key: string, run: () => Promise<Value>): Promise<Value> => {
    const before = running.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(run);
    running.set(key, mine);
    try {
      return await mine;
    } finally {
      if (running.get(key) === mine) running.delete(key);
    }
  };
}

/**
 * The operator's number API: add a number (and, by default, take it through the whole path at once,
 * as an operator may), or drive each step as a business would over Graph.
 */
export function numbersAdminRoutes(services: KabarServices, context: OnboardingContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { deps } = context;
    const serially = oneAtATime();
    const view = async (id: string): Promise<Result<Record<string, unknown>, DomainError>> => {
      const number = await deps.accounts.findPhoneNumber(id);
      if (number === undefined) return fail(domainError('NODE_NOT_FOUND', `No phone number with id '${id}'.`));
      return ok(numberAdminView(number, { history: await deps.numbers.statusHistory(id, 20) }));
    };

    app.post(
      '/admin/wabas/:id/phone_numbers',
      {
        config: { access: 'operator' },
        schema: {
          params: idParams,
          headers: idempotencyHeaders,
          body: Type.Object({
            phone_number: Type.String({ minLength: 4, maxLength: 32 }),
            verified_name: Type.String({ minLength: 1, maxLength: 512 }),
            connect: Type.Optional(Type.Boolean()),
            pin: Type.Optional(pin),
            migrate_phone_number: Type.Optional(Type.Boolean()),
          }),
        },
      },
      (request, reply) => {
        const { body } = request;
        const connect = body.connect !== false;
        // The operator's shortcut goes through every step; a retry resumes the steps still to do.
        const finish = (id: string): Promise<Result<unknown, DomainError>> =>
          serially(id, async () => {
            if (!connect) return view(id);
            const connected = await connectAsOperator(deps, { phoneNumberId: id, pin: body.pin ?? deps.codes.verificationCode() });
            return connected.ok ? view(id) : connected;
          });
        return answerOnce(
          services,
          request,
          reply,
          async () => {
            const plan = await planPhoneNumber(deps, { wabaId: request.params.id, phoneNumber: body.phone_number, verifiedName: body.verified_name, migratePhoneNumber: body.migrate_phone_number === true });
            if (!plan.ok) return plan;
            const { number, warnings } = plan.value.value;
            return ok({ statusCode: 201, records: plan.value.records, body: numberAdminView(number, { warnings }), then: () => finish(number.id) });
          },
          { replay: (first) => finish(String((first.response as { id: string }).id)) },
        );
      },
    );

    app.get('/admin/phone_numbers/:id', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const scope = nodeInScope(request, await deps.accounts.findPhoneNumber(request.params.id), 'phone number', request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const found = await view(request.params.id);
      if (!found.ok) return sendDomainError(reply, found.error);
      const number = await deps.accounts.findPhoneNumber(request.params.id);
      const green = number === undefined ? undefined : await officialBusinessStatus(deps, number);
      const reviews = await deps.reviews.list({ phoneNumberId: request.params.id, limit: 20 });
      return reply.send({ ...found.value, oba_status: green?.status, reviews: reviews.map(reviewView) });
    });

    /** A step a business's admin may take on its own numbers (the operator's shortcut `connect` is the operator's). */
    const step = (edge: string, body: ReturnType<typeof Type.Object>, run: (number: PhoneNumber, fields: Fields) => Promise<Result<unknown, DomainError>>, access: Access = 'admin'): void => {
      app.post(`/admin/phone_numbers/:id/${edge}`, { config: { access }, schema: { params: idParams, body: Type.Optional(body) } }, async (request, reply) => {
        const number = await deps.accounts.findPhoneNumber(request.params.id);
        const scope = nodeInScope(request, number, 'phone number', request.params.id);
        if (!scope.ok || number === undefined) return sendDomainError(reply, scope.ok ? domainError('NODE_NOT_FOUND', `No phone number with id '${request.params.id}'.`) : scope.error);
        const done = await run(number, (request.body ?? {}) as Fields);
        if (!done.ok) return sendDomainError(reply, done.error);
        const after = await view(number.id);
        return after.ok ? reply.send(after.value) : sendDomainError(reply, after.error);
      });
    };
    const loose = Type.Object({}, { additionalProperties: true });

    step('request_code', loose, async (number, fields) => {
      const asked = codeRequestOf({ code_method: 'SMS', language: 'en', ...fields });
      return asked.ok ? requestCode(deps, { number, ...asked.value }) : asked;
    });
    step('verify_code', Type.Object({ code: Type.String({ minLength: 1, maxLength: 16 }) }), (number, fields) => verifyCode(deps, { number, code: normaliseCode(String(fields['code'])) }));
    step('register', loose, async (number, fields) => {
      const registration = registrationOf(fields);
      return registration.ok ? registerNumber(deps, { number, ...registration.value }) : registration;
    });
    step('deregister', loose, (number) => deregisterNumber(deps, { number }));
    step('pin', Type.Object({ pin }), (number, fields) => setTwoStepPin(deps, { number, pin: String(fields['pin']) }));
    step('display_name', Type.Object({ name: Type.String({ minLength: 1, maxLength: 512 }) }), (number, fields) => requestDisplayName(deps, { number, name: String(fields['name']) }));
    step('official_business_account', loose, async (number, fields) => {
      const asked = officialBusinessRequestOf(fields);
      return asked.ok ? requestOfficialBusinessAccount(deps, { number, request: asked.value }) : asked;
    });
    step(
      'connect',
      Type.Object({ pin: Type.Optional(pin) }),
      (number, fields) => serially(number.id, () => connectAsOperator(deps, { phoneNumberId: number.id, pin: typeof fields['pin'] === 'string' ? fields['pin'] : deps.codes.verificationCode() })),
      'operator',
    );
  };
}
