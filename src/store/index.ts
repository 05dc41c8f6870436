/** Persistence: the two dialects, frozen migrations, repositories implementing core ports, group commit. */
export * from './database.js';
export * from './migrate.js';
export * from './group-committer.js';
export * from './repositories/accounts.repository.js';
export * from './repositories/messages.repository.js';
export * from './repositories/outbox.repository.js';
export * from './repositories/settings.repository.js';
export * from './repositories/sim-users.repository.js';
export type { Database } from './schema.js';
export * from './repositories/cached-accounts.repository.js';
export * from './key-watermark.js';
export * from './repositories/dead-letters.repository.js';
export * from './unit-writers.js';
export * from './repositories/notifications.repository.js';
export * from './repositories/business-settings.repository.js';
export * from './repositories/timers.repository.js';
export * from './repositories/templates.repository.js';
export * from './repositories/feedback.repository.js';
