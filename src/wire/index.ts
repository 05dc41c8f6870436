/**
 * The Cloud API wire format: schemas, the error catalogue, the wamid codec and webhook payloads.
 * Imports nothing else of Kabar's.
 */
export * from './graph-errors.js';
export * from './wamid.js';
export * from './ascii-json.js';
export * from './message-objects.schema.js';
export * from './messages.schema.js';
export * from './webhooks.js';
export * from './field-expansion.js';
