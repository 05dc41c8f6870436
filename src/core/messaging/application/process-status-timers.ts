import type { AccountsRepository, PhoneNumber } from '../../accounts/index.js';
import type { IdSource, TimerRecord } from '../../shared/index.js';
import { outboxRecords, type OutboxRecord, type WebhookTargets } from '../../webhooks/index.js';
import type { MessageRecord, StatusChange } from '../domain/message.model.js';
import { readStatusTimer } from '../domain/status-timer.js';
import { applyStatusEvent } from '../domain/status.machine.js';
import type { MessagingRepository, UnitOfWork } from '../ports.js';
import { statusWebhook } from './webhook-values.js';

export interface StatusTimerDeps {
  readonly accounts: AccountsRepository;
  readonly messages: MessagingRepository;
  readonly targets: WebhookTargets;
  readonly ids: IdSource;
}

/**
 * Turns due status timers, in time order, into status changes and their webhooks. Each event is
 * stamped with the time it was due, so a clock advanced by 25 h still reports when things happened.
 */
export async function processStatusTimers(deps: StatusTimerDeps, timers: readonly TimerRecord[]): Promise<UnitOfWork> {
  const payloads = timers.map((timer) => ({ timer, payload: readStatusTimer(timer) }));
  const current = new Map<string, MessageRecord>();
  for (const message of await deps.messages.findMessages([...new Set(payloads.map(({ payload }) => payload.messageKey))])) current.set(message.key, message);
  const numbers = new Map<string, PhoneNumber | undefined>();
  const statusChanges: StatusChange[] = [];
  const outbox: OutboxRecord[] = [];
  for (const { timer, payload } of payloads) {
    const message = current.get(payload.messageKey);
    if (message === undefined) continue;
    const transition = applyStatusEvent(message.status, payload.event);
    if (!transition.changed) continue;
    const errorCode = payload.errorCode ?? null;
    current.set(message.key, { ...message, status: transition.to, errorCode, updatedAt: timer.dueAt });
    statusChanges.push({ key: message.key, status: transition.to, errorCode, updatedAt: timer.dueAt });
    if (!numbers.has(message.phoneNumberId)) numbers.set(message.phoneNumberId, await deps.accounts.findPhoneNumber(message.phoneNumberId));
    const number = numbers.get(message.phoneNumberId);
    if (number === undefined) continue;
    outbox.push(
      ...outboxRecords(deps.ids, {
        businessId: message.businessId,
        targets: await deps.targets.forWaba(number.wabaId),
        envelope: statusWebhook(number, message, payload, timer.dueAt),
        now: timer.dueAt,
      }),
    );
  }
  return { statusChanges, outbox, completedTimers: timers.map((timer) => timer.key) };
}
