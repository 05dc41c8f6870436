/**
 * Outbound webhooks: who receives a WABA's events, the outbox rows that carry them (serialised once,
 * signed at delivery over exactly those bytes), the retry policy, how long finished rows are kept,
 * and each app's realism switches (batching, duplicates, out-of-order delivery).
 */
export * from './domain/outbox.model.js';
export * from './domain/retry.policy.js';
export * from './domain/retention.policy.js';
export * from './domain/realism.policy.js';
export * from './ports.js';
export * from './application/resolve-targets.js';
export * from './application/enqueue.js';
export * from './application/replay.js';
export * from './application/choose-realism.js';
