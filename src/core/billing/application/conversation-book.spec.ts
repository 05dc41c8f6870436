import { describe, expect, it } from 'vitest';
import type { PhoneNumber } from '../../accounts/index.js';
import type { MessageCategory, MessageRecord, StatusAddition, StatusEvent } from '../../messaging/index.js';
import type { PricingProfile } from '../../policy/index.js';
import { payloadsOf, unitOf } from '../../shared/index.js';
import type { Charge } from '../domain/billing.model.js';
import { charged, conversationOpened, conversationsClosed } from '../ports.js';
import { ConversationBook, conversationIdFor } from './conversation-book.js';

const hour = 3_600_000;
const start = Date.UTC(2026, 10, 25, 9);
const number = { id: '100', wabaId: '200', businessId: '300', phoneNumber: '15550100000' } as PhoneNumber;
const user = '6281234567001';

let sequence = 0;
function message(category: MessageCategory, waId = user): MessageRecord {
  sequence += 1;
  return {
    key: `0000000000${String(sequence).padStart(8, '0')}00`,
    businessId: number.businessId,
    wabaId: number.wabaId,
    phoneNumberId: number.id,
    direction: 'outbound',
    waId,
    type: category === 'service' ? 'text' : 'template',
    content: {},
    category: category === 'service' ? null : category,
    status: 'accepted',
    errorCode: null,
    contextKey: null,
    bizOpaqueCallbackData: null,
    idempotencyKey: null,
    requestFingerprint: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

function book(profile: PricingProfile, lastInboundAt: number | null = null): ConversationBook {
  return new ConversationBook({ profileOf: () => Promise.resolve(profile), rateCardsOf: () => Promise.resolve(undefined), lastInboundAt: () => Promise.resolve(lastInboundAt) });
}

/** Applies one status to a message, moving it forward as the messaging module would. */
async function apply(target: ConversationBook, record: MessageRecord, event: StatusEvent, at: number): Promise<{ addition: StatusAddition; message: MessageRecord }> {
  const addition = await target.onStatus({ number, message: record, event, at });
  return { addition, message: { ...record, status: event } };
}

/** Sent at `at`, delivered a second later; the records both statuses added. */
async function deliver(target: ConversationBook, record: MessageRecord, at: number): Promise<{ sent: StatusAddition; delivered: StatusAddition }> {
  const sent = await apply(target, record, 'sent', at);
  const delivered = await apply(target, sent.message, 'delivered', at + 1_000);
  return { sent: sent.addition, delivered: delivered.addition };
}

const chargesOf = (...additions: StatusAddition[]): Charge[] => additions.flatMap((addition) => payloadsOf(unitOf(addition.records ?? []), charged));
const pricingOf = (addition: StatusAddition): unknown => addition.payload?.['pricing'];
const conversationOf = (addition: StatusAddition): { id: string; origin: { type: string } } | undefined => addition.payload?.['conversation'] as { id: string; origin: { type: string } } | undefined;

describe('conversation-based pricing (2022-02)', () => {
  it('opens a free 72 h entry-point conversation when the business answers an ad message within 24 h, closing the others and covering every later message', async () => {
    const target = book('2022-02');
    const marketing = await deliver(target, message('marketing'), start);
    const ad = { ...message('service'), direction: 'inbound' as const, content: { body: 'Info', referral: { source_type: 'ad' } } };
    target.recordEntryPoint(number, ad, start + hour);
    const reply = message('service');
    const answered = await deliver(target, reply, start + 2 * hour);
    const entryId = conversationIdFor(reply.key, 'referral_conversion');
    expect(conversationOf(answered.sent)).toEqual({ id: entryId, expiration_timestamp: String((start + 2 * hour + 72 * hour) / 1000), origin: { type: 'referral_conversion' } });
    expect(pricingOf(answered.delivered)).toEqual({ billable: false, pricing_model: 'CBP', category: 'referral_conversion' });
    expect(payloadsOf(unitOf(answered.delivered.records ?? []), conversationsClosed)).toEqual([{ ids: [conversationOf(marketing.delivered)?.id], at: start + 2 * hour + 1_000 }]);
    expect(chargesOf(answered.delivered)).toEqual([expect.objectContaining({ category: 'referral_conversion', billable: false, reason: 'free_entry_point', amountMicros: 0, endsAt: start + 2 * hour + 1_000 + 72 * hour })]);
    // Two days later a marketing template still belongs to the free entry point: nothing new opens.
    const later = await deliver(target, message('marketing'), start + 50 * hour);
    expect(conversationOf(later.delivered)?.id).toBe(entryId);
    expect(chargesOf(later.sent, later.delivered)).toEqual([]);
    // Once it ends, a template opens its own conversation again.
    const after = await deliver(target, message('marketing'), start + 80 * hour);
    expect(chargesOf(after.delivered)).toEqual([expect.objectContaining({ category: 'marketing', billable: true, amountMicros: 41_100 })]);
  });

  it('opens no free entry point when the answer comes more than 24 h after the ad message', async () => {
    const target = book('2022-02');
    target.recordEntryPoint(number, message('service'), start);
    const reply = await deliver(target, message('service'), start + 25 * hour);
    expect(chargesOf(reply.delivered)).toEqual([expect.objectContaining({ category: 'service' })]);
  });

  it('gives the first 1,000 service conversations of a month free before November 2024 (billable in the webhook), then charges them', async () => {
    const target = book('2022-02');
    const september = Date.UTC(2024, 8, 2);
    target.restore({ conversations: [], entryPoints: [], serviceCounts: [{ wabaId: number.wabaId, month: '2024-09', count: 999 }] });
    const thousandth = await deliver(target, message('service', '6281200000001'), september);
    const thousandFirst = await deliver(target, message('service', '6281200000002'), september);
    expect(pricingOf(thousandth.delivered)).toEqual({ billable: true, pricing_model: 'CBP', category: 'service' });
    expect(chargesOf(thousandth.delivered)).toEqual([expect.objectContaining({ billable: false, reason: 'free_tier', rateMicros: 19_000, amountMicros: 0 })]);
    expect(chargesOf(thousandFirst.delivered)).toEqual([expect.objectContaining({ billable: true, reason: null, amountMicros: 19_000 })]);
    const october = await deliver(target, message('service', '6281200000003'), Date.UTC(2024, 9, 1));
    expect(chargesOf(october.delivered)).toEqual([expect.objectContaining({ reason: 'free_tier' })]);
    const november = await deliver(target, message('service', '6281200000004'), Date.UTC(2024, 10, 1));
    expect(pricingOf(november.delivered)).toEqual({ billable: false, pricing_model: 'CBP', category: 'service' });
    expect(chargesOf(november.delivered)).toEqual([expect.objectContaining({ reason: 'free_service' })]);
  });

  it('opens one conversation for templates sent together, whichever is delivered first, and none for a message that failed', async () => {
    const target = book('2022-02');
    const first = message('marketing');
    const second = message('marketing');
    const failing = message('utility');
    const sentFirst = await apply(target, first, 'sent', start);
    const sentSecond = await apply(target, second, 'sent', start + 10);
    await apply(target, failing, 'sent', start + 20);
    expect(conversationOf(sentSecond.addition)?.id).toBe(conversationOf(sentFirst.addition)?.id);
    const deliveredSecond = await apply(target, sentSecond.message, 'delivered', start + 500);
    const deliveredFirst = await apply(target, sentFirst.message, 'delivered', start + 900);
    await apply(target, { ...failing, status: 'sent' }, 'failed', start + 950);
    expect(chargesOf(deliveredSecond.addition)).toEqual([expect.objectContaining({ key: conversationOf(sentFirst.addition)?.id, messageKey: second.key, at: start + 500 })]);
    expect(chargesOf(deliveredFirst.addition)).toEqual([]);
    expect(conversationOf(deliveredFirst.addition)?.id).toBe(conversationOf(sentFirst.addition)?.id);
    // The failed utility template reserved a conversation that never opened: the next one opens afresh.
    const next = message('utility');
    const nextUtility = await deliver(target, next, start + hour);
    expect(chargesOf(nextUtility.delivered)).toEqual([expect.objectContaining({ key: conversationIdFor(next.key, 'utility'), category: 'utility' })]);
  });

  it('opens the announced conversation when the template that announced it fails and another one sent with it is delivered', async () => {
    const target = book('2022-02');
    const first = message('marketing');
    const second = message('marketing');
    const sentFirst = await apply(target, first, 'sent', start);
    const sentSecond = await apply(target, second, 'sent', start + 10);
    await apply(target, sentFirst.message, 'failed', start + 400);
    const delivered = await apply(target, sentSecond.message, 'delivered', start + 500);
    const announced = conversationIdFor(first.key, 'marketing');
    expect(conversationOf(sentSecond.addition)?.id).toBe(announced);
    expect(conversationOf(delivered.addition)?.id).toBe(announced);
    expect(chargesOf(delivered.addition)).toEqual([expect.objectContaining({ key: announced, messageKey: second.key })]);
  });

  it('adds the same records when a status is applied again after its batch failed to commit', async () => {
    const target = book('2022-02');
    const sent = await apply(target, message('marketing'), 'sent', start);
    const once = await target.onStatus({ number, message: sent.message, event: 'delivered', at: start + 1_000 });
    const again = await target.onStatus({ number, message: sent.message, event: 'delivered', at: start + 1_000 });
    expect(again).toBe(once);
    expect(payloadsOf(unitOf(again.records ?? []), conversationOpened)).toHaveLength(1);
  });

  it('carries the delivery on a read that came without delivered, and nothing on a read after delivered', async () => {
    const target = book('2022-02');
    const sent = await apply(target, message('utility'), 'sent', start);
    const read = await apply(target, sent.message, 'read', start + 1_000);
    expect(chargesOf(read.addition)).toHaveLength(1);
    const other = await deliver(target, message('utility', '6281299999999'), start);
    const readAfter = await target.onStatus({ number, message: { ...message('utility', '6281299999999'), status: 'delivered' }, event: 'read', at: start + 5_000 });
    expect(other.delivered.payload).toBeDefined();
    expect(readAfter).toEqual({});
  });
});

describe('per-message pricing (2025-07)', () => {
  it('makes every message inside a free-entry-point window free, with a per-window conversation', async () => {
    const target = book('2025-07');
    target.recordEntryPoint(number, message('service'), start);
    const reply = message('service');
    const answered = await deliver(target, reply, start + hour);
    const windowId = conversationIdFor(reply.key, 'referral_conversion');
    expect(answered.sent.payload).toEqual({
      conversation: { id: windowId, expiration_timestamp: String((start + hour + 72 * hour) / 1000), origin: { type: 'referral_conversion' } },
      pricing: { billable: false, pricing_model: 'PMP', type: 'free_entry_point', category: 'service' },
    });
    const marketing = await deliver(target, message('marketing'), start + 30 * hour);
    expect(marketing.delivered.payload).toEqual({ conversation: { id: windowId, origin: { type: 'referral_conversion' } }, pricing: { billable: false, pricing_model: 'PMP', type: 'free_entry_point', category: 'marketing' } });
    expect(chargesOf(marketing.delivered)).toEqual([expect.objectContaining({ unit: 'message', category: 'marketing', pricingType: 'free_entry_point', conversationId: windowId, rateMicros: 41_100, amountMicros: 0 })]);
    const after = await deliver(target, message('marketing'), start + 80 * hour);
    expect(after.delivered.payload).toEqual({ pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' } });
  });

  it('charges an authentication template even inside the customer-service window, and frees a utility one', async () => {
    const target = book('2025-07', start);
    const authentication = await deliver(target, message('authentication'), start + hour);
    const utility = await deliver(target, message('utility'), start + hour);
    expect(chargesOf(authentication.delivered)).toEqual([expect.objectContaining({ billable: true, pricingType: 'regular', amountMicros: 25_000 })]);
    expect(chargesOf(utility.delivered)).toEqual([expect.objectContaining({ billable: false, pricingType: 'free_customer_service', reason: 'free_customer_service' })]);
  });
});

describe('a status whose inputs are held in memory', () => {
  const heldBook = (profile: PricingProfile): ConversationBook => new ConversationBook({ profileOf: () => profile, rateCardsOf: () => undefined, lastInboundAt: () => null });

  it.each<PricingProfile>(['2022-02', '2025-07'])('is priced at once under %s, as the same book would price it through promises', async (profile) => {
    const held = heldBook(profile);
    const read = book(profile);
    const utility = message('utility');
    const service = message('service');
    for (const [record, event, at] of [
      [utility, 'sent', start],
      [{ ...utility, status: 'sent' }, 'delivered', start + 1_000],
      [{ ...utility, status: 'delivered' }, 'read', start + 2_000],
      [service, 'sent', start + 3_000],
      [{ ...service, status: 'sent' }, 'read', start + 4_000],
    ] as const) {
      const context = { number, message: record as MessageRecord, event, at };
      const atOnce = held.onStatus(context);
      expect(atOnce).not.toBeInstanceOf(Promise);
      const promised = read.onStatus(context);
      // A read after the delivery carries nothing and looks nothing up, in either book.
      if (record.status === 'delivered') expect(promised).not.toBeInstanceOf(Promise);
      else expect(promised).toBeInstanceOf(Promise);
      expect(atOnce).toEqual(await promised);
    }
  });
});
