/**
 * How other modules take part in a message's life without the messaging module knowing them: a
 * send passes through ordered send stages, a status through status stages, an inbound message
 * through inbound stages. Each stage is a module's own rule (tier admission, opt-in, identity,
 * pricing, consent keywords…); the composition root lists them in order.
 */
import type { GraphErrorCode, SendMessageBody } from '../../wire/index.js';
import type { PhoneNumber, Principal } from '../accounts/index.js';
import type { Awaitable, DomainError, UnitRecord } from '../shared/index.js';
import type { MessageRecord } from './domain/message.model.js';
import type { StatusEvent } from './domain/status.machine.js';
import type { WindowVerdict } from './domain/window.policy.js';
import type { DeliveryStep } from './ports.js';

export interface SendContext {
  readonly principal: Principal;
  readonly number: PhoneNumber;
  /** The message as it will be stored if every stage lets it through (status `accepted`). */
  readonly message: MessageRecord;
  readonly body: SendMessageBody;
  /** The customer-service window of this (number, user) pair at the time of the send. */
  readonly window: WindowVerdict;
  /** What the network said it will do with the message. */
  readonly plan: readonly DeliveryStep[];
  readonly now: number;
}

export type SendVerdict =
  /**
   * Let the send through, adding these records to its unit of work. A stage that took from a budget
   * outside the unit (throughput, marketing deliveries) says how to give it back: a later stage that
   * refuses the send has it given back, newest first, so a refused send takes nothing.
   */
  | { readonly outcome: 'continue'; readonly records?: readonly UnitRecord[]; readonly giveBack?: () => Promise<void> }
  /** Refuse the request: nothing is stored, the client gets this error on the HTTP call. */
  | { readonly outcome: 'refuse'; readonly error: DomainError }
  /** Accept the request, then fail the message with this code in a `failed` status webhook. */
  | { readonly outcome: 'fail'; readonly errorCode: GraphErrorCode; readonly details: string; readonly records?: readonly UnitRecord[] };

export interface SendStage {
  readonly name: string;
  /**
   * Still runs once an earlier stage failed the send. A failed send is accepted (it gets a wamid and
   * a `failed` status), so a budget every accepted message takes from (throughput) runs for it too,
   * and may still refuse it; every other stage is about a message that will go out and is skipped.
   */
  readonly evenIfFailed?: boolean;
  /**
   * A stage that has nothing to look up for this send answers at once: the send awaits only the
   * stages that return a promise (most stages pass most sends without one).
   */
  check(context: SendContext): Awaitable<SendVerdict>;
}

export const proceed: SendVerdict = { outcome: 'continue' };

export interface StatusContext {
  readonly number: PhoneNumber;
  /** The message before this status is applied. */
  readonly message: MessageRecord;
  readonly event: StatusEvent;
  /** When the status happened (simulated time). */
  readonly at: number;
}

export interface StatusAddition {
  /** Fields merged into the status object of the webhook (e.g. `conversation`, `pricing`). */
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly records?: readonly UnitRecord[];
}

export interface StatusStage {
  readonly name: string;
  /** As a send stage's check: a stage with nothing to look up answers at once, and only a promise is awaited. */
  onStatus(context: StatusContext): Awaitable<StatusAddition>;
}

export interface InboundContext {
  readonly number: PhoneNumber;
  readonly message: MessageRecord;
  readonly profileName: string;
  readonly now: number;
}

export interface InboundAddition {
  /** Fields merged into `contacts[0]` of the webhook (e.g. `identity_key_hash`). */
  readonly contact?: Readonly<Record<string, unknown>>;
  /** Fields merged into `messages[0]` of the webhook. */
  readonly message?: Readonly<Record<string, unknown>>;
  readonly records?: readonly UnitRecord[];
}

/** Why a user's message did not reach the business: on the user's phone it stays at one tick (sent). */
export interface InboundWithheld {
  readonly reason: 'blocked';
  readonly details: string;
}

export interface InboundStage {
  readonly name: string;
  /**
   * Keeps the message from reaching the business at all (a number's blocklist): asked before any
   * stage adds anything; a withheld message is not stored, opens no window and makes no webhook.
   */
  withhold?(context: { readonly number: PhoneNumber; readonly waId: string; readonly now: number }): Promise<InboundWithheld | undefined>;
  onInbound(context: InboundContext): Promise<InboundAddition>;
}

/** The stages of every kind, in the order they run. */
export interface MessagingStages {
  readonly send: readonly SendStage[];
  readonly status: readonly StatusStage[];
  readonly inbound: readonly InboundStage[];
}

export const noStages: MessagingStages = { send: [], status: [], inbound: [] };
