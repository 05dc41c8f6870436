import type { GraphErrorCode } from '../../../wire/index.js';
import type { DeliveryStep } from '../ports.js';
import type { MessageRecord } from './message.model.js';
import type { StatusEvent } from './status.machine.js';

/**
 * A message in flight as last committed, shared by the statuses planned for it: applying them needs
 * neither a read of the message nor its content parsed again. It lives as long as one of its
 * statuses is pending, and is moved forward only once a status has committed.
 */
export interface MessageFlight {
  current: MessageRecord;
}

/** A status the network will report for a message at a point in (simulated) time. */
export interface PlannedStatus {
  readonly dueAt: number;
  readonly messageKey: string;
  readonly event: StatusEvent;
  readonly errorCode?: GraphErrorCode;
  readonly details?: string;
  /** The message as last committed, when the planner knows it (otherwise it is read when due). */
  readonly flight?: MessageFlight;
}

export function plannedStatuses(messageKey: string, acceptedAt: number, steps: readonly DeliveryStep[], message?: MessageRecord): PlannedStatus[] {
  const flight: MessageFlight | undefined = message === undefined ? undefined : { current: message };
  return steps.map((step) => ({
    dueAt: acceptedAt + step.afterMs,
    messageKey,
    ...(flight === undefined ? {} : { flight }),
    event: step.event,
    ...(step.errorCode === undefined ? {} : { errorCode: step.errorCode, details: step.details ?? '' }),
  }));
}
