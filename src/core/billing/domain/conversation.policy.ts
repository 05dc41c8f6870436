import type { MessageCategory } from '../../messaging/index.js';
import { conversationMs, entryPointReplyMs, entryPointWindowMs, type ConversationOrigin } from './billing.model.js';

/** A conversation as the rules see it: what opened it and when it ends. */
export interface OpenWindow {
  readonly id: string;
  readonly origin: ConversationOrigin;
  readonly openedAt: number;
  /** The end of its window (a free entry point may close it earlier: then this is that time). */
  readonly endsAt: number;
}

/** What the rules know of a (business number, user) pair at a moment. */
export interface PairFacts {
  readonly conversations: readonly OpenWindow[];
  /** When the user last wrote through a click-to-WhatsApp ad, unless a free entry point opened since. */
  readonly entryPointAt: number | null;
}

export type Resolution =
  /** The message belongs to a conversation that is open. */
  | { readonly kind: 'covered'; readonly conversation: OpenWindow }
  /** Delivering it opens a conversation of this origin (a free entry point closes the others). */
  | { readonly kind: 'opens'; readonly origin: ConversationOrigin };

export function isOpen(window: OpenWindow, at: number): boolean {
  return window.openedAt <= at && at < window.endsAt;
}

/** How long a conversation of this origin lasts. */
export function windowLength(origin: ConversationOrigin): number {
  return origin === 'referral_conversion' ? entryPointWindowMs : conversationMs;
}

/** Whether a user's ad message at `entryPointAt` still lets a business message open a free entry point at `at`. */
export function entryPointPending(entryPointAt: number | null, at: number): boolean {
  return entryPointAt !== null && entryPointAt <= at && at < entryPointAt + entryPointReplyMs;
}

/**
 * Conversation-based pricing (Meta's rules from June 2023): a free entry point covers every message
 * while open and is opened by the business's first message delivered within 24 h of the user's ad
 * message; a template is covered by an open conversation of its own category, else opens one; any
 * other message is covered by any open conversation (the service one first, else the latest), else
 * opens a service conversation.
 */
export function resolveConversation(facts: PairFacts, category: MessageCategory, at: number): Resolution {
  const open = facts.conversations.filter((window) => isOpen(window, at));
  const entry = open.find((window) => window.origin === 'referral_conversion');
  if (entry !== undefined) return { kind: 'covered', conversation: entry };
  if (entryPointPending(facts.entryPointAt, at)) return { kind: 'opens', origin: 'referral_conversion' };
  if (category !== 'service') {
    const same = open.find((window) => window.origin === category);
    return same === undefined ? { kind: 'opens', origin: category } : { kind: 'covered', conversation: same };
  }
  const service = open.find((window) => window.origin === 'service');
  const latest = [...open].sort((left, right) => right.openedAt - left.openedAt)[0];
  const covering = service ?? latest;
  return covering === undefined ? { kind: 'opens', origin: 'service' } : { kind: 'covered', conversation: covering };
}
