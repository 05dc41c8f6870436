/**
 * Billing: conversations and what each delivered message costs under a business's dated pricing
 * profile (conversation-based `2022-02`, per-message `2025-07`), rate cards per market, and the
 * ledger every charge lands in. Status webhooks carry `conversation` and `pricing` from here.
 */
export * from './domain/billing.model.js';
export * from './domain/markets.js';
export * from './domain/rate-cards.js';
export * from './domain/free-tiers.policy.js';
export * from './domain/conversation.policy.js';
export * from './domain/per-message.policy.js';
export * from './ports.js';
export * from './application/conversation-book.js';
export * from './application/billing.stages.js';
export * from './application/rate-card-settings.js';
export * from './application/billing-report.js';
