import type { InboundStage, StatusStage } from '../../messaging/index.js';
import type { ConversationBook } from './conversation-book.js';

/** Adds `conversation` and `pricing` to each status webhook, and the conversations and charges it causes to its unit. */
export function pricingStatusStage(book: ConversationBook): StatusStage {
  return { name: 'pricing', onStatus: (context) => book.onStatus(context) };
}

/**
 * Notes an inbound message that came through a click-to-WhatsApp ad (`referral` in its content): a
 * business message delivered within 24 h then opens a free entry point.
 */
export function entryPointInboundStage(book: ConversationBook): InboundStage {
  return {
    name: 'pricing-entry-point',
    onInbound({ number, message, now }) {
      const referral = message.content['referral'];
      if (referral === undefined || referral === null) return Promise.resolve({});
      return Promise.resolve({ records: book.recordEntryPoint(number, message, now) });
    },
  };
}
