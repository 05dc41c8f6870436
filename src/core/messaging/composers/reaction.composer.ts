import { fail, ok } from '../../shared/index.js';
import type { ReactionContent } from '../domain/content.model.js';
import { isSingleEmoji } from '../domain/emoji.policy.js';
import type { MessageComposer } from '../composers.js';
import { invalid, missing } from './checks.js';

/**
 * A reaction: one emoji on a message of the conversation, or `""` to take it back. Whether the
 * message can be reacted to is known only once the send is accepted: a bad target fails with
 * 131009 in a webhook (see the reaction-target stage), as on Meta's platform.
 */
export const reactionComposer: MessageComposer = {
  type: 'reaction',
  compose({ body }) {
    const reaction = body.reaction;
    if (reaction === undefined) return Promise.resolve(fail(missing('reaction')));
    if (body.context !== undefined) return Promise.resolve(fail(invalid('Param context is not allowed on a reaction: the reaction names its message in reaction.message_id.')));
    if (reaction.emoji !== '' && !isSingleEmoji(reaction.emoji)) return Promise.resolve(fail(invalid("Param reaction['emoji'] must be a single emoji, or empty to remove the reaction.")));
    const content: ReactionContent = { message_id: reaction.message_id, emoji: reaction.emoji };
    return Promise.resolve(ok({ type: 'reaction', content: { ...content }, category: 'service' }));
  },
};
