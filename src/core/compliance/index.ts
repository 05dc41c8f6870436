/**
 * Business compliance for India: per phone number, the legal entity, grievance officer and customer
 * care details Meta shows Indian customers. Managed on the Graph API's `/{phone-number-id}/business_compliance_info`.
 */
export * from './domain/compliance.model.js';
export * from './ports.js';
export * from './application/set-compliance-info.js';
