/**
 * Messaging: sending and receiving messages, the 24-hour customer-service window, and the outbound
 * status lifecycle (accepted → sent → delivered → read, or failed) with its webhooks.
 */
export * from './domain/message.model.js';
export * from './domain/window.policy.js';
export * from './domain/status.machine.js';
export * from './domain/planned-status.js';
export * from './ports.js';
export * from './stages.js';
export * from './composers.js';
export * from './application/send-message.js';
export * from './application/receive-message.js';
export * from './application/apply-planned-statuses.js';
export * from './application/mark-read.js';
