/**
 * How simulated users react to what businesses send them: a behaviour profile gives, per message
 * read, the chance that the user blocks the number, reports it, stops its marketing messages or
 * replies, and how long after reading. Profiles are set per user (trait `behaviour`), per group of
 * users (by wa_id list or prefix) or as the network default. Every draw comes from the network seed
 * and the message key, so a scenario reacts the same way on every run.
 */
import type { MessageCategory, MessageRecord } from '../../core/messaging/index.js';
import { hashSeed, randomBetween, seededRandom } from '../../core/shared/index.js';
import type { SimUser } from './sim-network.js';

export interface BehaviourProfile {
  readonly block: number;
  readonly report: number;
  readonly stopMarketing: number;
  readonly reply: number;
  /** Which messages the user reacts to, by pricing category (`service` is free-form). */
  readonly categories: readonly MessageCategory[];
  /** From reading a message to reacting to it. */
  readonly delayMs: readonly [number, number];
  /** What a replying user writes; one is drawn per reply. */
  readonly replyTexts: readonly string[];
}

export interface BehaviourGroup {
  readonly name: string;
  readonly profile: BehaviourProfile;
  /** Members: these wa_ids, and every wa_id starting with `prefix`. */
  readonly waIds: readonly string[];
  readonly prefix: string | null;
}

export interface BehaviourSettings {
  readonly default: BehaviourProfile | null;
  readonly groups: readonly BehaviourGroup[];
}

/** What a user carries in `SimUser.traits.behaviour`: an own profile, or the name of a group. */
export interface BehaviourTrait {
  readonly profile?: BehaviourProfile;
  readonly group?: string;
}

export const behaviourTraitKey = 'behaviour';

export const defaultReplyTexts: readonly string[] = ['Terima kasih!', 'Thanks!', 'Ok', 'Siap, terima kasih infonya'];

export const noBehaviour: BehaviourSettings = { default: null, groups: [] };

export function behaviourProfile(input: Partial<BehaviourProfile>): BehaviourProfile {
  return {
    block: input.block ?? 0,
    report: input.report ?? 0,
    stopMarketing: input.stopMarketing ?? 0,
    reply: input.reply ?? 0,
    categories: input.categories ?? ['marketing', 'utility', 'authentication'],
    delayMs: input.delayMs ?? [60_000, 30 * 60_000],
    replyTexts: input.replyTexts ?? defaultReplyTexts,
  };
}

/** Why a profile cannot be used, or undefined when it can. */
export function profileProblem(profile: BehaviourProfile): string | undefined {
  for (const [name, value] of [['block', profile.block], ['report', profile.report], ['stop_marketing', profile.stopMarketing], ['reply', profile.reply]] as const) {
    if (!(value >= 0 && value <= 1)) return `${name} is a probability from 0 to 1.`;
  }
  if (profile.block + profile.report + profile.stopMarketing > 1) return 'block + report + stop_marketing cannot exceed 1: a user does one of them at most.';
  if (profile.delayMs[0] > profile.delayMs[1]) return 'delay_ms is [min, max] with min ≤ max.';
  if (profile.replyTexts.length === 0) return 'reply_texts needs at least one text.';
  return undefined;
}

/** The profile a user follows: their own, their group's (named in the trait, by wa_id, then by prefix), or the default. */
export function profileFor(user: SimUser, settings: BehaviourSettings): BehaviourProfile | undefined {
  const trait = user.traits[behaviourTraitKey] as BehaviourTrait | undefined;
  if (trait?.profile !== undefined) return trait.profile;
  const named = trait?.group === undefined ? undefined : settings.groups.find((group) => group.name === trait.group);
  const listed = named ?? settings.groups.find((group) => group.waIds.includes(user.waId));
  const prefixed = listed ?? settings.groups.filter((group) => group.prefix !== null && user.waId.startsWith(group.prefix)).sort((left, right) => (right.prefix?.length ?? 0) - (left.prefix?.length ?? 0))[0];
  return prefixed?.profile ?? settings.default ?? undefined;
}

export type ReactionKind = 'block' | 'report' | 'stop_marketing' | 'reply';

export interface PlannedReaction {
  readonly kind: ReactionKind;
  /** After the message was read. */
  readonly afterMs: number;
  readonly text?: string;
}

/**
 * What a user who read `message` does about it: at most one of block, report and stop-marketing
 * (stop-marketing only for marketing messages), and, unless they blocked or reported, maybe a reply.
 */
export function planReactions(profile: BehaviourProfile, seed: number, message: Pick<MessageRecord, 'key' | 'waId' | 'category'>): PlannedReaction[] {
  if (message.category === null || !profile.categories.includes(message.category)) return [];
  const random = seededRandom(hashSeed(`${seed}:${message.waId}:${message.key.slice(0, 18)}:reaction`));
  const draw = random();
  const reactions: PlannedReaction[] = [];
  const negative: ReactionKind | undefined =
    draw < profile.block ? 'block' : draw < profile.block + profile.report ? 'report' : draw < profile.block + profile.report + profile.stopMarketing && message.category === 'marketing' ? 'stop_marketing' : undefined;
  if (negative !== undefined) reactions.push({ kind: negative, afterMs: randomBetween(random, profile.delayMs) });
  if (negative !== 'block' && negative !== 'report' && random() < profile.reply) {
    const text = profile.replyTexts[Math.floor(random() * profile.replyTexts.length)] ?? 'Ok';
    reactions.push({ kind: 'reply', afterMs: randomBetween(random, profile.delayMs), text });
  }
  return reactions;
}
