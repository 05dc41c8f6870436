/**
 * Profiles: the WhatsApp business profile of a phone number (about, address, description, email,
 * websites, vertical, profile picture), Meta's limits on each field, and partial updates.
 */
export * from './domain/business-profile.model.js';
export * from './domain/profile.policy.js';
export * from './ports.js';
export * from './application/update-profile.js';
