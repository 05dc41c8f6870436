/**
 * Messaging limits, quality rating and the quality side of a number's status: dated ladders (policy
 * profiles `2022-01`, `2022-09`, `2023-10`, `2025-10`), admission of business-initiated sends against
 * a rolling 24 h window of unique recipients, upgrades and downgrades, Kabar's transparent quality
 * model, Flagged and Restricted, and the human escalation path.
 */
export * from './domain/limits.rules.js';
export * from './domain/contact-window.js';
export * from './domain/quality.model.js';
export * from './domain/escalation.policy.js';
export * from './records.js';
export * from './ports.js';
export * from './application/answer-times.js';
export * from './application/limits.engine.js';
