/** The HTTP server: buildApp assembles the Graph, admin and simulator routes over the services. */
export * from './app.js';
export type { KabarFeature, KabarOptions, KabarServices } from './services.js';
export { defaultFeatures } from './features.js';
export { callbackPolicyFromEnvironment, type CallbackPolicy } from './callback-policy.js';
export { webhookRetentionFromEnvironment } from './workers/outbox-pruner.js';
export { defaultConsoleDir } from './console/static.js';
