import type { MessageStatus } from './message.model.js';

/**
 * Outbound status transitions, `from × event → to`. Statuses only move forward; a late `delivered`
 * after `read` is ignored rather than written, and nothing leaves `failed`.
 */
export type StatusEvent = 'sent' | 'delivered' | 'read' | 'failed';

const transitions: Readonly<Record<MessageStatus, Partial<Record<StatusEvent, MessageStatus>>>> = {
  accepted: { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' },
  sent: { delivered: 'delivered', read: 'read', failed: 'failed' },
  delivered: { read: 'read' },
  read: {},
  failed: {},
  received: {},
};

export type Transition = { readonly changed: true; readonly to: MessageStatus } | { readonly changed: false; readonly from: MessageStatus; readonly event: StatusEvent };

export function applyStatusEvent(from: MessageStatus, event: StatusEvent): Transition {
  const to = transitions[from][event];
  return to === undefined ? { changed: false, from, event } : { changed: true, to };
}
