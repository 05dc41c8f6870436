import { decodeWamid } from '../../../wire/index.js';
import type { ReactionContent } from '../domain/content.model.js';
import { reactionTargetProblem } from '../domain/reaction.policy.js';
import type { MessagingRepository } from '../ports.js';
import type { MessageRecord } from '../domain/message.model.js';
import { proceed, type SendStage, type SendVerdict } from '../stages.js';

/** A reaction whose message cannot be reacted to is accepted, then fails with 131009. */
export function reactionTargetStage(messages: Pick<MessagingRepository, 'findMessage'>): SendStage {
  return {
    name: 'reaction-target',
    check({ message, now }) {
      if (message.type !== 'reaction') return proceed;
      const wamid = (message.content as Partial<ReactionContent>).message_id ?? '';
      const parts = decodeWamid(wamid);
      const verdict = (target: MessageRecord | undefined): SendVerdict => {
        const problem = reactionTargetProblem(message, target, now);
        return problem === undefined ? proceed : { outcome: 'fail', errorCode: 131009, details: problem };
      };
      return parts === undefined ? verdict(undefined) : messages.findMessage(parts.key).then(verdict);
    },
  };
}
