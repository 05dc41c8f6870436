/**
 * Templates: authoring and the Graph management API, the linter and the simulated reviewer that share
 * its rules, the `template` message type, and each template's quality and lifecycle (flagged, paused,
 * disabled) as its dated policy profile says.
 */
export * from './domain/template.model.js';
export * from './domain/template-history.js';
export * from './domain/placeholders.js';
export * from './domain/languages.js';
export * from './domain/language-detection.js';
export * from './domain/lint-rules.catalog.js';
export * from './domain/template-draft.parse.js';
export * from './domain/template-lint.js';
export * from './domain/template-send.js';
export * from './domain/template-status.machine.js';
export * from './domain/quality.policy.js';
export * from './domain/sample-templates.js';
export type { LintContext } from './domain/lint-content.rules.js';
export * from './ports.js';
export * from './application/templates.deps.js';
export * from './application/samples.js';
export * from './application/template-history.js';
export * from './application/create-template.js';
export * from './application/edit-template.js';
export * from './application/delete-templates.js';
export * from './application/list-templates.js';
export * from './application/review-template.js';
export * from './application/template-quality.js';
export * from './application/reassign-category.js';
export * from './application/template-composer.js';
