/**
 * A message as the simulator API shows it: who sent it, its status, a one-line preview in `text.body`,
 * and its content under its type (`image`, `interactive`, `order`…; a text's is `text` itself), as the
 * phone would draw it. Reactions are drawn on the message they react to, the latest of each side winning.
 */
import { encodeWamid, decodeWamid } from '../../wire/index.js';
import type { MessageRecord, ReactionContent, ReceivedMessage } from '../../core/messaging/index.js';

export type MessageView = Record<string, unknown> & { readonly id: string };

function wamidOf(message: Pick<MessageRecord, 'waId' | 'key'>): string {
  return encodeWamid({ waId: message.waId, key: message.key });
}

/** The content of a message under its type's name, as the Cloud API names it. */
function contentView(message: MessageRecord): Record<string, unknown> {
  const { referral, ...content } = message.content;
  const byType = message.type === 'contacts' ? { contacts: content['contacts'] } : { [message.type]: content };
  return { ...byType, ...(referral === undefined ? {} : { referral }) };
}

/**
 * One line of what the phone shows, for every type: the body of a text, an interactive message or a
 * template, a caption, a tapped button's title, else the type. Clients that draw only text (and
 * older readers of this API) read it as `text.body`.
 */
function preview(message: MessageRecord): string {
  const content = message.content;
  const reply = (content['button_reply'] ?? content['list_reply']) as { title?: unknown } | undefined;
  const flowReply = content['nfm_reply'] as { body?: unknown } | undefined;
  for (const candidate of [content.body, content['caption'], content['text'], reply?.title, flowReply?.body]) if (typeof candidate === 'string' && candidate !== '') return candidate;
  return `[${message.type}]`;
}

export function messageView(message: MessageRecord, contextKey = message.contextKey): MessageView {
  return {
    id: wamidOf(message),
    direction: message.direction,
    phone_number_id: message.phoneNumberId,
    wa_id: message.waId,
    type: message.type,
    text: { body: preview(message) },
    ...contentView(message),
    ...(contextKey === null ? {} : { context: { id: encodeWamid({ waId: message.waId, key: contextKey }) } }),
    status: message.status,
    ...(message.errorCode === null ? {} : { error_code: message.errorCode }),
    timestamp: new Date(message.createdAt).toISOString(),
  };
}

/**
 * What the simulator answers when a user sends something: the message as their phone shows it. One
 * the business never got (it blocked the user) shows `status: "sent"` (one tick) and says why in
 * `withheld`; it is not stored, so it is not in the conversation afterwards.
 */
export function receivedAnswer(received: ReceivedMessage): Record<string, unknown> {
  return { message: messageView(received.message), ...(received.withheld === undefined ? {} : { withheld: received.withheld }) };
}

/** Whether a reaction reached the other side (a business reaction only ever reports `sent`). */
function landed(message: MessageRecord): boolean {
  return message.direction === 'inbound' || message.status === 'sent' || message.status === 'delivered' || message.status === 'read';
}

/**
 * The conversation, oldest first, with each landed reaction folded into the message it reacts to
 * (`reactions: {user, business}`); a reaction whose message is not in the page stays a line of its own.
 */
export function conversationView(messages: readonly MessageRecord[]): MessageView[] {
  const views: MessageView[] = [];
  const byKey = new Map<string, Record<string, unknown>>();
  for (const message of messages) {
    if (message.type === 'reaction' && landed(message)) {
      const reaction = message.content as Partial<ReactionContent>;
      const target = byKey.get(decodeWamid(reaction.message_id ?? '')?.key ?? '');
      if (target !== undefined) {
        const side = message.direction === 'inbound' ? 'user' : 'business';
        const reactions = Object.fromEntries(Object.entries((target['reactions'] ?? {}) as Record<string, string>).filter(([who]) => who !== side));
        const emoji = reaction.emoji ?? '';
        target['reactions'] = emoji === '' ? reactions : { ...reactions, [side]: emoji };
        continue;
      }
    }
    const view = messageView(message);
    byKey.set(message.key, view);
    views.push(view);
  }
  return views;
}
