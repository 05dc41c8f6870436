import type { MessageCategory } from '../../messaging/index.js';
import { conversationMs, type FreeReason, type PricingType } from './billing.model.js';

export interface MessagePrice {
  readonly type: PricingType;
  readonly billable: boolean;
  readonly reason: FreeReason | null;
}

/**
 * Per-message pricing (Meta, 1 July 2025): inside a free-entry-point window every message is free;
 * non-template messages are free (they can only be sent inside the customer-service window); a
 * utility template delivered while the window is open is free; every other delivered template is
 * charged at its category's rate.
 */
export function priceMessage(input: { readonly category: MessageCategory; readonly inEntryPointWindow: boolean; readonly lastInboundAt: number | null; readonly at: number }): MessagePrice {
  if (input.inEntryPointWindow) return { type: 'free_entry_point', billable: false, reason: 'free_entry_point' };
  if (input.category === 'service') return { type: 'free_customer_service', billable: false, reason: 'free_customer_service' };
  const windowOpen = input.lastInboundAt !== null && input.lastInboundAt <= input.at && input.at < input.lastInboundAt + conversationMs;
  if (input.category === 'utility' && windowOpen) return { type: 'free_customer_service', billable: false, reason: 'free_customer_service' };
  return { type: 'regular', billable: true, reason: null };
}
