/**
 * Graph's Resumable Upload API: a file announced, its bytes received in one or more parts from the
 * offset reached, then a handle that business-profile pictures and template media samples name.
 */
export * from './domain/upload.model.js';
export * from './ports.js';
export * from './application/uploads.js';
