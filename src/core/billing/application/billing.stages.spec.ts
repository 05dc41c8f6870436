import { describe, expect, it } from 'vitest';
import type { PhoneNumber } from '../../accounts/index.js';
import type { MessageRecord } from '../../messaging/index.js';
import { payloadsOf, unitOf } from '../../shared/index.js';
import { entryPointRecorded } from '../ports.js';
import { entryPointInboundStage } from './billing.stages.js';
import { ConversationBook } from './conversation-book.js';

const number = { id: '100', wabaId: '200', businessId: '300', phoneNumber: '15550100000' } as PhoneNumber;
const at = Date.UTC(2026, 10, 25, 9);

function inbound(content: MessageRecord['content']): MessageRecord {
  return {
    key: '0000000000000000AA00', businessId: '300', wabaId: '200', phoneNumberId: '100', direction: 'inbound', waId: '6281234567001', type: 'text', content, category: null,
    status: 'received', errorCode: null, contextKey: null, bizOpaqueCallbackData: null, idempotencyKey: null, requestFingerprint: null, createdAt: at, updatedAt: at,
  };
}

describe('the entry-point inbound stage', () => {
  const book = new ConversationBook({ profileOf: () => Promise.resolve('2022-02'), rateCardsOf: () => Promise.resolve(undefined), lastInboundAt: () => Promise.resolve(null) });
  const stage = entryPointInboundStage(book);

  it('records an entry point for a message that came through a click-to-WhatsApp ad', async () => {
    const addition = await stage.onInbound({ number, message: inbound({ body: 'Info', referral: { source_type: 'ad', source_url: 'https://fb.me/x' } }), profileName: 'Siti', now: at });
    expect(payloadsOf(unitOf(addition.records ?? []), entryPointRecorded)).toEqual([{ messageKey: '0000000000000000AA00', phoneNumberId: '100', waId: '6281234567001', at, businessId: '300' }]);
  });

  it('records nothing for an ordinary message', async () => {
    expect(await stage.onInbound({ number, message: inbound({ body: 'Halo' }), profileName: 'Siti', now: at })).toEqual({});
  });
});
