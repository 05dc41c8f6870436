import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { WebhookSink } from '../support/webhook-sink.js';
import type { Tenant } from '../support/tenant.js';
import { changesOf, choosePolicy, graphNumber, limitsOf, sendToMany, tenant, user, userActs } from './support.js';

/**
 * Changing a business's limits profile, moved with the simulated clock on both engines: every
 * number's tier is renamed on the new ladder at once; moving to `2025-10` the portfolio starts at
 * the highest of its numbers' limits, shared by all of them, and a flagged number is Connected again
 * and never lowered for quality. Under `2025-10` the portfolio's limit is told to each of its WABAs as
 * `business_capability_update` (`max_daily_conversations_per_business`), not per number.
 */
for (const dialect of dialects) {
  describe(`a change of limits profile on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('renames the tier on the new ladder at once, before any send', async () => {
      const trial = await tenant(t, 'Warung Ganti Profil');
      expect(await graphNumber(t, trial, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_50' });
      await choosePolicy(t, trial, '2023-10');
      expect(await graphNumber(t, trial, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_250' });
      const renamed = await limitsOf(t, trial);
      expect(renamed.history[0]).toMatchObject({ kind: 'tier', from: 'TIER_50', to: 'TIER_250' });
      expect(renamed.history[0]?.cause).toContain('policy 2022-09 → 2023-10: the same level on the new ladder');
      await choosePolicy(t, trial, '2022-09');
      expect(await graphNumber(t, trial, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_50' });
    });

    it('moving to 2025-10, starts the portfolio at its highest number, unflags a flagged one and never lowers it for quality', async () => {
      const first = await tenant(t, 'Toko Pindah Portofolio', { verified: true, callbackUrl: sink.url });
      await sendToMany(t, first, 6282700000000, 500);
      await t.kabar.services.settle();
      expect(await graphNumber(t, first, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      const added = await t.kabar.app.inject({ method: 'POST', url: `/admin/wabas/${first.wabaId}/phone_numbers`, headers: t.admin, payload: { phone_number: '+15550778888', verified_name: 'Toko Pindah 2' } });
      expect(added.statusCode, added.body).toBeLessThan(300);
      const second: Tenant = { ...first, phoneNumberId: added.json<{ id: string }>().id };
      expect(await graphNumber(t, second, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      for (let index = 0; index < 100; index += 1) await userActs(t, first, 'block', user(6282700000000, index));
      await t.advance('1h');
      expect(await graphNumber(t, first, 'quality_rating,status')).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED' });

      await choosePolicy(t, first, '2025-10');
      expect(await graphNumber(t, first, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
      expect(await graphNumber(t, second, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      // One count for the portfolio: the second number sees the first one's 500 customers.
      expect(await limitsOf(t, second)).toMatchObject({ policy: '2025-10', limit: 10000, unique_recipients_24h: 500 });
      expect((await limitsOf(t, second)).history[0]?.cause).toContain("the business portfolio, which starts at the highest of its numbers' limits (10,000)");
      await t.kabar.services.settle();
      // The portfolio's limit is told as Meta tells it under 2025-10: once to the WABA, as business_capability_update.
      expect(changesOf(sink.received, first.wabaId, 'business_capability_update')).toEqual(expect.arrayContaining([{ max_phone_numbers_per_business: 20 }, { max_daily_conversations_per_business: 'TIER_10K' }]));
      expect(changesOf(sink.received, first.wabaId, 'business_capability_update')).toHaveLength(2);
      // phone_number_quality_update told verification, 500 customers and the flag; nothing since (2025-10 has no Flagged state, and no limit per number).
      expect(changesOf(sink.received, first.wabaId, 'phone_number_quality_update').map((change) => [change['event'], change['current_limit']])).toEqual([
        ['UPGRADE', 'TIER_1K'],
        ['UPGRADE', 'TIER_10K'],
        ['FLAGGED', 'TIER_10K'],
      ]);
      const feed = (await t.kabar.app.inject({ method: 'GET', url: `/admin/notifications?business_id=${first.businessId}&limit=20`, headers: t.admin })).json<{ data: { kind: string; title: string; phone_number_id: string | null }[] }>().data;
      expect(feed.find((entry) => entry.title === 'Messaging limit of the business portfolio: 10,000')).toMatchObject({ kind: 'limits.upgrade', phone_number_id: null });
      expect(feed.find((entry) => entry.kind === 'limits.unflagged')).toMatchObject({ phone_number_id: first.phoneNumberId });

      // Seven days of Low quality would have lowered it under 2022-09; under 2025-10 nothing happens.
      await t.advance('7d');
      expect(await graphNumber(t, first, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
      expect(await graphNumber(t, second, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
    }, 120_000);

    it('under 2025-10, tells a portfolio upgrade to every WABA of the portfolio as business_capability_update, and older profiles per number as before', async () => {
      const portfolio = await tenant(t, 'Toko Dua WABA', { policy: '2025-10', verified: true, callbackUrl: sink.url });
      const created = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${portfolio.businessId}/wabas`, headers: t.admin, payload: { name: 'Toko Dua WABA cabang' } });
      expect(created.statusCode, created.body).toBeLessThan(300);
      const second = created.json<{ id: string }>().id;
      const subscribed = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${second}/subscribed_apps`, headers: { authorization: `Bearer ${portfolio.token}` }, payload: {} });
      expect(subscribed.statusCode, subscribed.body).toBe(200);
      expect(await limitsOf(t, portfolio)).toMatchObject({ policy: '2025-10', messaging_limit_tier: 'TIER_2K', limit: 2000 });
      // Half of 2,000 unique customers in 7 days, at High quality: the portfolio moves to 10,000.
      await sendToMany(t, portfolio, 6282800000000, 1000);
      await t.kabar.services.settle();
      expect(await limitsOf(t, portfolio)).toMatchObject({ messaging_limit_tier: 'TIER_10K', limit: 10000 });
      await t.kabar.services.settle();
      // Choosing 2025-10 gave the trial portfolio its 250, verification 2,000, the volume 10,000.
      // Verification tells its two changes in one commit, delivered as two POSTs that may arrive in
      // either order (Meta promises no order either); the limit's steps arrive in the order they happened.
      const told = changesOf(sink.received, portfolio.wabaId, 'business_capability_update');
      expect(told.map((change) => change['max_daily_conversations_per_business']).filter((tier) => tier !== undefined)).toEqual(['TIER_250', 'TIER_2K', 'TIER_10K']);
      expect(told.filter((change) => change['max_daily_conversations_per_business'] === undefined)).toEqual([{ max_phone_numbers_per_business: 20 }]);
      expect(changesOf(sink.received, second, 'business_capability_update')).toEqual([{ max_daily_conversations_per_business: 'TIER_10K' }]);
      const envelope = sink.received.map((webhook) => webhook.json as { entry: { id: string; changes: { field: string; value: Record<string, unknown> }[] }[] }).find((body) => body.entry.some((entry) => entry.id === second));
      expect(envelope?.entry).toEqual([{ id: second, time: expect.any(Number) as unknown, changes: [{ field: 'business_capability_update', value: { max_daily_conversations_per_business: 'TIER_10K' } }] }]);
      expect(changesOf(sink.received, portfolio.wabaId, 'phone_number_quality_update')).toEqual([]);
      const feed = (await t.kabar.app.inject({ method: 'GET', url: `/admin/notifications?business_id=${portfolio.businessId}&kind=limits.upgrade`, headers: t.admin })).json<{ data: { waba_id: string; title: string; data: unknown }[] }>().data;
      expect(feed.filter((entry) => entry.title === 'Messaging limit of the business portfolio raised to 10,000').map((entry) => [entry.waba_id, entry.data])).toEqual(
        expect.arrayContaining([
          [portfolio.wabaId, { event: 'UPGRADE', max_daily_conversations_per_business: 'TIER_10K', previous: 'TIER_2K' }],
          [second, { event: 'UPGRADE', max_daily_conversations_per_business: 'TIER_10K', previous: 'TIER_2K' }],
        ]),
      );

      // The same volume under 2022-09 is told per number, as phone_number_quality_update UPGRADE.
      const single = await tenant(t, 'Toko Satu Nomor', { verified: true, callbackUrl: sink.url });
      await sendToMany(t, single, 6282900000000, 500);
      await t.kabar.services.settle();
      expect(changesOf(sink.received, single.wabaId, 'phone_number_quality_update').at(-1)).toEqual({ display_phone_number: expect.any(String) as unknown, event: 'UPGRADE', current_limit: 'TIER_10K', old_limit: 'TIER_1K' });
      expect(changesOf(sink.received, single.wabaId, 'business_capability_update')).toEqual([{ max_phone_numbers_per_business: 20 }]);
    }, 120_000);
  });
}
