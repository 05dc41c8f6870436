/** Who a simulated user is and which business number they write to, for every route where a user acts. */
import type { FastifyRequest } from 'fastify';
import type { ReceiveMessageDeps } from '../../core/messaging/index.js';
import { domainError, fail, ok, toWaId, type DomainError, type Result } from '../../core/shared/index.js';
import type { SimUser } from '../../network/index.js';
import { KyselyConsoleRepository } from '../../store/index.js';
import { nodeInScope, scopedBusiness } from '../access/scope.js';
import type { KabarServices } from '../services.js';

/** What receiving a user's message needs, from the running services. */
export function receiveDeps(services: KabarServices): ReceiveMessageDeps {
  return { accounts: services.accounts, messages: services.messages, writer: services.committer, targets: services.targets, clock: services.clock, ids: services.ids, stages: services.stages.inbound };
}

/** A simulated user able to write: a possible phone number not declared off WhatsApp. */
export function writingUser(services: KabarServices, number: string): Result<SimUser, DomainError> {
  const waId = toWaId(number.startsWith('+') ? number : `+${number}`, '');
  if (waId === undefined) return fail(domainError('PARAMETER_INVALID', `'${number}' is not a possible phone number.`));
  const user = services.network.user(waId);
  if (!user.onWhatsApp) {
    return fail(domainError('PARAMETER_INVALID', `${waId} is declared not on WhatsApp in the simulator, so it cannot write; declare it with on_whatsapp: true first (kabar sim user add ${waId}).`));
  }
  return ok(user);
}

/**
 * The business number a user writes to: a phone-number id or a phone number. By default the demo
 * number for the operator, a business's first number for its people, who may name only their own.
 */
export async function businessNumberId(services: KabarServices, request: FastifyRequest, to: string | undefined): Promise<Result<string, DomainError>> {
  const scope = scopedBusiness(request, undefined);
  if (!scope.ok) return scope;
  const defaultNumber =
    scope.value === undefined
      ? (await services.settings.get<{ phoneNumberId: string }>('demo'))?.phoneNumberId
      : (await new KyselyConsoleRepository(services.database.db).listNumbers(scope.value))[0]?.id;
  let phoneNumberId = to ?? defaultNumber;
  if (phoneNumberId !== undefined && (await services.accounts.findPhoneNumber(phoneNumberId)) === undefined) {
    const digits = toWaId(phoneNumberId.startsWith('+') ? phoneNumberId : `+${phoneNumberId}`, '');
    phoneNumberId = digits === undefined ? phoneNumberId : ((await services.accounts.findPhoneNumberByNumber(digits))?.id ?? phoneNumberId);
  }
  if (phoneNumberId === undefined) return fail(domainError('PARAMETER_MISSING', 'Say which business number the user writes to: to.'));
  const number = nodeInScope(request, await services.accounts.findPhoneNumber(phoneNumberId), 'phone number', phoneNumberId);
  if (!number.ok && scope.value !== undefined) return number;
  return ok(phoneNumberId);
}

/** The business whose messages a simulated user may act on from this request: any for the operator. */
export function actingBusiness(request: FastifyRequest): Result<string | undefined, DomainError> {
  return scopedBusiness(request, undefined);
}
