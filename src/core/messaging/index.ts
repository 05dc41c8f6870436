/**
 * Messaging: sending and receiving messages, the 24-hour customer-service window, and the outbound
 * status lifecycle (accepted → sent → delivered → read, or failed) with its webhooks.
 */
export * from './domain/message.model.js';
export * from './domain/content.model.js';
export * from './domain/emoji.policy.js';
export * from './domain/reaction.policy.js';
export * from './domain/window.policy.js';
export * from './domain/status.machine.js';
export * from './domain/planned-status.js';
export * from './ports.js';
export * from './stages.js';
export * from './composers.js';
export * from './composers/media.composer.js';
export * from './composers/location.composer.js';
export * from './composers/contacts.composer.js';
export * from './composers/reaction.composer.js';
export * from './composers/interactive.composer.js';
export * from './application/reaction-target-stage.js';
export * from './application/send-message.js';
export * from './application/receive-message.js';
export * from './application/apply-planned-statuses.js';
export * from './application/mark-read.js';
export * from './application/on-the-phone.js';
export * from './application/tap-reply.js';
export * from './application/react-to-message.js';
export * from './application/order-from-message.js';
export { inboundMessageFields } from './application/webhook-values.js';
