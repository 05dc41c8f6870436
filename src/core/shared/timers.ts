import type { IdSource } from './ports.js';
import { record, recordKind, type UnitOfWork, type UnitRecord } from './unit-of-work.js';

/**
 * Durable business timers: "review this template in 10 minutes", "disable it if still flagged in
 * 7 days". A timer is scheduled in the same unit of work as the state change that called for it, and
 * runs against the Clock, so simulated time drives it and it survives restarts.
 */
export interface Timer {
  readonly key: string;
  readonly dueAt: number;
  /** Which handler runs it, e.g. `templates.review`. */
  readonly kind: string;
  /** What it is about, e.g. a template id: scheduling again with the same kind and subject replaces it. */
  readonly subject: string;
  readonly payload: unknown;
}

export const timerScheduled = recordKind<Timer>('timers.scheduled');
/** Cancels every pending timer of a kind for a subject. */
export const timerCancelled = recordKind<{ readonly kind: string; readonly subject: string }>('timers.cancelled');
/** A timer that ran (or was set aside): it is removed with the unit its handler returned. */
export const timerDone = recordKind<{ readonly key: string }>('timers.done');

export function scheduleTimer(ids: IdSource, input: Omit<Timer, 'key'>): UnitRecord {
  return record(timerScheduled, { key: ids.key(), ...input });
}

export function cancelTimers(kind: string, subject: string): UnitRecord {
  return record(timerCancelled, { kind, subject });
}

/**
 * Runs a due timer. `at` is the time it was due, which is "now" for its rules: a clock advanced by
 * 7 days runs each timer at its own time, in order. It returns what to commit with its removal.
 */
export type TimerHandler = (timer: Timer, at: number) => Promise<UnitOfWork>;
