/**
 * Contacts: the CRM's people, one per number and business — created by hand, imported from CSV
 * files or met when they write in; numbers normalised to E.164 with a default country per business;
 * tags, attributes and a history that survives merges and number changes. Also the checks of who
 * has WhatsApp (with their anti-abuse limit) and the identity of each user's installation.
 */
export * from './domain/contact.model.js';
export * from './domain/contact-merge.policy.js';
export * from './domain/contacts.errors.js';
export * from './domain/phone-normalisation.js';
export * from './domain/import.model.js';
export * from './domain/verification.policy.js';
export * from './ports.js';
export * from './application/contacts-deps.js';
export * from './application/contact-settings.js';
export * from './application/save-contact.js';
export * from './application/search-contacts.js';
export * from './application/check-numbers.js';
export * from './application/unmessaged-checks.js';
export * from './application/import-contacts.js';
export * from './application/identity-events.js';
export * from './application/contacts-stages.js';
export * from './domain/number-row-index.js';
