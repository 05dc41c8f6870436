/**
 * Which messages a reaction may land on (developers.facebook.com/docs/whatsapp/cloud-api/messages/reaction-messages):
 * a message of the same conversation, not itself a reaction, at most 30 days old. Otherwise Meta
 * accepts the send and then reports 131009 in a webhook.
 */
import type { MessageRecord } from './message.model.js';

export const reactionWindowMs = 30 * 24 * 60 * 60 * 1000;

/** Why a reaction by `reaction` cannot land on `target`, or undefined when it can. */
export function reactionTargetProblem(reaction: Pick<MessageRecord, 'phoneNumberId' | 'waId'>, target: MessageRecord | undefined, now: number): string | undefined {
  if (target === undefined || target.phoneNumberId !== reaction.phoneNumberId || target.waId !== reaction.waId) {
    return 'The message reacted to is not a message of this conversation.';
  }
  if (target.type === 'reaction') return 'A reaction cannot be reacted to.';
  if (now - target.createdAt > reactionWindowMs) return 'The message reacted to is more than 30 days old.';
  return undefined;
}
