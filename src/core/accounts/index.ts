/**
 * Accounts: business portfolios, WABAs, phone numbers, apps, access tokens and WABA subscriptions;
 * who may see which node, and the operator's provisioning use cases.
 */
export * from './domain/accounts.model.js';
export * from './domain/access.policy.js';
export * from './ports.js';
export * from './application/authenticate.js';
export * from './application/resolve-node.js';
export * from './application/subscribed-apps.js';
export * from './application/provision.js';
export * from './application/seed-demo.js';
