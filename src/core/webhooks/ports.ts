import type { DeliveryAttempt, OutboxRecord, OutboxStatus, WebhookTarget } from './domain/outbox.model.js';
import type { WebhookRealism } from './domain/realism.policy.js';
import type { Awaitable } from '../shared/index.js';

export interface WebhookTargets {
  /** At once while the WABA's subscriptions and apps are cached. */
  forWaba(wabaId: string): Awaitable<WebhookTarget[]>;
}

/** A callback URL with pending rows, and when the earliest of them is due. */
export interface CallbackBacklog {
  readonly url: string;
  readonly nextAttemptAt: number;
}

/** A place in one callback's due order: rows after it come later. */
export interface OutboxPosition {
  readonly nextAttemptAt: number;
  readonly key: string;
}

export interface PruneOutcome {
  readonly outboxRows: number;
  readonly attempts: number;
}

export interface OutboxRepository {
  /** Every callback URL that has pending rows, found without reading the rows themselves. */
  pendingCallbacks(): Promise<CallbackBacklog[]>;
  /** One callback's pending rows due at `now`, oldest first (`next_attempt_at`, then key), from just after `after` if given. */
  dueFor(url: string, now: number, limit: number, after?: OutboxPosition): Promise<OutboxRecord[]>;
  /** Stores each row's new state and its attempt, all in one transaction; a row held back (no attempt) gets its new state only. */
  recordAttempts(results: readonly { readonly record: OutboxRecord; readonly attempt: DeliveryAttempt | null }[]): Promise<void>;
  /** Deletes, in one transaction, up to `limit` rows that finished before `before`, with their attempts. */
  pruneFinished(before: number, limit: number): Promise<PruneOutcome>;
  list(filter: { readonly businessId?: string; readonly status?: OutboxStatus; readonly limit: number }): Promise<OutboxRecord[]>;
  /** How many rows are in each state. */
  countByStatus(filter: { readonly businessId?: string }): Promise<Record<OutboxStatus, number>>;
  attempts(filter: { readonly businessId?: string; readonly outboxKey?: string; readonly limit: number }): Promise<DeliveryAttempt[]>;
}

/** Each app's webhook realism switches. */
export interface WebhookRealismSettings {
  /** The app's switches: all off for an app that never set them. */
  of(appId: string): Promise<WebhookRealism>;
  /** Told of a change that just committed, so that it is seen at once. */
  remember(appId: string, realism: WebhookRealism): void;
}
