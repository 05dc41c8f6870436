/** `kabar sim inbox`: a simulated user's conversations as their phone shows them, one line a message. */

export interface ConversationMessage {
  readonly direction: 'inbound' | 'outbound';
  readonly phone_number_id: string;
  readonly text: { readonly body: string };
  readonly status: string;
  readonly error_code?: number;
  readonly timestamp: string;
}

export interface ConversationAnswer {
  readonly wa_id: string;
  readonly data: readonly ConversationMessage[];
}

const blue = (text: string): string => `\u001b[34m${text}\u001b[39m`;

/** Ticks of a message the business sent, as WhatsApp draws them; `read` is blue on a terminal. */
export function ticks(message: ConversationMessage, color: boolean): string {
  switch (message.status) {
    case 'accepted':
      return '… accepted';
    case 'sent':
      return '✓ sent';
    case 'delivered':
      return '✓✓ delivered';
    case 'read':
      return color ? blue('✓✓ read') : '✓✓ read';
    case 'failed':
      return `✗ failed${message.error_code === undefined ? '' : ` (${message.error_code})`}`;
    default:
      return message.status;
  }
}

/** `2026-11-25T09:00:00.000Z` → `2026-11-25 09:00:00`. */
function time(timestamp: string): string {
  return timestamp.replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '');
}

function line(message: ConversationMessage, color: boolean): string {
  const who = message.direction === 'inbound' ? 'user' : 'business';
  const indent = ' '.repeat(19 + 2 + 8 + 2);
  const body = message.text.body.replace(/\n/g, `\n${indent}`);
  return `${time(message.timestamp)}  ${who.padEnd(8)}  ${body}${message.direction === 'outbound' ? `  ${ticks(message, color)}` : ''}`;
}

/**
 * One block per business number the user talks to (a phone shows one chat per business), oldest
 * message first, times in UTC on the simulated clock.
 */
export function renderConversation(answer: ConversationAnswer, options: { readonly color: boolean }): string {
  if (answer.data.length === 0) return `No messages on the phone of +${answer.wa_id} yet.\n`;
  const chats = new Map<string, ConversationMessage[]>();
  for (const message of answer.data) chats.set(message.phone_number_id, [...(chats.get(message.phone_number_id) ?? []), message]);
  const blocks = [...chats].map(([phoneNumberId, messages]) =>
    [`Chat of +${answer.wa_id} with business number ${phoneNumberId} (UTC, oldest first)`, ...messages.map((message) => line(message, options.color))].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}
