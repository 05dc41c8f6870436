/**
 * Consent: the append-only opt-in ledger (each opt-in with its source, time, consent text and
 * proof, per category), withdrawals by API or keyword, opt-in links and QR codes, and the opt-in
 * check on templates — a switch on the Graph surface, on by default for the CRM's own sends.
 */
export * from './domain/opt-in.model.js';
export * from './domain/consent.policy.js';
export * from './domain/opt-in-link.js';
export * from './ports.js';
export * from './application/consent-policy.js';
export * from './application/record-consent.js';
export * from './application/opt-in-links.js';
export * from './application/consent-stages.js';
export * from './application/crm-send-check.js';
