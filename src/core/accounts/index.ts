/**
 * Accounts: business portfolios, WABAs, phone numbers, apps, access tokens and WABA subscriptions;
 * who may see which node; how many numbers a business may hold and which tier a new number starts
 * in. Writes are records of units of work (`records.ts`); the use cases plan them.
 */
export * from './domain/accounts.model.js';
export * from './domain/access.policy.js';
export * from './domain/business.policy.js';
export * from './records.js';
export * from './ports.js';
export * from './application/authenticate.js';
export * from './application/resolve-node.js';
export * from './application/inspect-token.js';
export * from './application/subscribed-apps.js';
export * from './application/create-business.js';
export * from './application/create-waba.js';
export * from './application/create-app.js';
export * from './application/issue-token.js';
