import type { AccountsRepository, PhoneNumber } from '../../accounts/index.js';
import { records, unitOf, type IdSource, type UnitOfWork, type UnitRecord } from '../../shared/index.js';
import { outboxQueued, outboxRecords, type OutboxRecord, type WebhookTarget, type WebhookTargets } from '../../webhooks/index.js';
import type { MessageRecord, StatusChange } from '../domain/message.model.js';
import type { MessageFlight, PlannedStatus } from '../domain/planned-status.js';
import { applyStatusEvent } from '../domain/status.machine.js';
import { statusChanged, type MessagingRepository } from '../ports.js';
import type { StatusContext, StatusStage } from '../stages.js';
import { statusWebhook } from './webhook-values.js';

export interface PlannedStatusDeps {
  readonly accounts: AccountsRepository;
  readonly messages: MessagingRepository;
  readonly targets: WebhookTargets;
  readonly ids: IdSource;
  /** What other modules add to each status (pricing, conversations), in order. */
  readonly stages: readonly StatusStage[];
}

/** A due status that could not be turned into a change, with why; the rest of its batch goes on. */
export interface RejectedStatus {
  readonly planned: PlannedStatus;
  readonly reason: string;
}

export interface AppliedStatuses {
  readonly unit: UnitOfWork;
  readonly rejected: readonly RejectedStatus[];
  /** Called once `unit` has committed: the messages in flight move to the statuses it holds. */
  readonly settle?: () => void;
}

/**
 * Turns statuses that fell due, in time order, into status changes and their webhooks. Each event is
 * stamped with the time it was due, so a clock advanced by 25 h still reports when things happened.
 * A status that would not move the message forward (a repeat, or anything after `failed`) is dropped.
 * A status whose message cannot be turned into a webhook is set aside, never the batch with it.
 */
export async function applyPlannedStatuses(deps: PlannedStatusDeps, due: readonly PlannedStatus[]): Promise<AppliedStatuses> {
  const current = new Map<string, MessageRecord>();
  const unknown = new Set<string>();
  for (const planned of due) {
    if (current.has(planned.messageKey)) continue;
    if (planned.flight === undefined) unknown.add(planned.messageKey);
    else current.set(planned.messageKey, planned.flight.current);
  }
  // Only statuses planned without their message (none, unless a caller plans them so) read it.
  if (unknown.size > 0) for (const message of await deps.messages.findMessages([...unknown])) current.set(message.key, message);
  const flights = new Map<string, MessageFlight>();
  const numbers = new Map<string, PhoneNumber | undefined>();
  // A batch's statuses mostly share a WABA: its webhook targets are resolved once a batch.
  const targetsByWaba = new Map<string, readonly WebhookTarget[]>();
  const statusChanges: StatusChange[] = [];
  const outbox: OutboxRecord[] = [];
  const rejected: RejectedStatus[] = [];
  const added: UnitRecord[] = [];
  for (const planned of due) {
    const message = current.get(planned.messageKey);
    if (message === undefined) continue;
    const transition = applyStatusEvent(message.status, planned.event);
    if (!transition.changed) continue;
    if (!numbers.has(message.phoneNumberId)) {
      const found = deps.accounts.findPhoneNumber(message.phoneNumberId);
      numbers.set(message.phoneNumberId, found instanceof Promise ? await found : found);
    }
    const number = numbers.get(message.phoneNumberId);
    // Most statuses of a batch carry no webhook (no subscriber) and no record of a stage's: nothing is
    // allocated for either until a stage or a target asks for it.
    let webhooks: readonly OutboxRecord[] | undefined;
    let stageRecords: UnitRecord[] | undefined;
    if (number !== undefined) {
      try {
        // Later stages' fields win, as a spread of each in turn would give. One context serves every stage.
        const payload: Record<string, unknown> = {};
        const context: StatusContext = { number, message, event: planned.event, at: planned.dueAt };
        for (const stage of deps.stages) {
          const pending = stage.onStatus(context);
          const addition = pending instanceof Promise ? await pending : pending;
          if (addition.payload !== undefined) Object.assign(payload, addition.payload);
          if (addition.records !== undefined && addition.records.length > 0) (stageRecords ??= []).push(...addition.records);
        }
        let targets = targetsByWaba.get(number.wabaId);
        if (targets === undefined) {
          const found = deps.targets.forWaba(number.wabaId);
          targets = found instanceof Promise ? await found : found;
          targetsByWaba.set(number.wabaId, targets);
        }
        if (targets.length > 0) {
          webhooks = outboxRecords(deps.ids, {
            businessId: message.businessId,
            targets,
            envelope: statusWebhook(number, message, planned, planned.dueAt, payload),
            now: planned.dueAt,
            messageKey: message.key,
          });
        }
      } catch (error) {
        rejected.push({ planned, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
    }
    const errorCode = planned.errorCode ?? null;
    current.set(message.key, { ...message, status: transition.to, errorCode, updatedAt: planned.dueAt });
    if (planned.flight !== undefined) flights.set(message.key, planned.flight);
    statusChanges.push({ key: message.key, status: transition.to, errorCode, updatedAt: planned.dueAt, message });
    if (webhooks !== undefined) outbox.push(...webhooks);
    if (stageRecords !== undefined) added.push(...stageRecords);
  }
  return {
    unit: unitOf(records(statusChanged, statusChanges), records(outboxQueued, outbox), added),
    rejected,
    settle() {
      for (const [key, flight] of flights) {
        const moved = current.get(key);
        if (moved !== undefined) flight.current = moved;
      }
    },
  };
}
