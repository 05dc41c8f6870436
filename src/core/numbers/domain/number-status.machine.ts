import type { CommerceReview, NumberStatus } from '../../accounts/index.js';

/**
 * The status of a phone number as one transition table: `from × event → to`, with guards over the
 * facts the event leaves behind. Named operations (register, deregister, a review's outcome) go
 * through `nextNumberStatus`; an event a status does not accept is a typed error, never a silent
 * write. Quality events (flag, unflag, restrict) are added as rows and event names here.
 */
export type NumberStatusEvent = 'registered' | 'deregistered' | 'commerce_review_passed' | 'commerce_review_failed';

/** What is true of the number once the event has happened. */
export interface NumberFacts {
  readonly registered: boolean;
  readonly commerceReview: CommerceReview;
}

export interface NumberTransition {
  readonly from: readonly NumberStatus[];
  readonly event: NumberStatusEvent;
  /** `unchanged`: the event is accepted and the status stays. */
  readonly to: NumberStatus | 'unchanged';
  readonly guard?: (facts: NumberFacts) => boolean;
  /** Why, in a sentence stored with the transition. */
  readonly because: string;
}

const live: readonly NumberStatus[] = ['CONNECTED', 'FLAGGED', 'RESTRICTED', 'RATE_LIMITED'];
const passed = (facts: NumberFacts): boolean => facts.commerceReview === 'passed';

/** The first row whose `from`, `event` and guard match decides. */
export const numberStatusTransitions: readonly NumberTransition[] = [
  { from: ['PENDING', 'DISCONNECTED'], event: 'registered', to: 'CONNECTED', guard: passed, because: 'registered; its Commerce Policy review had passed' },
  { from: ['PENDING', 'DISCONNECTED'], event: 'registered', to: 'PENDING', because: 'registered; waiting for its Commerce Policy review' },
  { from: live, event: 'registered', to: 'unchanged', because: 'registered again' },
  { from: ['PENDING', 'DISCONNECTED', ...live], event: 'deregistered', to: 'DISCONNECTED', because: 'deregistered: it stopped using the Cloud API' },
  { from: ['PENDING'], event: 'commerce_review_passed', to: 'CONNECTED', guard: (facts) => facts.registered, because: 'passed its Commerce Policy review' },
  { from: ['PENDING', 'DISCONNECTED'], event: 'commerce_review_passed', to: 'unchanged', because: 'passed its Commerce Policy review while not registered' },
  { from: ['PENDING'], event: 'commerce_review_failed', to: 'DISCONNECTED', because: 'failed its Commerce Policy review' },
  { from: ['DISCONNECTED'], event: 'commerce_review_failed', to: 'unchanged', because: 'failed its Commerce Policy review while not registered' },
];

export interface IllegalNumberTransition {
  readonly kind: 'illegal-number-transition';
  readonly from: NumberStatus;
  readonly event: NumberStatusEvent;
}

export type NumberStep = { readonly ok: true; readonly to: NumberStatus; readonly because: string } | { readonly ok: false; readonly error: IllegalNumberTransition };

export function nextNumberStatus(from: NumberStatus, event: NumberStatusEvent, facts: NumberFacts, table: readonly NumberTransition[] = numberStatusTransitions): NumberStep {
  const row = table.find((transition) => transition.event === event && transition.from.includes(from) && (transition.guard?.(facts) ?? true));
  if (row === undefined) return { ok: false, error: { kind: 'illegal-number-transition', from, event } };
  return { ok: true, to: row.to === 'unchanged' ? from : row.to, because: row.because };
}

export function explainIllegalTransition(error: IllegalNumberTransition): string {
  return `A number in status ${error.from} cannot be ${error.event.replace(/_/g, ' ')}.`;
}
