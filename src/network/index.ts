/** What stands behind the transport port: the embedded simulator (and, later, the Meta proxy). */
export * from './simulator/sim-network.js';
export * from './simulator/sim-scheduler.js';
export * from './simulator/behaviour-profile.js';
export * from './simulator/user-standing.js';
export * from './simulator/sim-identity.js';
