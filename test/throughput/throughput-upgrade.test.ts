import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, startKabarWithSink, testEpoch, type TestKabar } from '../support/kabar.js';
import { WebhookSink } from '../support/webhook-sink.js';
import type { Tenant } from '../support/tenant.js';
import { changesOf, errorOf, graphNumber, sendTemplate, tenant, user } from '../limits/support.js';

/**
 * Meta's automatic upgrade to 1,000 messages a second, moved with the simulated clock on both
 * engines: an eligible number's account is in maintenance mode for a minute (131057), then its
 * level is `HIGH` and `phone_number_quality_update` `THROUGHPUT_UPGRADE` tells the webhook. Before
 * October 2025 an unlimited limit and at least Medium quality were enough; under `2025-10` the
 * number itself must also have messaged 100,000 unique users in 24 h.
 */

/** Puts a business's numbers at a tier and a rating directly in the store (the ladder's climb is tested elsewhere). */
async function arrangeNumber(t: TestKabar, business: Tenant, patch: { readonly tier: string; readonly quality?: string }): Promise<void> {
  await t.kabar.services.database.db
    .updateTable('phone_numbers')
    .set({ messaging_limit_tier: patch.tier, ...(patch.quality === undefined ? {} : { quality_rating: patch.quality }) })
    .where('business_id', '=', business.businessId)
    .execute();
}

async function setLevel(t: TestKabar, business: Tenant, level: 'STANDARD' | 'HIGH' | 'UNLIMITED'): Promise<void> {
  const response = await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${business.phoneNumberId}/throughput`, headers: t.admin, payload: { level } });
  expect(response.statusCode, response.body).toBe(200);
}

for (const dialect of dialects) {
  describe(`the automatic throughput upgrade on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('moves an unlimited number of Medium quality to HIGH under 2022-09: 131057 for a minute, then THROUGHPUT_UPGRADE', async () => {
      const business = await tenant(t, 'Toko Cepat', { verified: true, callbackUrl: sink.url });
      await setLevel(t, business, 'STANDARD');
      await arrangeNumber(t, business, { tier: 'TIER_UNLIMITED', quality: 'YELLOW' });

      expect((await sendTemplate(t, business, user(6282100000000, 0))).statusCode).toBe(200);
      await t.kabar.services.settle();
      const during = await sendTemplate(t, business, user(6282100000000, 1));
      expect(during.statusCode).toBe(500);
      expect(errorOf(during)).toMatchObject({ code: 131057 });
      expect(errorOf(during).error_data?.details).toContain('maintenance mode while its throughput is upgraded to 1,000 messages a second');
      expect(await graphNumber(t, business, 'throughput')).toMatchObject({ throughput: { level: 'STANDARD' } });

      await t.advance('59s');
      expect(errorOf(await sendTemplate(t, business, user(6282100000000, 2)))).toMatchObject({ code: 131057 });
      await t.advance('1s');
      expect(await graphNumber(t, business, 'throughput')).toMatchObject({ throughput: { level: 'HIGH' } });
      expect((await sendTemplate(t, business, user(6282100000000, 3))).statusCode).toBe(200);
      await t.kabar.services.settle();
      expect(changesOf(sink.received, business.wabaId, 'phone_number_quality_update')).toContainEqual(expect.objectContaining({ event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_UNLIMITED' }));
    });

    it('leaves a number at STANDARD while its limit is not unlimited or its quality is Low', async () => {
      const limited = await tenant(t, 'Toko Terbatas', { verified: true });
      const low = await tenant(t, 'Toko Rendah', { verified: true });
      for (const business of [limited, low]) await setLevel(t, business, 'STANDARD');
      await arrangeNumber(t, limited, { tier: 'TIER_100K' });
      await arrangeNumber(t, low, { tier: 'TIER_UNLIMITED', quality: 'RED' });
      for (const business of [limited, low]) expect((await sendTemplate(t, business, user(6282200000000, 0))).statusCode).toBe(200);
      await t.advance('2m');
      for (const business of [limited, low]) {
        expect((await sendTemplate(t, business, user(6282200000000, 1))).statusCode).toBe(200);
        expect(await graphNumber(t, business, 'throughput')).toMatchObject({ throughput: { level: 'STANDARD' } });
      }
    });
  });

  describe(`the automatic throughput upgrade under 2025-10 on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    let sink: WebhookSink;
    beforeAll(async () => {
      sink = await WebhookSink.start();
    });
    afterAll(async () => {
      await sink.close();
      await database.cleanup();
    });

    it('waits for the number itself to reach 100,000 unique users in 24 h', async () => {
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      const business = await tenant(before, 'Toko Portofolio Cepat', { policy: '2025-10', verified: true, callbackUrl: sink.url });
      await setLevel(before, business, 'STANDARD');
      await arrangeNumber(before, business, { tier: 'TIER_UNLIMITED' });
      // 99,998 unique users messaged over the last 20 hours, as stored contacts; the windows are rebuilt from them at start.
      const rows = Array.from({ length: 99_998 }, (_, index) => ({
        phone_number_id: business.phoneNumberId,
        business_id: business.businessId,
        wa_id: user(6282300000000, index),
        last_at: testEpoch - 20 * 3_600_000 + Math.floor(index / 10),
      }));
      for (let start = 0; start < rows.length; start += 2_000) await before.kabar.services.database.db.insertInto('limit_contacts').values(rows.slice(start, start + 2_000)).execute();
      await before.close();

      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      // The 99,999th: not yet.
      expect((await sendTemplate(after, business, user(6282400000000, 0))).statusCode).toBe(200);
      await after.advance('2m');
      expect(await graphNumber(after, business, 'throughput')).toMatchObject({ throughput: { level: 'STANDARD' } });
      // The 100,000th unique user in 24 h: the upgrade starts.
      expect((await sendTemplate(after, business, user(6282400000000, 1))).statusCode).toBe(200);
      await after.kabar.services.settle();
      expect(errorOf(await sendTemplate(after, business, user(6282400000000, 2)))).toMatchObject({ code: 131057 });
      await after.advance('1m');
      expect(await graphNumber(after, business, 'throughput')).toMatchObject({ throughput: { level: 'HIGH' } });
      expect(changesOf(sink.received, business.wabaId, 'phone_number_quality_update')).toContainEqual(expect.objectContaining({ event: 'THROUGHPUT_UPGRADE' }));
      await after.close();
    }, 120_000);
  });
}
