import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdFor } from '../../src/core/billing/index.js';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, testEpoch, type TestKabar } from '../support/kabar.js';
import { approvePromo, keyOf, ledger, seconds, sendMarketing, sendText, sendUtility, statuses, usePricing, type ChargeView, type StatusView } from './support.js';

/**
 * A simulated day of one business, moved with the clock (statuses 1 s after the send and delivery
 * 1 s later): service replies to a customer, a marketing and a utility conversation overlapping
 * with the service one, a utility template to a second customer, and, the next day, a marketing
 * template after the first marketing conversation expired. The ledger and every status webhook are
 * asserted exactly under both pricing profiles.
 */
const siti = '6281234567001';
const james = '447400123456';
const hour = 3_600_000;
const iso = (at: number): string => new Date(at).toISOString();

interface Day {
  readonly text1: string;
  readonly marketing1: string;
  readonly utilityJames: string;
  readonly utilitySiti: string;
  readonly marketing2: string;
  readonly text2: string;
  readonly marketing3: string;
}

async function runDay(t: TestKabar): Promise<Day> {
  await t.userWrites('Halo, ada stok sepatu?', siti);
  const text1 = await sendText(t, siti, 'Ada, kak!');
  await t.advance('1h');
  const marketing1 = await sendMarketing(t, siti);
  await t.advance('30m');
  const utilityJames = await sendUtility(t, james);
  await t.advance('30m');
  const utilitySiti = await sendUtility(t, siti);
  await t.advance('1h');
  const marketing2 = await sendMarketing(t, siti);
  await t.advance('1m');
  const text2 = await sendText(t, siti, 'Sama-sama, kak.');
  await t.advance('22h');
  const marketing3 = await sendMarketing(t, siti);
  await t.advance('1m');
  return { text1, marketing1, utilityJames, utilitySiti, marketing2, text2, marketing3 };
}

/** When each send happened (the clock is frozen between advances). */
const sentAt = {
  text1: testEpoch,
  marketing1: testEpoch + hour,
  utilityJames: testEpoch + 1.5 * hour,
  utilitySiti: testEpoch + 2 * hour,
  marketing2: testEpoch + 3 * hour,
  text2: testEpoch + 3 * hour + 60_000,
  marketing3: testEpoch + 25 * hour + 60_000,
};
const sent = (at: number): number => at + 1_000;
const delivered = (at: number): number => at + 2_000;

function useKabar(dialect: 'sqlite' | 'postgres', pricing: '2022-02' | '2025-07'): { t: TestKabar; day: Day } {
  const running = {} as { t: TestKabar; day: Day; close: () => Promise<void> };
  beforeAll(async () => {
    const started = await startKabarWithSink(dialect);
    running.t = started.t;
    running.close = started.close;
    await usePricing(running.t, pricing);
    await approvePromo(running.t);
    running.day = await runDay(running.t);
  });
  afterAll(() => running.close());
  return running;
}

const owner = (t: TestKabar) => ({ business_id: t.demo.businessId, waba_id: t.demo.wabaId, phone_number_id: t.demo.phoneNumberId });

function conversationCharge(t: TestKabar, key: string, waId: string, category: string, market: string, rate: number, reason: string | null, openedAt: number, wamid: string): ChargeView {
  return {
    ...owner(t),
    key,
    unit: 'conversation',
    conversation_id: key,
    message_id: wamid,
    wa_id: waId,
    pricing_model: 'CBP',
    category,
    type: null,
    market,
    currency: 'USD',
    rate,
    amount: reason === null ? rate : 0,
    billable: reason === null,
    reason,
    rate_card: '2024-06-01',
    at: iso(openedAt),
    starts_at: iso(openedAt),
    ends_at: iso(openedAt + 24 * hour),
  };
}

function messageCharge(t: TestKabar, wamid: string, waId: string, category: string, type: string, market: string, rate: number, at: number): ChargeView {
  const free = type !== 'regular';
  return {
    ...owner(t),
    key: keyOf(wamid),
    unit: 'message',
    conversation_id: null,
    message_id: wamid,
    wa_id: waId,
    pricing_model: 'PMP',
    category,
    type,
    market,
    currency: 'USD',
    rate,
    amount: free ? 0 : rate,
    billable: !free,
    reason: free ? type : null,
    rate_card: '2025-07-01',
    at: iso(at),
    starts_at: null,
    ends_at: null,
  };
}

for (const dialect of dialects) {
  describe(`a simulated day under conversation-based pricing (2022-02) on ${dialect}`, () => {
    const running = useKabar(dialect, '2022-02');
    const ids = (day: Day) => ({
      service: conversationIdFor(keyOf(day.text1), 'service'),
      marketing: conversationIdFor(keyOf(day.marketing1), 'marketing'),
      utilityJames: conversationIdFor(keyOf(day.utilityJames), 'utility'),
      utilitySiti: conversationIdFor(keyOf(day.utilitySiti), 'utility'),
      marketingNextDay: conversationIdFor(keyOf(day.marketing3), 'marketing'),
    });

    it('charges exactly the conversations opened: service (free since November 2024), marketing, two utility, marketing again the next day', async () => {
      const { t, day } = running;
      const id = ids(day);
      expect(await ledger(t)).toEqual([
        conversationCharge(t, id.service, siti, 'service', 'indonesia', 0.019, 'free_service', delivered(sentAt.text1), day.text1),
        conversationCharge(t, id.marketing, siti, 'marketing', 'indonesia', 0.0411, null, delivered(sentAt.marketing1), day.marketing1),
        conversationCharge(t, id.utilityJames, james, 'utility', 'united_kingdom', 0.022, null, delivered(sentAt.utilityJames), day.utilityJames),
        conversationCharge(t, id.utilitySiti, siti, 'utility', 'indonesia', 0.02, null, delivered(sentAt.utilitySiti), day.utilitySiti),
        conversationCharge(t, id.marketingNextDay, siti, 'marketing', 'indonesia', 0.0411, null, delivered(sentAt.marketing3), day.marketing3),
      ]);
    });

    it('puts conversation and pricing on sent (with the expiry) and on delivered, nothing on read', async () => {
      const { t, day } = running;
      const id = ids(day);
      const found = await statuses(t);
      const on = (wamid: string, status: string): StatusView | undefined => found.get(`${wamid}|${status}`);
      const pricing = (category: string, billable: boolean) => ({ billable, pricing_model: 'CBP', category });
      const expected: readonly [string, string, StatusView['conversation'], StatusView['pricing']][] = [
        [day.text1, 'sent', { id: id.service, expiration_timestamp: seconds(sent(sentAt.text1) + 24 * hour), origin: { type: 'service' } }, pricing('service', false)],
        [day.text1, 'delivered', { id: id.service, origin: { type: 'service' } }, pricing('service', false)],
        [day.marketing1, 'sent', { id: id.marketing, expiration_timestamp: seconds(sent(sentAt.marketing1) + 24 * hour), origin: { type: 'marketing' } }, pricing('marketing', true)],
        [day.marketing1, 'delivered', { id: id.marketing, origin: { type: 'marketing' } }, pricing('marketing', true)],
        [day.utilitySiti, 'delivered', { id: id.utilitySiti, origin: { type: 'utility' } }, pricing('utility', true)],
        // Inside the open marketing conversation: its real expiry, counted from the delivery that opened it.
        [day.marketing2, 'sent', { id: id.marketing, expiration_timestamp: seconds(delivered(sentAt.marketing1) + 24 * hour), origin: { type: 'marketing' } }, pricing('marketing', true)],
        [day.marketing2, 'delivered', { id: id.marketing, origin: { type: 'marketing' } }, pricing('marketing', true)],
        // A reply while service, marketing and utility are open belongs to the service conversation.
        [day.text2, 'sent', { id: id.service, expiration_timestamp: seconds(delivered(sentAt.text1) + 24 * hour), origin: { type: 'service' } }, pricing('service', false)],
        [day.marketing3, 'delivered', { id: id.marketingNextDay, origin: { type: 'marketing' } }, pricing('marketing', true)],
      ];
      for (const [wamid, status, conversation, price] of expected) {
        expect(on(wamid, status), `${status} of ${wamid}`).toMatchObject({ conversation, pricing: price });
        expect(on(wamid, status)?.conversation).toEqual(conversation);
      }
      for (const wamid of Object.values(day)) {
        expect(on(wamid, 'read')).toBeDefined();
        expect(on(wamid, 'read')).not.toHaveProperty('pricing');
        expect(on(wamid, 'read')).not.toHaveProperty('conversation');
      }
    });

    it('reports the totals by category and market', async () => {
      const { t } = running;
      const response = await t.kabar.app.inject({ method: 'GET', url: `/admin/billing/report?from=2026-11-25&to=2026-11-27&business_id=${t.demo.businessId}`, headers: t.admin });
      expect(response.json()).toMatchObject({
        by_category: [
          { category: 'marketing', currency: 'USD', billable: 2, free: 0, amount: 0.0822 },
          { category: 'service', currency: 'USD', billable: 0, free: 1, amount: 0 },
          { category: 'utility', currency: 'USD', billable: 2, free: 0, amount: 0.042 },
        ],
        by_market: [
          { market: 'indonesia', currency: 'USD', billable: 3, free: 1, amount: 0.1022 },
          { market: 'united_kingdom', currency: 'USD', billable: 1, free: 0, amount: 0.022 },
        ],
        total: [{ currency: 'USD', billable: 4, free: 1, amount: 0.1242 }],
      });
    });
  });

  describe(`the same day under per-message pricing (2025-07) on ${dialect}`, () => {
    const running = useKabar(dialect, '2025-07');

    it('charges every delivered template but a utility one inside the customer-service window, and no free-form message', async () => {
      const { t, day } = running;
      expect(await ledger(t)).toEqual([
        messageCharge(t, day.text1, siti, 'service', 'free_customer_service', 'indonesia', 0, delivered(sentAt.text1)),
        messageCharge(t, day.marketing1, siti, 'marketing', 'regular', 'indonesia', 0.0411, delivered(sentAt.marketing1)),
        messageCharge(t, day.utilityJames, james, 'utility', 'regular', 'united_kingdom', 0.022, delivered(sentAt.utilityJames)),
        messageCharge(t, day.utilitySiti, siti, 'utility', 'free_customer_service', 'indonesia', 0.025, delivered(sentAt.utilitySiti)),
        messageCharge(t, day.marketing2, siti, 'marketing', 'regular', 'indonesia', 0.0411, delivered(sentAt.marketing2)),
        messageCharge(t, day.text2, siti, 'service', 'free_customer_service', 'indonesia', 0, delivered(sentAt.text2)),
        messageCharge(t, day.marketing3, siti, 'marketing', 'regular', 'indonesia', 0.0411, delivered(sentAt.marketing3)),
      ]);
    });

    it('puts pricing with its type on sent and delivered, and no conversation outside a free entry point', async () => {
      const { t, day } = running;
      const found = await statuses(t);
      const pricing = (category: string, type: string) => ({ billable: type === 'regular', pricing_model: 'PMP', type, category });
      const expected: readonly [string, StatusView['pricing']][] = [
        [day.text1, pricing('service', 'free_customer_service')],
        [day.marketing1, pricing('marketing', 'regular')],
        [day.utilityJames, pricing('utility', 'regular')],
        [day.utilitySiti, pricing('utility', 'free_customer_service')],
        [day.marketing3, pricing('marketing', 'regular')],
      ];
      for (const [wamid, price] of expected) {
        for (const status of ['sent', 'delivered']) {
          expect(found.get(`${wamid}|${status}`)?.pricing, `${status} of ${wamid}`).toEqual(price);
          expect(found.get(`${wamid}|${status}`)).not.toHaveProperty('conversation');
        }
        expect(found.get(`${wamid}|read`)).not.toHaveProperty('pricing');
      }
    });

    it('reports the totals by category and market', async () => {
      const { t } = running;
      const response = await t.kabar.app.inject({ method: 'GET', url: `/admin/billing/report?from=2026-11-25&to=2026-11-27`, headers: t.admin });
      expect(response.json()).toMatchObject({
        by_category: [
          { category: 'marketing', billable: 3, free: 0, amount: 0.1233 },
          { category: 'service', billable: 0, free: 2, amount: 0 },
          { category: 'utility', billable: 1, free: 1, amount: 0.022 },
        ],
        total: [{ currency: 'USD', billable: 4, free: 3, amount: 0.1453 }],
      });
    });
  });
}
