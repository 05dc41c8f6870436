import type { GraphErrorCode } from '../../wire/index.js';
import type { OutboxRecord } from '../webhooks/index.js';
import type { MessageRecord, StatusChange } from './domain/message.model.js';
import type { StatusEvent } from './domain/status.machine.js';

export interface WindowTouch {
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly lastInboundAt: number;
}

/** Everything one use case writes, committed in one transaction (possibly batched with others). */
export interface UnitOfWork {
  readonly messages?: readonly MessageRecord[];
  readonly statusChanges?: readonly StatusChange[];
  readonly windows?: readonly WindowTouch[];
  readonly outbox?: readonly OutboxRecord[];
}

export type CommitOutcome = { readonly committed: true } | { readonly committed: false; readonly reason: 'duplicate_idempotency_key' };

export interface WriteBatcher {
  /** Resolves once the transaction holding the unit has committed. */
  commit(unit: UnitOfWork): Promise<CommitOutcome>;
}

export interface MessagingRepository {
  lastInboundAt(phoneNumberId: string, waId: string): Promise<number | null>;
  findMessage(key: string): Promise<MessageRecord | undefined>;
  findMessages(keys: readonly string[]): Promise<MessageRecord[]>;
  findByIdempotencyKey(phoneNumberId: string, idempotencyKey: string): Promise<MessageRecord | undefined>;
  /** Outbound messages from `sinceKey` on that have not reached a final status. */
  listInFlight(sinceKey: string): Promise<MessageRecord[]>;
  /** A user's latest messages, newest first; `outboundStatuses` keeps only outbound messages in those statuses. */
  listByUser(
    waId: string,
    filter: { readonly direction?: MessageRecord['direction']; readonly outboundStatuses?: readonly MessageRecord['status'][]; readonly limit: number },
  ): Promise<MessageRecord[]>;
}

/** One step of what the network will do with an accepted message, relative to its acceptance. */
export interface DeliveryStep {
  readonly afterMs: number;
  readonly event: StatusEvent;
  readonly errorCode?: GraphErrorCode;
  readonly details?: string;
}

/** What stands behind the platform: the simulator, or Meta's Cloud API in proxy mode. */
export interface Transport {
  /** What the network will do with the message, decided before it is committed. */
  plan(message: MessageRecord): Promise<DeliveryStep[]>;
  /** Hands over a committed message with its plan. */
  dispatch(message: MessageRecord, steps: readonly DeliveryStep[]): void;
}
