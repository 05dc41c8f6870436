import { domainError, whenKnown } from '../../shared/index.js';
import { proceed, type InboundStage, type SendStage, type SendVerdict } from '../../messaging/index.js';
import type { BlocklistRepository } from '../ports.js';

/**
 * A number cannot message a user it blocked: the send is refused on the request itself with 131026
 * (nothing is stored or charged), since the business knows its own blocklist at send time.
 */
export function blockedRecipientStage(blocklist: BlocklistRepository): SendStage {
  return {
    name: 'blocking.recipient',
    check({ number, message }) {
      const verdict = (blocked: boolean): SendVerdict =>
        blocked
          ? { outcome: 'refuse', error: domainError('RECIPIENT_BLOCKED', `This phone number blocked ${message.waId}, so it cannot message them; unblock them first (DELETE /${number.id}/block_users).`) }
          : proceed;
      return whenKnown(blocklist.isBlocked(number.id, message.waId), verdict);
    },
  };
}

/** A blocked user's messages never reach the business: withheld before anything is stored. */
export function blockedSenderStage(blocklist: BlocklistRepository): InboundStage {
  return {
    name: 'blocking.sender',
    async withhold({ number, waId }) {
      if (!(await blocklist.isBlocked(number.id, waId))) return undefined;
      return { reason: 'blocked', details: `The business number ${number.id} blocked ${waId}: the message stays at one tick (sent) and never reaches the business.` };
    },
    onInbound: () => Promise.resolve({}),
  };
}
