/**
 * Flows: a WABA's WhatsApp Flows (Meta's Flows API): their metadata, their Flow JSON and its
 * validation, the DRAFT → PUBLISHED → DEPRECATED lifecycle (and Meta's BLOCKED and THROTTLED) with
 * the `flows` webhook, the check of Flow messages at send, and a simulated user completing a Flow.
 * Flows that call a business endpoint (`data_exchange`) are stored and sent, never run.
 */
export * from './domain/flow.model.js';
export * from './domain/flow-status.machine.js';
export * from './domain/flow-json.policy.js';
export * from './ports.js';
export * from './application/manage-flows.js';
export * from './application/flow-messages.js';
