/** Building blocks every module uses: the Clock port, ids, Result, DomainError, PRNG, phone numbers. */
export * from './clock.js';
export * from './ids.js';
export * from './prng.js';
export * from './result.js';
export * from './domain-error.js';
export * from './ports.js';
export * from './phone.js';
export * from './unit-of-work.js';
export * from './timers.js';
export * from './idempotency.js';
export * from './planned.js';
export * from './web-url.js';
export * from './memo.js';
export * from './awaitable.js';
