/**
 * User feedback: what users did about a business number and its messages (blocks, reports, marketing
 * opt-outs, replies, reads), stored as events that template and number quality read, and the send
 * rule that follows from a user's standing (131026 when blocked, 131050 after a marketing opt-out).
 */
export * from './domain/feedback.model.js';
export * from './ports.js';
export * from './application/record-feedback.js';
export * from './application/recipient-standing.stage.js';
