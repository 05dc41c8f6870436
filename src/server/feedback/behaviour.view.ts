/** Behaviour profiles and groups in the simulator API's JSON (snake_case), and back. */
import { Type, type Static } from 'typebox';
import type { MessageCategory } from '../../core/messaging/index.js';
import { behaviourProfile, type BehaviourGroup, type BehaviourProfile, type BehaviourSettings } from '../../network/index.js';

const maxDelayMs = 7 * 24 * 60 * 60 * 1000;
const probability = Type.Number({ minimum: 0, maximum: 1 });

export const profileSchema = Type.Object(
  {
    block: Type.Optional(probability),
    report: Type.Optional(probability),
    stop_marketing: Type.Optional(probability),
    reply: Type.Optional(probability),
    categories: Type.Optional(Type.Array(Type.Union([Type.Literal('marketing'), Type.Literal('utility'), Type.Literal('authentication'), Type.Literal('service')]), { uniqueItems: true, maxItems: 4 })),
    delay_ms: Type.Optional(Type.Tuple([Type.Integer({ minimum: 0, maximum: maxDelayMs }), Type.Integer({ minimum: 0, maximum: maxDelayMs })])),
    reply_texts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 100 })),
  },
  { additionalProperties: false },
);

export type ProfileJson = Static<typeof profileSchema>;

export function profileFromJson(json: ProfileJson): BehaviourProfile {
  return behaviourProfile({
    ...(json.block === undefined ? {} : { block: json.block }),
    ...(json.report === undefined ? {} : { report: json.report }),
    ...(json.stop_marketing === undefined ? {} : { stopMarketing: json.stop_marketing }),
    ...(json.reply === undefined ? {} : { reply: json.reply }),
    ...(json.categories === undefined ? {} : { categories: json.categories as MessageCategory[] }),
    ...(json.delay_ms === undefined ? {} : { delayMs: json.delay_ms }),
    ...(json.reply_texts === undefined ? {} : { replyTexts: json.reply_texts }),
  });
}

export function profileView(profile: BehaviourProfile): Record<string, unknown> {
  return {
    block: profile.block,
    report: profile.report,
    stop_marketing: profile.stopMarketing,
    reply: profile.reply,
    categories: profile.categories,
    delay_ms: profile.delayMs,
    reply_texts: profile.replyTexts,
  };
}

export function groupView(group: BehaviourGroup): Record<string, unknown> {
  return { name: group.name, profile: profileView(group.profile), wa_ids: group.waIds, prefix: group.prefix };
}

export function settingsView(settings: BehaviourSettings): Record<string, unknown> {
  return { default: settings.default === null ? null : profileView(settings.default), groups: settings.groups.map(groupView) };
}
