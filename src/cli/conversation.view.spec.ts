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

  it('shows one chat per business number, each oldest first, with no ticks on what the user wrote', () => {
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

  it('says so when the phone has no message yet', () => {
    expect(renderConversation({ wa_id: '15550100001', data: [] }, { color: false })).toBe('No messages on the phone of +15550100001 yet.\n');
  });
});
