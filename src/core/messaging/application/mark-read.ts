import { decodeWamid } from '../../../wire/index.js';
import { resolvePhoneNumber, type AccountsRepository, type Principal } from '../../accounts/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { MessagingRepository } from '../ports.js';

/** `{"status":"read","message_id":…}` on the messages edge: valid only for an inbound message of that number. */
export async function markRead(
  deps: { readonly accounts: AccountsRepository; readonly messages: MessagingRepository },
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
  return ok(undefined);
}
