import { recordKind } from '../shared/index.js';

/** A business-initiated send counted against a limit: the recipient's last contact from the number. */
export interface LimitContact {
  readonly phoneNumberId: string;
  readonly businessId: string;
  readonly waId: string;
  readonly at: number;
}

export type LimitEventKind = 'tier' | 'quality' | 'escalation';

/** One change of a number's tier, quality rating or escalation standing, with why (`GET …/limits` lists them). */
export interface LimitEvent {
  readonly key: string;
  readonly phoneNumberId: string;
  readonly businessId: string;
  readonly kind: LimitEventKind;
  readonly from: string;
  readonly to: string;
  readonly cause: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/** How a customer reaches a person at the business. */
export type EscalationKind = 'agent_handover' | 'phone_number' | 'email' | 'web_form' | 'store_visit';
export const escalationKinds: readonly EscalationKind[] = ['agent_handover', 'phone_number', 'email', 'web_form', 'store_visit'];

export interface EscalationPath {
  readonly phoneNumberId: string;
  readonly businessId: string;
  /** `missing`: the number sent without one; `declaredAt` is when that was first seen (the 7 days count from it). */
  readonly kind: EscalationKind | 'missing';
  /** The number, address, form URL or store address; for a handover, who takes over. */
  readonly value: string;
  readonly declaredAt: number;
}

/** A customer message to a number (`answeredAt` null), or the number's first answer to that customer since (`answeredAt` set). */
export interface AnswerTime {
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly at: number;
}

export interface StoredAnswerTime {
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly askedAt: number;
  readonly answeredAt: number | null;
}

export const limitContacted = recordKind<LimitContact>('limits.contacted');
export const customerAsked = recordKind<AnswerTime>('limits.customer-asked');
export const customerAnswered = recordKind<AnswerTime>('limits.customer-answered');
export const limitEventRecorded = recordKind<LimitEvent>('limits.event');
export const escalationPathDeclared = recordKind<EscalationPath>('limits.escalation-path');
