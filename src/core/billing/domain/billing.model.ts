import type { MessageCategory } from '../../messaging/index.js';

/** Conversation-based pricing (the `2022-02` profile) or per-message pricing (`2025-07`). */
export type PricingModel = 'CBP' | 'PMP';

/** What opened a conversation: a message category, or a free entry point (click-to-WhatsApp ad). */
export type ConversationOrigin = MessageCategory | 'referral_conversion';

/** The `pricing.type` of per-message pricing. */
export type PricingType = 'regular' | 'free_customer_service' | 'free_entry_point';

/**
 * Why a charge cost nothing: a free entry point, the customer-service window (per-message pricing),
 * the first 1,000 service conversations of a month, or service conversations being free altogether.
 */
export type FreeReason = 'free_entry_point' | 'free_customer_service' | 'free_tier' | 'free_service';

/** Rate-card markets, from the recipient's country calling code. */
export type Market = 'indonesia' | 'india' | 'brazil' | 'north_america' | 'united_kingdom' | 'other';
export const markets: readonly Market[] = ['indonesia', 'india', 'brazil', 'north_america', 'united_kingdom', 'other'];

/** The categories a rate card prices. */
export type RateCategory = MessageCategory;
export const rateCategories: readonly RateCategory[] = ['marketing', 'utility', 'authentication', 'service'];

/** A conversation (or, under per-message pricing, a free-entry-point window) between a business number and a user. */
export interface Conversation {
  readonly id: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly pricingModel: PricingModel;
  readonly origin: ConversationOrigin;
  readonly openedAt: number;
  readonly expiresAt: number;
  /** A free-entry-point conversation closes the others before their time. */
  readonly closedAt: number | null;
  /** The message whose delivery opened it. */
  readonly openedBy: string;
}

/** One line of a business's ledger: a conversation (CBP) or a delivered message (PMP), billable or free with why. */
export interface Charge {
  /** The conversation id (CBP) or the message key (PMP): a charge is written once. */
  readonly key: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly unit: 'conversation' | 'message';
  readonly conversationId: string | null;
  readonly messageKey: string;
  readonly pricingModel: PricingModel;
  readonly category: ConversationOrigin;
  readonly pricingType: PricingType | null;
  readonly market: Market;
  readonly currency: string;
  /** The card's rate for the category and market, in millionths of the currency unit. */
  readonly rateMicros: number;
  /** What was charged: the rate, or 0 when free. */
  readonly amountMicros: number;
  readonly billable: boolean;
  readonly reason: FreeReason | null;
  /** The effective date of the rate card used (YYYY-MM-DD). */
  readonly rateCard: string;
  /** When it was charged: the delivery that opened the conversation or delivered the message. */
  readonly at: number;
  /** The conversation's window (CBP and free-entry-point windows); null for a per-message charge. */
  readonly startsAt: number | null;
  readonly endsAt: number | null;
}

/** A user wrote through a click-to-WhatsApp ad: a business reply within 24 h opens a free entry point. */
export interface EntryPoint {
  readonly messageKey: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly at: number;
}

/** What a status webhook carries (reference: Meta's status webhook `conversation` and `pricing`). */
export interface ConversationField {
  readonly id: string;
  readonly expiration_timestamp?: string;
  readonly origin: { readonly type: ConversationOrigin };
}

export interface PricingField {
  readonly billable: boolean;
  readonly pricing_model: PricingModel;
  readonly type?: PricingType;
  readonly category: ConversationOrigin;
}

export const hourMs = 3_600_000;
export const conversationMs = 24 * hourMs;
export const entryPointWindowMs = 72 * hourMs;
/** A business must answer an ad's message within this time for the free entry point to open. */
export const entryPointReplyMs = 24 * hourMs;
