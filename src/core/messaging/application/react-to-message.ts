import { domainError, fail, type DomainError, type Result } from '../../shared/index.js';
import { isSingleEmoji } from '../domain/emoji.policy.js';
import type { MessageRecord } from '../domain/message.model.js';
import { reactionTargetProblem } from '../domain/reaction.policy.js';
import { messageOnThePhone, type PhoneActor } from './on-the-phone.js';
import { receiveMessage, type ReceiveMessageDeps } from './receive-message.js';

/**
 * The simulated user reacts to a message of the conversation, or takes the reaction back with an
 * empty emoji: the business gets a `reaction` message (without `emoji` when it was removed).
 */
export async function reactToMessage(
  deps: ReceiveMessageDeps,
  request: PhoneActor & { readonly messageId: string; readonly emoji: string },
): Promise<Result<{ wamid: string; message: MessageRecord }, DomainError>> {
  if (request.emoji !== '' && !isSingleEmoji(request.emoji)) return fail(domainError('PARAMETER_INVALID', `'${request.emoji}' is not a single emoji; give one, or an empty one to remove the reaction.`));
  const found = await messageOnThePhone(deps.messages, request, request.messageId);
  if (!found.ok) return found;
  const target = found.value;
  const problem = reactionTargetProblem(target, target, deps.clock.now());
  if (problem !== undefined) return fail(domainError('PARAMETER_INVALID', problem));
  return receiveMessage(deps, {
    phoneNumberId: target.phoneNumberId,
    from: request.waId,
    profileName: request.profileName,
    payload: { type: 'reaction', content: { message_id: request.messageId, ...(request.emoji === '' ? {} : { emoji: request.emoji }) } },
  });
}
