/**
 * Media: uploads, retrieval URLs, deletion and expiry of media objects, Meta's MIME and size rules,
 * and the send stage that checks a media message's id.
 */
export * from './domain/media.model.js';
export * from './domain/media.policy.js';
export * from './ports.js';
export * from './application/media-access.js';
export * from './application/media-id-stage.js';
