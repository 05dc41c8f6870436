import { decodeWamid } from '../../../wire/index.js';
import { resolvePhoneNumber, type AccountsRepository, type Principal } from '../../accounts/index.js';
import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type Result, type WriteBatcher } from '../../shared/index.js';
import { inboundRead, type MessagingRepository } from '../ports.js';

export interface MarkReadDeps {
  readonly accounts: AccountsRepository;
  readonly messages: MessagingRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
}

/**
 * `{"status":"read","message_id":…}` on the messages edge, with or without a typing indicator:
 * valid only for a message this number received. The message and every earlier message of that
 * user to this number become read, so the user's phone shows blue ticks on all of them.
 */
export async function markRead(
  deps: MarkReadDeps,
  request: { readonly principal: Principal; readonly phoneNumberId: string; readonly messageId: string | undefined },
): Promise<Result<void, DomainError>> {
  const number = await resolvePhoneNumber(deps.accounts, { principal: request.principal, id: request.phoneNumberId, method: 'post', permission: 'whatsapp_business_messaging' });
  if (!number.ok) return number;
  if (request.messageId === undefined) return fail(domainError('PARAMETER_MISSING', 'The parameter message_id is required.'));
  const parts = decodeWamid(request.messageId);
  const message = parts === undefined ? undefined : await deps.messages.findMessage(parts.key);
  if (message === undefined || message.phoneNumberId !== number.value.id || message.direction !== 'inbound') {
    return fail(domainError('PARAMETER_INVALID', `message_id '${request.messageId}' is not a message this number received.`));
  }
  await deps.writer.commit(unitOf([record(inboundRead, { phoneNumberId: message.phoneNumberId, waId: message.waId, throughKey: message.key, at: deps.clock.now() })]));
  return ok(undefined);
}
