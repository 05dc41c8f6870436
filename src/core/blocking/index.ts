/**
 * Blocking: a business number's blocklist (the Block Users API). Who may be blocked and unblocked,
 * the blocklist's pages, and what a block does: the number cannot message the user, and the user's
 * messages do not reach the business.
 */
export * from './domain/blocklist.policy.js';
export * from './ports.js';
export * from './application/block-users.js';
export * from './application/list-blocked-users.js';
export * from './application/blocked-user.stages.js';
