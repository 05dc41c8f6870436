import { decodeWamid } from '../../../wire/index.js';
import type { ReactionContent } from '../domain/content.model.js';
import { reactionTargetProblem } from '../domain/reaction.policy.js';
import type { MessagingRepository } from '../ports.js';
import { proceed, type SendStage } from '../stages.js';

/** A reaction whose message cannot be reacted to is accepted, then fails with 131009. */
export function reactionTargetStage(messages: Pick<MessagingRepository, 'findMessage'>): SendStage {
  return {
    name: 'reaction-target',
    async check({ message, now }) {
      if (message.type !== 'reaction') return proceed;
      const wamid = (message.content as Partial<ReactionContent>).message_id ?? '';
      const parts = decodeWamid(wamid);
      const target = parts === undefined ? undefined : await messages.findMessage(parts.key);
      const problem = reactionTargetProblem(message, target, now);
      return problem === undefined ? proceed : { outcome: 'fail', errorCode: 131009, details: problem };
    },
  };
}
