import { afterAll, describe, expect, it } from 'vitest';
import { conversationIdFor } from '../../src/core/billing/index.js';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch } from '../support/kabar.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { approvePromo, keyOf, ledger, sendMarketing, sendText, statuses, usePricing } from './support.js';

const hour = 3_600_000;
const user = '6281234567030';

/** A customer who came from a click-to-WhatsApp ad: the business's answer opens a free 72-hour entry point. */
for (const dialect of dialects) {
  describe(`free entry point conversations on ${dialect}`, () => {
    const databases = [freshDatabase(dialect), freshDatabase(dialect)] as const;
    afterAll(async () => {
      for (const database of databases) await database.cleanup();
    });

    for (const pricing of ['2022-02', '2025-07'] as const) {
      it(`a reply to an ad's message opens a free referral_conversion, and a marketing template inside its 72 hours costs nothing (${pricing})`, async () => {
        const sink = await WebhookSink.start();
        const t = await startKabar(dialect, databases[pricing === '2022-02' ? 0 : 1], SimClock.frozenAt(testEpoch + (pricing === '2022-02' ? 0 : 400 * hour)));
        await t.subscribe(sink);
        await usePricing(t, pricing);
        await approvePromo(t);
        const wrote = await t.kabar.app.inject({
          method: 'POST',
          url: `/sim/users/${user}/messages`,
          headers: t.admin,
          payload: { text: 'Saya lihat iklan sepatu ini', referral: { source_url: 'https://fb.me/kabar-ad', source_id: '120200000000001', source_type: 'ad', headline: 'Sepatu diskon 30%', body: 'Pesan lewat WhatsApp' } },
        });
        expect(wrote.statusCode, wrote.body).toBe(200);
        await t.kabar.services.settle();
        // The business receives the ad's referral on the inbound message.
        const inbound = await t.outboxRow('Saya lihat iklan sepatu ini');
        expect(JSON.stringify(inbound?.body)).toContain('"source_type":"ad"');

        const reply = await sendText(t, user, 'Halo Kak, ukuran berapa?');
        await t.advance('1m');
        // 30 hours later the customer-service window has closed, but the 72-hour entry point has not.
        await t.advance('30h');
        const promo = await sendMarketing(t, user);
        await t.advance('1m');

        const found = await statuses(t);
        const entryPoint = conversationIdFor(keyOf(reply), 'referral_conversion');
        expect(found.get(`${reply}|delivered`)).toMatchObject({ conversation: { id: entryPoint, origin: { type: 'referral_conversion' } }, pricing: { billable: false, category: pricing === '2022-02' ? 'referral_conversion' : 'service' } });
        const promoDelivered = found.get(`${promo}|delivered`);
        expect(promoDelivered?.status).toBe('delivered');
        expect(promoDelivered).toMatchObject({ conversation: { id: entryPoint, origin: { type: 'referral_conversion' } }, pricing: { billable: false } });
        if (pricing === '2025-07') expect(promoDelivered?.pricing).toMatchObject({ pricing_model: 'PMP', type: 'free_entry_point', category: 'marketing' });

        const charges = (await ledger(t)).filter((charge) => charge.wa_id === user);
        expect(charges.length).toBeGreaterThan(0);
        expect(charges.every((charge) => charge.amount === 0 && !charge.billable)).toBe(true);
        expect(charges.some((charge) => charge.reason === 'free_entry_point')).toBe(true);

        // After the 72 hours, the same template is charged again.
        await t.advance('48h');
        const later = await sendMarketing(t, user);
        await t.advance('1m');
        expect((await statuses(t)).get(`${later}|delivered`)).toMatchObject({ pricing: { billable: true, category: 'marketing' } });
        await t.close();
        await sink.close();
      });
    }
  });
}
