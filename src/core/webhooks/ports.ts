import type { DeliveryAttempt, OutboxRecord, OutboxStatus, WebhookTarget } from './domain/outbox.model.js';

export interface WebhookTargets {
  forWaba(wabaId: string): Promise<WebhookTarget[]>;
}

export interface OutboxRepository {
  /** Pending rows due at `now`, oldest first. */
  due(now: number, limit: number): Promise<OutboxRecord[]>;
  /** Stores the row's new state and the attempt together. */
  recordAttempt(record: OutboxRecord, attempt: DeliveryAttempt): Promise<void>;
  list(filter: { readonly businessId?: string; readonly status?: OutboxStatus; readonly limit: number }): Promise<OutboxRecord[]>;
  attempts(filter: { readonly businessId?: string; readonly outboxKey?: string; readonly limit: number }): Promise<DeliveryAttempt[]>;
}
