import { describe, expect, it } from 'vitest';
import { renderConversation, type ConversationMessage } from './conversation.view.js';

const message = (overrides: Partial<ConversationMessage>): ConversationMessage => ({
  direction: 'outbound',
  phone_number_id: '111',
  text: { body: 'Ada, kak!' },
  status: 'delivered',
  timestamp: '2026-11-25T09:00:05.000Z',
  ...overrides,
});

describe('renderConversation', () => {
  it('draws read ticks in blue on a terminal and as plain text elsewhere', () => {
    const answer = { wa_id: '15550100001', data: [message({ status: 'read' })] };
    expect(renderConversation(answer, { color: true })).toContain('\u001b[34m✓✓ read\u001b[39m');
    expect(renderConversation(answer, { color: false })).toContain('2026-11-25 09:00:05  business  Ada, kak!  ✓✓ read\n');
  });

  it('shows one chat per business number, each oldest first, with no ticks on what the user wrote until the business reads it', () => {
    const answer = {
      wa_id: '15550100001',
      data: [
        message({ direction: 'inbound', status: 'received', text: { body: 'Halo' }, timestamp: '2026-11-25T09:00:00.000Z' }),
        message({ phone_number_id: '222', text: { body: 'Promo' }, status: 'failed', error_code: 131047, timestamp: '2026-11-25T09:00:03.000Z' }),
        message({}),
      ],
    };
    expect(renderConversation(answer, { color: false })).toBe(
      [
        'Chat of +15550100001 with business number 111 (UTC, oldest first)',
        '2026-11-25 09:00:00  user      Halo',
        '2026-11-25 09:00:05  business  Ada, kak!  ✓✓ delivered',
        '',
        'Chat of +15550100001 with business number 222 (UTC, oldest first)',
        '2026-11-25 09:00:03  business  Promo  ✗ failed (131047)',
        '',
      ].join('\n'),
    );
  });

  it('ends a multi-line message with its ticks, quotes the message a reply answers and draws reactions on their message', () => {
    const answer = {
      wa_id: '15550100001',
      data: [
        message({ id: 'wamid.A', direction: 'inbound', status: 'read', type: 'text', text: { body: 'Mau kirim ke Bandung' }, reactions: { business: '👍' }, timestamp: '2026-11-25T09:00:00.000Z' }),
        message({
          id: 'wamid.B',
          type: 'interactive',
          interactive: { type: 'button', body: 'Jadwal ulang?', buttons: [{ id: 'yes', title: 'Ya', kind: 'reply' }] },
          context: { id: 'wamid.A' },
          status: 'delivered',
        }),
        message({ direction: 'inbound', status: 'received', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Ya' } }, context: { id: 'wamid.B' }, timestamp: '2026-11-25T09:00:09.000Z' }),
      ],
    };
    expect(renderConversation(answer, { color: false })).toBe(
      [
        'Chat of +15550100001 with business number 111 (UTC, oldest first)',
        '2026-11-25 09:00:00  user      Mau kirim ke Bandung',
        '                               reactions: 👍 business  ✓✓ read',
        '2026-11-25 09:00:05  business  ↪ replying to "Mau kirim ke Bandung"',
        '                               Jadwal ulang?',
        '                               [Ya] (id yes)  ✓✓ delivered',
        '2026-11-25 09:00:09  user      ↪ replying to "Jadwal ulang?"',
        '                               tapped [Ya] (id yes)',
        '',
      ].join('\n'),
    );
  });

  it('says so when the phone has no message yet', () => {
    expect(renderConversation({ wa_id: '15550100001', data: [] }, { color: false })).toBe('No messages on the phone of +15550100001 yet.\n');
  });
});
