import { proceed, type SendStage } from '../../messaging/index.js';
import { sendingRefusal } from '../domain/sending.policy.js';

/** Position 100: a number that may not send (not registered, Pending, Offline, banned, in maintenance) is refused before anything else. */
export const numberMaySendStage: SendStage = {
  name: 'number-may-send',
  check(context) {
    const refusal = sendingRefusal(context.number, context.now);
    return refusal === undefined ? proceed : { outcome: 'refuse', error: refusal };
  },
};
