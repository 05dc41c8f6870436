/**
 * Notifications: what happened to a business's account, numbers and templates, as an entry of its
 * feed (`GET /admin/notifications`, `kabar notifications`) and as the management webhook Meta sends.
 * Other modules call `notify` and add its records to the unit of work holding the change.
 */
export * from './domain/kinds.js';
export * from './domain/notification.model.js';
export * from './domain/preferences.js';
export * from './ports.js';
export * from './application/notify.js';
