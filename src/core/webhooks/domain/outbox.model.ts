import { recordKind } from '../../shared/index.js';

/** One serialised webhook POST to one callback, kept until delivered or given up. */
export type OutboxStatus = 'pending' | 'delivered' | 'dead';

export interface OutboxRecord {
  readonly key: string;
  readonly businessId: string;
  readonly appId: string;
  readonly url: string;
  /** The exact bytes that are signed and sent: ASCII-escaped JSON. */
  readonly body: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
  /** When the row stopped being pending: delivered or given up. Retention counts from here. */
  readonly finishedAt: number | null;
  readonly lastError: string | null;
  /** The message whose event this webhook tells (an inbound message or a status), when it tells one. */
  readonly messageKey?: string | null;
}

export interface DeliveryAttempt {
  readonly key: string;
  readonly outboxKey: string;
  readonly attempt: number;
  readonly attemptedAt: number;
  readonly url: string;
  readonly responseStatus: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookTarget {
  readonly appId: string;
  readonly url: string;
}

/** Outbox rows travel in units of work with the state change that caused them. */
export const outboxQueued = recordKind<OutboxRecord>('webhooks.outbox');
/** A pending row replaced by a replay: set aside so that only the replay is delivered. */
export const outboxSuperseded = recordKind<{ readonly key: string; readonly by: string; readonly at: number }>('webhooks.outbox-superseded');
