import type { DeliveryAttempt, OutboxRecord, OutboxStatus, WebhookTarget } from './domain/outbox.model.js';

export interface WebhookTargets {
  forWaba(wabaId: string): Promise<WebhookTarget[]>;
}

export interface OutboxRepository {
  /** Pending rows due at `now`, oldest first. */
  due(now: number, limit: number): Promise<OutboxRecord[]>;
  /** Stores each row's new state and its attempt, all in one transaction. */
  recordAttempts(results: readonly { readonly record: OutboxRecord; readonly attempt: DeliveryAttempt }[]): Promise<void>;
  list(filter: { readonly businessId?: string; readonly status?: OutboxStatus; readonly limit: number }): Promise<OutboxRecord[]>;
  /** How many rows are in each state. */
  countByStatus(filter: { readonly businessId?: string }): Promise<Record<OutboxStatus, number>>;
  attempts(filter: { readonly businessId?: string; readonly outboxKey?: string; readonly limit: number }): Promise<DeliveryAttempt[]>;
}
