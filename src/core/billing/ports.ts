import { recordKind } from '../shared/index.js';
import type { Charge, Conversation, ConversationOrigin, EntryPoint, Market, PricingModel } from './domain/billing.model.js';

/** What billing adds to a unit of work: conversations opened and closed, ledger lines, ad entry points. */
export const conversationOpened = recordKind<Conversation>('billing.conversation-opened');
export const conversationsClosed = recordKind<{ readonly ids: readonly string[]; readonly at: number }>('billing.conversations-closed');
export const charged = recordKind<Charge>('billing.charged');
export const entryPointRecorded = recordKind<EntryPoint & { readonly businessId: string }>('billing.entry-point');

/** Service conversations a WABA opened in a month (the pre-November-2024 free tier counts them). */
export interface ServiceCount {
  readonly wabaId: string;
  readonly month: string;
  readonly count: number;
}

/** What the in-memory conversation book is rebuilt from at start. */
export interface BillingSnapshot {
  readonly conversations: readonly Conversation[];
  readonly entryPoints: readonly EntryPoint[];
  readonly serviceCounts: readonly ServiceCount[];
}

export interface ChargeFilter {
  readonly from: number;
  readonly to: number;
  readonly businessId?: string;
}

export interface LedgerFilter extends ChargeFilter {
  /** Keys after this one (oldest first paging). */
  readonly after?: string;
  readonly limit: number;
}

export interface ConversationFilter {
  readonly businessId?: string;
  readonly phoneNumberId?: string;
  readonly waId?: string;
  /** Only conversations open at this time. */
  readonly openAt?: number;
  readonly limit: number;
}

/** Totals of a ledger slice, by category, market, model and currency. */
export interface ChargeTotalRow {
  readonly pricingModel: PricingModel;
  readonly category: ConversationOrigin;
  readonly market: Market;
  readonly currency: string;
  readonly billable: number;
  readonly free: number;
  readonly amountMicros: number;
}

export interface BillingRepository {
  /** What the book needs at `now`: open conversations, recent ad entry points, this month's service counts. */
  snapshot(now: number): Promise<BillingSnapshot>;
  listCharges(filter: LedgerFilter): Promise<Charge[]>;
  totals(filter: ChargeFilter): Promise<ChargeTotalRow[]>;
  listConversations(filter: ConversationFilter): Promise<Conversation[]>;
}
