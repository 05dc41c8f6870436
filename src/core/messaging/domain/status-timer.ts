import type { GraphErrorCode } from '../../../wire/index.js';
import type { TimerRecord } from '../../shared/index.js';
import type { DeliveryStep } from '../ports.js';
import type { StatusEvent } from './status.machine.js';

export interface StatusTimerPayload {
  readonly messageKey: string;
  readonly event: StatusEvent;
  readonly errorCode?: GraphErrorCode;
  readonly details?: string;
}

export function statusTimers(messageKey: string, acceptedAt: number, steps: readonly DeliveryStep[], nextKey: () => string): TimerRecord[] {
  return steps.map((step) => {
    const payload: StatusTimerPayload = { messageKey, event: step.event, ...(step.errorCode === undefined ? {} : { errorCode: step.errorCode, details: step.details ?? '' }) };
    return { key: nextKey(), dueAt: acceptedAt + step.afterMs, kind: 'message.status', payload: JSON.stringify(payload) };
  });
}

export function readStatusTimer(timer: TimerRecord): StatusTimerPayload {
  return JSON.parse(timer.payload) as StatusTimerPayload;
}
