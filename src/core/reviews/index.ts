/**
 * Reviews: what Meta reviews during onboarding (business verification, the Commerce Policy review of
 * a number, display names, the Official Business Account), each decided by a simulated reviewer
 * with a configured outcome and delay, on a durable timer, or early by an operator. The module that
 * owns the reviewed subject applies the decision.
 */
export * from './domain/review.model.js';
export * from './domain/reviewer.policy.js';
export * from './ports.js';
export * from './application/open-review.js';
export * from './application/decide-review.js';
