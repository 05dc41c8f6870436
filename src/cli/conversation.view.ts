/** `kabar sim inbox`: a simulated user's conversations as their phone shows them, oldest first. */
import { contentLines, quote } from './message-lines.js';

export interface ConversationMessage {
  readonly id?: string;
  readonly direction: 'inbound' | 'outbound';
  readonly phone_number_id: string;
  readonly type?: string;
  readonly status: string;
  readonly error_code?: number;
  readonly timestamp: string;
  readonly context?: { readonly id: string };
  /** The latest reaction of each side on this message. */
  readonly reactions?: { readonly user?: string; readonly business?: string };
  /** The content, under the message's type (`text`, `image`, `interactive`, …). */
  readonly [field: string]: unknown;
}

export interface ConversationAnswer {
  readonly wa_id: string;
  readonly data: readonly ConversationMessage[];
}

const blue = (text: string): string => `\u001b[34m${text}\u001b[39m`;

/**
 * Ticks as WhatsApp draws them, `read` in blue on a terminal: on what the business sent, and on
 * what the user wrote once the business has read it (a read receipt).
 */
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
    case 'received':
      return '';
    default:
      return message.status;
  }
}

/** `2026-11-25T09:00:00.000Z` → `2026-11-25 09:00:00`. */
function time(timestamp: string): string {
  return timestamp.replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '');
}

const indent = ' '.repeat(19 + 2 + 8 + 2);

function reactionLine(reactions: ConversationMessage['reactions']): string[] {
  const shown = Object.entries(reactions ?? {}).map(([who, emoji]) => `${emoji} ${who}`);
  return shown.length === 0 ? [] : [`reactions: ${shown.join(', ')}`];
}

function block(message: ConversationMessage, byId: ReadonlyMap<string, ConversationMessage>, color: boolean): string {
  const who = message.direction === 'inbound' ? 'user' : 'business';
  const replied = message.context === undefined ? undefined : byId.get(message.context.id);
  const context = message.context === undefined ? [] : [replied === undefined ? '↪ replying to an earlier message' : `↪ replying to "${quote(replied)}"`];
  const body = [...context, ...contentLines(message), ...reactionLine(message.reactions)];
  const tick = ticks(message, color);
  if (tick !== '') body[body.length - 1] = `${body[body.length - 1] ?? ''}  ${tick}`;
  return `${time(message.timestamp)}  ${who.padEnd(8)}  ${body.join(`\n${indent}`)}`;
}

/**
 * One block per business number the user talks to (a phone shows one chat per business), oldest
 * message first, times in UTC on the simulated clock.
 */
export function renderConversation(answer: ConversationAnswer, options: { readonly color: boolean }): string {
  if (answer.data.length === 0) return `No messages on the phone of +${answer.wa_id} yet.\n`;
  const byId = new Map(answer.data.flatMap((message) => (message.id === undefined ? [] : [[message.id, message] as const])));
  const chats = new Map<string, ConversationMessage[]>();
  for (const message of answer.data) chats.set(message.phone_number_id, [...(chats.get(message.phone_number_id) ?? []), message]);
  const blocks = [...chats].map(([phoneNumberId, messages]) =>
    [`Chat of +${answer.wa_id} with business number ${phoneNumberId} (UTC, oldest first)`, ...messages.map((message) => block(message, byId, options.color))].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}
