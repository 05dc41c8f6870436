/**
 * Onboarding: how a business gets onto the platform, composed from accounts, numbers and reviews.
 * Express and Classic signup, business verification, the operator's early decisions, connecting a
 * number in one go, and the demo seed, which takes the same path.
 */
export * from './application/onboarding-deps.js';
export * from './application/business-verification.js';
export * from './application/signup.js';
export * from './application/connect-as-operator.js';
export * from './application/seed-demo.js';
