import type { MessageStatus } from '../../messaging/index.js';

/**
 * Analytics counts an outbound message as sent once it is sent, delivered or read, and as delivered
 * once it is delivered or read; a message that fails after it was sent leaves both counts.
 */
const sentStatuses: ReadonlySet<MessageStatus> = new Set(['sent', 'delivered', 'read']);
const deliveredStatuses: ReadonlySet<MessageStatus> = new Set(['delivered', 'read']);

/** How one status change moves the counts of its message's bucket: +1, 0 or -1 each. */
export interface CountMove {
  readonly sent: number;
  readonly delivered: number;
}

export function countMove(from: MessageStatus, to: MessageStatus): CountMove {
  return {
    sent: Number(sentStatuses.has(to)) - Number(sentStatuses.has(from)),
    delivered: Number(deliveredStatuses.has(to)) - Number(deliveredStatuses.has(from)),
  };
}

/** Counts are kept per half hour of a message's creation: every granularity is made of whole half hours. */
export const messageCountBucketMs = 1_800_000;
