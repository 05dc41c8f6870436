/**
 * Throughput: how fast a number may send (80 messages a second by default, 1,000 at `HIGH`,
 * unbounded at Kabar's `UNLIMITED`), the pair rate limit to one user, and the per-user marketing
 * limits of the `marketing` policy profile. The budgets sit behind the `SendBudgets` port: in
 * memory on one node, shareable by several.
 */
export * from './domain/throughput.policy.js';
export * from './domain/marketing-limit.policy.js';
export * from './ports.js';
export * from './application/in-memory-budgets.js';
export * from './application/throughput-stages.js';
export * from './application/set-throughput-level.js';
