import type { AnalyticsScope, ConversationRow, MessageCountRow, PricingRow } from './domain/analytics.model.js';

/** Aggregates read in the database: rows per bucket, never per message. */
export interface AnalyticsRepository {
  /** Outbound messages created in each bucket (from the half hour `from` falls in), sent and delivered, to users of these countries when given. */
  messageCounts(scope: AnalyticsScope & { readonly countryCodes: readonly string[] | undefined }): Promise<MessageCountRow[]>;
  /** Ledger lines of per-message pricing charged in each bucket. */
  pricingRows(scope: AnalyticsScope): Promise<PricingRow[]>;
  /** Ledger lines of conversation-based pricing (one a conversation) opened in each bucket. */
  conversationRows(scope: AnalyticsScope): Promise<ConversationRow[]>;
}
