/**
 * User feedback in the running Kabar: the `user_feedback` writer, the send rule of a user's standing
 * (position 700), reads and replies recorded as they happen, simulated users reacting to what they
 * read by their behaviour profile (durable `sim.reaction` timers), and the simulator and admin routes.
 */
import { feedbackRecord, recipientStandingStage } from '../../core/feedback/index.js';
import { receiveMessage, type InboundStage, type StatusAddition, type StatusStage } from '../../core/messaging/index.js';
import { scheduleTimer, unitOf, type Timer, type UnitOfWork, type WriteBatcher } from '../../core/shared/index.js';
import { encodeWamid } from '../../wire/index.js';
import { noBehaviour, planReactions, profileFor, simUserStandings, type BehaviourSettings, type ReactionKind } from '../../network/index.js';
import { KyselyFeedbackRepository, feedbackWriter } from '../../store/index.js';
import type { KabarFeature, KabarServices } from '../services.js';
import { QualityChecks, applyUserAction, latestOutbound, type BehaviourStore } from './feedback.actions.js';
import { feedbackAdminRoutes, feedbackSimRoutes } from './feedback.routes.js';

export const behaviourSettingsKey = 'sim.behaviour';
export const reactionTimer = 'sim.reaction';

interface ReactionPayload {
  readonly messageKey: string;
  readonly kind: ReactionKind;
  readonly text?: string;
}

/** The stage's answer for the statuses it adds nothing to (most of them): one object for all. */
const noAddition: StatusAddition = {};

function statusStage(services: KabarServices, behaviour: BehaviourStore, checks: QualityChecks): StatusStage {
  return {
    name: 'user-feedback',
    onStatus({ number, message, event, at }) {
      if (event !== 'read' || message.direction !== 'outbound') return noAddition;
      const records = message.type === 'template' ? [feedbackRecord(services.ids, { kind: 'read', at, waId: message.waId, number, message }), ...checks.recordsFor(message, at)] : [];
      const profile = profileFor(services.network.user(message.waId), behaviour.current());
      if (profile !== undefined) {
        for (const reaction of planReactions(profile, services.network.options.seed, message)) {
          const payload: ReactionPayload = { messageKey: message.key, kind: reaction.kind, ...(reaction.text === undefined ? {} : { text: reaction.text }) };
          records.push(scheduleTimer(services.ids, { kind: reactionTimer, subject: `${message.key}:${reaction.kind}`, dueAt: at + reaction.afterMs, payload }));
        }
      }
      return records.length === 0 ? noAddition : { records };
    },
  };
}

/** A reply answers the message it quotes, or else the latest the number sent the user within a day. */
function inboundStage(services: KabarServices, checks: QualityChecks): InboundStage {
  return {
    name: 'user-feedback',
    async onInbound({ number, message, now }) {
      const answered = message.contextKey === null ? await latestOutbound(services, number, message.waId, now) : await services.messages.findMessage(message.contextKey);
      if (answered === undefined || answered.direction !== 'outbound') return {};
      return { records: [feedbackRecord(services.ids, { kind: 'reply', at: now, waId: message.waId, number, message: answered }), ...checks.recordsFor(answered, now)] };
    },
  };
}

/** Commits nothing itself: hands the unit back so that it commits with the timer that produced it. */
function capturingWriter(): { writer: WriteBatcher; captured: () => UnitOfWork } {
  let unit: UnitOfWork = unitOf();
  return {
    writer: {
      commit(next) {
        unit = next;
        return Promise.resolve({ committed: true });
      },
    },
    captured: () => unit,
  };
}

function reactionHandler(services: KabarServices, checks: QualityChecks) {
  return async (timer: Timer, at: number): Promise<UnitOfWork> => {
    const payload = timer.payload as ReactionPayload;
    const message = await services.messages.findMessage(payload.messageKey);
    const number = message === undefined ? undefined : await services.accounts.findPhoneNumber(message.phoneNumberId);
    if (message === undefined || number === undefined) return unitOf();
    if (payload.kind !== 'reply') return unitOf(await applyUserAction(services, checks, { action: payload.kind, number, waId: message.waId, message, at }));
    const { writer, captured } = capturingWriter();
    const replied = await receiveMessage(
      { accounts: services.accounts, messages: services.messages, writer, targets: services.targets, clock: { now: () => at }, ids: services.ids, stages: services.stages.inbound },
      { phoneNumberId: number.id, from: message.waId, profileName: services.network.user(message.waId).profileName, payload: { type: 'text', content: { body: payload.text ?? 'Ok' } }, contextWamid: encodeWamid({ waId: message.waId, key: message.key }) },
    );
    return replied.ok ? captured() : unitOf();
  };
}

export const feedbackFeature: KabarFeature = {
  name: 'feedback',
  writers: [feedbackWriter],
  async setup(services) {
    let settings = (await services.settings.get<BehaviourSettings>(behaviourSettingsKey)) ?? noBehaviour;
    const behaviour: BehaviourStore = {
      current: () => settings,
      async set(next) {
        await services.settings.put(behaviourSettingsKey, next, services.clock.now());
        settings = next;
        return settings;
      },
    };
    const checks = new QualityChecks(services);
    const repository = new KyselyFeedbackRepository(services.database.db);
    return {
      sendStages: [{ position: 700, stage: recipientStandingStage(simUserStandings(services.network)) }],
      statusStages: [statusStage(services, behaviour, checks)],
      inboundStages: [inboundStage(services, checks)],
      timers: { [reactionTimer]: reactionHandler(services, checks) },
      sim: feedbackSimRoutes(services, behaviour, checks),
      admin: feedbackAdminRoutes(repository),
    };
  },
};
