import type { ConversationOrigin, FreeReason, PricingType } from '../../billing/index.js';

/** The three analytics fields of a WhatsApp Business Account node. */
export type AnalyticsFieldName = 'analytics' | 'conversation_analytics' | 'pricing_analytics';
export const analyticsFieldNames: readonly AnalyticsFieldName[] = ['analytics', 'conversation_analytics', 'pricing_analytics'];

/** Bucket sizes, whatever a field calls them (`DAY` on `analytics`, `DAILY` on the others). */
export type Bucket = 'half_hour' | 'day' | 'month';

export type PricingDimension = 'PRICING_CATEGORY' | 'PRICING_TYPE' | 'COUNTRY' | 'PHONE';
export type ConversationDimension = 'CONVERSATION_CATEGORY' | 'CONVERSATION_TYPE' | 'CONVERSATION_DIRECTION' | 'COUNTRY' | 'PHONE';

/** A WABA number as analytics names it: its id and its digits without the plus. */
export interface AnalyticsNumber {
  readonly id: string;
  readonly digits: string;
}

interface CommonQuery {
  readonly from: number;
  readonly to: number;
  readonly bucket: Bucket;
  /** The numbers asked for (digits), or undefined for all of the WABA's. */
  readonly phoneNumbers: readonly string[] | undefined;
  readonly countryCodes: readonly string[] | undefined;
}

export interface MessagingQuery extends CommonQuery {
  readonly field: 'analytics';
}

export interface PricingQuery extends CommonQuery {
  readonly field: 'pricing_analytics';
  readonly metrics: readonly ('COST' | 'VOLUME')[];
  readonly dimensions: readonly PricingDimension[];
  readonly pricingTypes: readonly string[] | undefined;
  readonly pricingCategories: readonly string[] | undefined;
}

export interface ConversationQuery extends CommonQuery {
  readonly field: 'conversation_analytics';
  readonly metrics: readonly ('COST' | 'CONVERSATION')[];
  readonly dimensions: readonly ConversationDimension[];
  readonly conversationTypes: readonly string[] | undefined;
  readonly conversationDirections: readonly string[] | undefined;
  readonly conversationCategories: readonly string[] | undefined;
}

export type AnalyticsQuery = MessagingQuery | PricingQuery | ConversationQuery;

/** What a repository reads: one WABA's numbers over [from, to), in buckets of `bucketMs` from the epoch (UTC). */
export interface AnalyticsScope {
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberIds: readonly string[];
  readonly from: number;
  readonly to: number;
  readonly bucketMs: number;
}

/** Outbound messages of a bucket. */
export interface MessageCountRow {
  readonly bucketStart: number;
  readonly sent: number;
  readonly delivered: number;
}

/** Per-message ledger lines of a bucket, by every dimension. */
export interface PricingRow {
  readonly bucketStart: number;
  readonly phoneNumberId: string;
  readonly country: string | null;
  readonly category: ConversationOrigin;
  readonly pricingType: PricingType | null;
  readonly volume: number;
  readonly amountMicros: number;
}

/** Conversation ledger lines (conversation-based pricing) of a bucket, by every dimension. */
export interface ConversationRow {
  readonly bucketStart: number;
  readonly phoneNumberId: string;
  readonly country: string | null;
  readonly origin: ConversationOrigin;
  readonly reason: FreeReason | null;
  readonly conversations: number;
  readonly amountMicros: number;
}
