/**
 * Numbers: a business phone number's onboarding and life on the platform. Adding it (new or
 * transferred), its verification code, registration with the two-step PIN and the 72-hour limit,
 * its status machine (Pending, Connected, Offline, …) with every transition's cause, its display
 * name and green tick reviews, and whether it may send.
 */
export * from './domain/number-status.machine.js';
export * from './domain/sending.policy.js';
export * from './domain/registration.policy.js';
export * from './domain/pin.policy.js';
export * from './domain/verification-code.policy.js';
export * from './domain/display-name.policy.js';
export * from './domain/official-business.policy.js';
export * from './records.js';
export * from './ports.js';
export * from './application/numbers-deps.js';
export * from './application/add-phone-number.js';
export * from './application/request-code.js';
export * from './application/register-number.js';
export * from './application/set-two-step-pin.js';
export * from './application/request-display-name.js';
export * from './application/official-business-account.js';
export * from './application/review-appliers.js';
export * from './application/number-may-send.stage.js';
