/**
 * Analytics: the `analytics`, `pricing_analytics` and `conversation_analytics` fields of a WhatsApp
 * Business Account. It owns reading their modifiers and turning the aggregates the store reads
 * (messages, the billing ledger) into Graph's series, in UTC buckets.
 */
export * from './domain/analytics.model.js';
export * from './domain/analytics-query.js';
export * from './domain/series.js';
export * from './domain/message-counts.js';
export * from './ports.js';
export * from './application/waba-analytics.js';
