import type { CommerceReview, NumberStatus } from '../../accounts/index.js';

/**
 * The status of a phone number as one transition table: `from × event → to`, with guards over the
 * facts the event leaves behind. Named operations (register, deregister, a review's outcome) go
 * through `nextNumberStatus`; an event a status does not accept is a typed error, never a silent
 * write. The quality events (messaging limits) are rows of the same table: Low quality flags a
 * Connected number; recovery within 7 days or 7 days of Low bring it back to Connected (the second
 * one tier lower, decided by the limits module); a limit used up at Low restricts it until capacity
 * frees up.
 */
export type NumberStatusEvent =
  | 'registered'
  | 'deregistered'
  | 'commerce_review_passed'
  | 'commerce_review_failed'
  | 'quality_low'
  | 'quality_recovered'
  | 'flag_expired'
  | 'limit_used_up'
  | 'capacity_freed'
  /** The business moved to a limits profile without a Flagged state (`2025-10`). */
  | 'flagging_ended';

/** What is true of the number once the event has happened. */
export interface NumberFacts {
  readonly registered: boolean;
  readonly commerceReview: CommerceReview;
  /** The number's quality rating is Low now (quality events only). */
  readonly qualityLow?: boolean;
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
const low = (facts: NumberFacts): boolean => facts.qualityLow === true;

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
  { from: ['CONNECTED'], event: 'quality_low', to: 'FLAGGED', because: 'its quality rating fell to Low' },
  { from: ['FLAGGED', 'RESTRICTED'], event: 'quality_low', to: 'unchanged', because: 'its quality rating is still Low' },
  { from: ['FLAGGED', 'RESTRICTED'], event: 'quality_recovered', to: 'CONNECTED', because: 'its quality rating recovered within 7 days; its tier stays' },
  { from: ['CONNECTED'], event: 'quality_recovered', to: 'unchanged', because: 'its quality rating is not Low' },
  { from: ['FLAGGED', 'RESTRICTED'], event: 'flag_expired', to: 'CONNECTED', because: 'its quality stayed Low for 7 days: Connected again, one tier lower' },
  { from: ['CONNECTED', 'FLAGGED'], event: 'limit_used_up', to: 'RESTRICTED', guard: low, because: 'it used up its messaging limit while its quality was Low' },
  { from: ['RESTRICTED'], event: 'capacity_freed', to: 'FLAGGED', guard: low, because: 'capacity freed up in its rolling 24 h; its quality is still Low' },
  { from: ['RESTRICTED'], event: 'capacity_freed', to: 'CONNECTED', because: 'capacity freed up in its rolling 24 h' },
  { from: ['FLAGGED', 'RESTRICTED'], event: 'flagging_ended', to: 'CONNECTED', because: 'its business moved to a messaging-limits policy without a Flagged state' },
  { from: ['CONNECTED'], event: 'flagging_ended', to: 'unchanged', because: 'its business moved to a messaging-limits policy without a Flagged state' },
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
