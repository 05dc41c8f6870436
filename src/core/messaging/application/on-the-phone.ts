import { decodeWamid } from '../../../wire/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { MessageRecord } from '../domain/message.model.js';
import type { MessagingRepository } from '../ports.js';

/** Who acts for the simulated user: `businessId` limits them to that business's conversations. */
export interface PhoneActor {
  readonly waId: string;
  readonly profileName: string;
  readonly businessId?: string;
}

/**
 * A message the simulated user can act on: one of their own, or one the business sent them that
 * reached their phone (delivered or read). A phone cannot tap what it never received.
 */
export async function messageOnThePhone(messages: Pick<MessagingRepository, 'findMessage'>, actor: Omit<PhoneActor, 'profileName'>, wamid: string): Promise<Result<MessageRecord, DomainError>> {
  const { waId } = actor;
  const parts = decodeWamid(wamid);
  const message = parts === undefined ? undefined : await messages.findMessage(parts.key);
  if (message === undefined || message.waId !== waId || (actor.businessId !== undefined && message.businessId !== actor.businessId)) {
    return fail(domainError('PARAMETER_INVALID', `'${wamid}' is not a message of +${waId}'s conversations.`));
  }
  if (message.direction === 'outbound' && message.status !== 'delivered' && message.status !== 'read') {
    return fail(
      domainError('PARAMETER_INVALID', `'${wamid}' has not reached the phone of +${waId} (it is ${message.status}); advance the simulated clock until it is delivered.`),
    );
  }
  return ok(message);
}
