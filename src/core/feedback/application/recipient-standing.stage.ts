/**
 * What a user's own choices do to a send (send stage, position 700). A marketing template to a user
 * who stopped the business's marketing messages is accepted, then fails with 131050. Anything to a
 * user who blocked the business number is accepted, then fails with 131026 "Message undeliverable":
 * WhatsApp does not tell a business who blocked it, and that is the code it reports.
 */
import { proceed, type SendStage } from '../../messaging/index.js';
import type { UserStandings } from '../ports.js';

export function recipientStandingStage(standings: UserStandings): SendStage {
  return {
    name: 'recipient-standing',
    check(context) {
      const { blocked, stoppedMarketing } = standings.standing(context.number.id, context.message.waId);
      if (blocked) {
        return { outcome: 'fail', errorCode: 131026, details: `Message undeliverable: ${context.message.waId} cannot receive messages from this business number.` };
      }
      if (stoppedMarketing && context.message.category === 'marketing') {
        return { outcome: 'fail', errorCode: 131050, details: `${context.message.waId} stopped marketing messages from this business; send utility or service messages, or wait until they resume marketing messages.` };
      }
      return proceed;
    },
  };
}
