/**
 * What a simulated user does about a business number, whether an operator says so (`/sim`, `kabar
 * sim block …`) or their behaviour profile does: the user's standing changes on their phone, the
 * event goes to the feedback store, the template it concerns is rated again, and a marketing opt-out
 * is told to the business as Meta's `user_preferences` webhook.
 */
import { feedbackRecord, templateIdOf, type FeedbackKind } from '../../core/feedback/index.js';
import type { PhoneNumber } from '../../core/accounts/index.js';
import type { MessageRecord } from '../../core/messaging/index.js';
import { records, type UnitRecord } from '../../core/shared/index.js';
import { qualityCheckRecord, nextQualityCheck } from '../../core/templates/index.js';
import { outboxQueued, outboxRecords } from '../../core/webhooks/index.js';
import { managementWebhook } from '../../wire/index.js';
import { changeStanding, type BehaviourSettings } from '../../network/index.js';
import type { KabarServices } from '../services.js';

const dayMs = 24 * 60 * 60 * 1000;

/** The behaviour settings in force, kept in memory and in the `settings` table. */
export interface BehaviourStore {
  current(): BehaviourSettings;
  set(next: BehaviourSettings): Promise<BehaviourSettings>;
}

export type UserAction = Exclude<FeedbackKind, 'read' | 'reply'>;

/** Schedules each template's next rating once per hour, however many reactions arrive in it. */
export class QualityChecks {
  readonly #scheduled = new Map<string, number>();
  readonly #services: Pick<KabarServices, 'ids'>;

  constructor(services: Pick<KabarServices, 'ids'>) {
    this.#services = services;
  }

  recordsFor(message: MessageRecord | undefined, at: number): UnitRecord[] {
    const templateId = message === undefined ? null : templateIdOf(message);
    if (templateId === null) return [];
    const due = nextQualityCheck(at);
    if (this.#scheduled.get(templateId) === due) return [];
    if (this.#scheduled.size > 10_000) this.#scheduled.clear();
    this.#scheduled.set(templateId, due);
    return [qualityCheckRecord(this.#services.ids, templateId, at)];
  }
}

/** The message a user most likely reacted to: the latest the number sent them within a day. */
export async function latestOutbound(services: KabarServices, number: PhoneNumber, waId: string, at: number): Promise<MessageRecord | undefined> {
  const recent = await services.messages.listByUser(waId, { direction: 'outbound', limit: 20 });
  return recent.find((message) => message.phoneNumberId === number.id && message.createdAt > at - dayMs && message.createdAt <= at);
}

async function userPreferencesWebhook(services: KabarServices, number: PhoneNumber, waId: string, value: 'stop' | 'resume', at: number): Promise<UnitRecord[]> {
  const envelope = managementWebhook(
    number.wabaId,
    'user_preferences',
    {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: number.phoneNumber, phone_number_id: number.id },
      contacts: [{ profile: { name: services.network.user(waId).profileName }, wa_id: waId }],
      user_preferences: [
        { wa_id: waId, detail: value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages', category: 'marketing_messages', value, timestamp: Math.floor(at / 1000) },
      ],
    },
    at,
  );
  const targets = await services.targets.forWaba(number.wabaId);
  return records(outboxQueued, outboxRecords(services.ids, { businessId: number.businessId, targets, envelope, now: at }));
}

/**
 * Applies one user action at `at` and returns what to commit with it. `message` is what the user
 * reacted to (a report or block names the template it hurts); undefined for a number-wide action.
 */
export async function applyUserAction(
  services: KabarServices,
  checks: QualityChecks,
  input: { readonly action: UserAction; readonly number: PhoneNumber; readonly waId: string; readonly message: MessageRecord | undefined; readonly at: number },
): Promise<UnitRecord[]> {
  const { action, number, waId, message, at } = input;
  if (action !== 'report') await changeStanding(services.network, waId, number.id, action);
  const result: UnitRecord[] = [feedbackRecord(services.ids, { kind: action, at, waId, number, message }), ...checks.recordsFor(message, at)];
  if (action === 'stop_marketing' || action === 'resume_marketing') result.push(...(await userPreferencesWebhook(services, number, waId, action === 'stop_marketing' ? 'stop' : 'resume', at)));
  return result;
}
