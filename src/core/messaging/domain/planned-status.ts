import type { GraphErrorCode } from '../../../wire/index.js';
import type { DeliveryStep } from '../ports.js';
import type { StatusEvent } from './status.machine.js';

/** A status the network will report for a message at a point in (simulated) time. */
export interface PlannedStatus {
  readonly dueAt: number;
  readonly messageKey: string;
  readonly event: StatusEvent;
  readonly errorCode?: GraphErrorCode;
  readonly details?: string;
}

export function plannedStatuses(messageKey: string, acceptedAt: number, steps: readonly DeliveryStep[]): PlannedStatus[] {
  return steps.map((step) => ({
    dueAt: acceptedAt + step.afterMs,
    messageKey,
    event: step.event,
    ...(step.errorCode === undefined ? {} : { errorCode: step.errorCode, details: step.details ?? '' }),
  }));
}
