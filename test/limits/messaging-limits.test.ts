import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, startKabarWithSink, testEpoch, type TestKabar } from '../support/kabar.js';
import { errorOf, graphNumber, limitsOf, sendTemplate, sendToMany, tenant, user, verify } from './support.js';

/**
 * Messaging limits moved with the simulated clock: a trial number stops at 50 unique customers in a
 * rolling 24 h and frees capacity as the window rolls; verification lifts it to tier 1; half the
 * limit in 7 days upgrades it under 2022-09 but not under 2022-01; a High-quality number at its limit
 * is upgraded 24 h later; the count survives a restart exactly.
 */
for (const dialect of dialects) {
  describe(`messaging limits on ${dialect}`, () => {
    let t: TestKabar;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('stops a trial number at 50 unique customers in 24 h, frees capacity as the window rolls, and verification lifts it to tier 1', async () => {
      const trial = await tenant(t, 'Warung Trial');
      expect(await graphNumber(t, trial, 'messaging_limit_tier,status')).toMatchObject({ messaging_limit_tier: 'TIER_50', status: 'CONNECTED' });
      await sendToMany(t, trial, 6281500000000, 30);
      await t.advance('2h');
      await sendToMany(t, trial, 6281500000100, 20);
      // A customer already in the window takes no new slot (and stays in it 24 h from this send).
      expect((await sendTemplate(t, trial, user(6281500000000, 3))).statusCode).toBe(200);

      const refused = await sendTemplate(t, trial, user(6281500000200, 0));
      expect(refused.statusCode).toBe(400);
      expect(errorOf(refused)).toMatchObject({ code: 131048 });
      expect(errorOf(refused).error_data?.details).toContain('limit 50 reached; 29 slots free up in 22 h');

      // A reply inside an open customer-service window never counts.
      await t.userWrites('Halo, masih buka?', user(6281500000300, 0));
      const reply = await t.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${trial.phoneNumberId}/messages`,
        headers: { authorization: `Bearer ${trial.token}` },
        payload: { messaging_product: 'whatsapp', to: user(6281500000300, 0), text: { body: 'Buka sampai jam 9' } },
      });
      expect(reply.statusCode).toBe(200);

      const full = await limitsOf(t, trial);
      expect(full).toMatchObject({ policy: '2022-09', messaging_limit_tier: 'TIER_50', limit: 50, unique_recipients_24h: 50, free_slots: 0, next_release: { slots: 29, in: '22 h' } });
      expect(full.explanation).toContain('Limit 50 reached; 29 slots free up in 22 h');

      // The refusal's words follow the clock though no slot freed up in between.
      await t.advance('30m');
      expect(errorOf(await sendTemplate(t, trial, user(6281500000200, 1))).error_data?.details).toContain('limit 50 reached; 29 slots free up in 21 h 30 min');

      await t.advance('1290m');
      expect(await limitsOf(t, trial)).toMatchObject({ unique_recipients_24h: 21, free_slots: 29 });
      await sendToMany(t, trial, 6281500000400, 29);
      expect(errorOf(await sendTemplate(t, trial, user(6281500000500, 0)))).toMatchObject({ code: 131048 });

      // 50 unique customers reached half of nothing: an unverified business may not leave the trial tier.
      expect(await graphNumber(t, trial, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_50' });
      const held = await limitsOf(t, trial);
      expect(held.history.some((event) => event.cause.includes('leaving the trial tier requires business verification'))).toBe(true);

      await verify(t, trial);
      expect(await graphNumber(t, trial, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      expect((await sendTemplate(t, trial, user(6281500000500, 0))).statusCode).toBe(200);
      expect(await limitsOf(t, trial)).toMatchObject({ messaging_limit_tier: 'TIER_1K', limit: 1000, unique_recipients_24h: 51 });
    });

    it('upgrades at 500 unique customers in 7 days under 2022-09, and not under 2022-01 (twice the limit)', async () => {
      const half = await tenant(t, 'Toko Separuh', { verified: true });
      const twice = await tenant(t, 'Toko Dua Kali', { verified: true, policy: '2022-01' });
      await sendToMany(t, half, 6281600000000, 300);
      await sendToMany(t, twice, 6281600000000, 300);
      await t.advance('1d');
      await sendToMany(t, half, 6281600001000, 200);
      await sendToMany(t, twice, 6281600001000, 200);
      await t.kabar.services.settle();

      expect(await graphNumber(t, half, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      const upgraded = await limitsOf(t, half);
      expect(upgraded).toMatchObject({ messaging_limit_tier: 'TIER_10K', limit: 10000, unique_recipients_7d: 500 });
      expect(upgraded.history[0]).toMatchObject({ kind: 'tier', from: 'TIER_1K', to: 'TIER_10K' });
      expect(upgraded.history[0]?.cause).toContain('500 unique customers in 7 days reached half of the limit of 1,000');

      expect(await graphNumber(t, twice, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      expect(await limitsOf(t, twice)).toMatchObject({ policy: '2022-01', messaging_limit_tier: 'TIER_1K', unique_recipients_7d: 500 });
    });

    it('upgrades a High-quality number that reached its limit 24 h later', async () => {
      const busy = await tenant(t, 'Toko Ramai', { verified: true, policy: '2022-01' });
      await sendToMany(t, busy, 6281700000000, 1000);
      expect(errorOf(await sendTemplate(t, busy, user(6281700005000, 0)))).toMatchObject({ code: 131048 });
      await t.advance('23h');
      expect(await graphNumber(t, busy, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      await t.advance('1h');
      expect(await graphNumber(t, busy, 'messaging_limit_tier,quality_rating,status')).toMatchObject({ messaging_limit_tier: 'TIER_10K', quality_rating: 'GREEN', status: 'CONNECTED' });
      const view = await limitsOf(t, busy);
      expect(view.history[0]?.cause).toContain('reached its limit of 1,000 with High quality and was not flagged; upgraded 24 h later');
    });
  });

  describe(`portfolio limits (2025-10) on ${dialect}`, () => {
    let t: TestKabar;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('shares one limit of 250 between the numbers of a business portfolio, counting a customer once', async () => {
      const first = await tenant(t, 'Toko Portofolio', { policy: '2025-10' });
      const added = await t.kabar.app.inject({ method: 'POST', url: `/admin/wabas/${first.wabaId}/phone_numbers`, headers: t.admin, payload: { phone_number: '+15550779999', verified_name: 'Toko Portofolio 2' } });
      expect(added.statusCode, added.body).toBeLessThan(300);
      const second = { ...first, phoneNumberId: added.json<{ id: string }>().id };
      // About the portfolio's limit, not throughput: the second number is at UNLIMITED like the first.
      expect((await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${second.phoneNumberId}/throughput`, headers: t.admin, payload: { level: 'UNLIMITED' } })).statusCode).toBe(200);
      await sendToMany(t, first, 6281900000000, 200);
      // The same customers from the second number take no new slot of the portfolio.
      await sendToMany(t, second, 6281900000000, 100);
      await sendToMany(t, second, 6281900001000, 50);
      const refused = await sendTemplate(t, second, user(6281900002000, 0));
      expect(errorOf(refused)).toMatchObject({ code: 131048 });
      expect(errorOf(refused).error_data?.details).toContain("the business portfolio's messaging limit: limit 250 reached");
      expect(await limitsOf(t, first)).toMatchObject({ policy: '2025-10', messaging_limit_tier: 'TIER_250', limit: 250, unique_recipients_24h: 250 });
      expect(await graphNumber(t, second, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_250' });
    });
  });

  describe(`the messaging-limit count across a restart on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    it('counts exactly the same unique customers after a restart mid-window', async () => {
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      const trial = await tenant(before, 'Warung Restart');
      await sendToMany(before, trial, 6281800000000, 20);
      await before.advance('3h');
      await sendToMany(before, trial, 6281800000100, 17);
      expect(await limitsOf(before, trial)).toMatchObject({ unique_recipients_24h: 37 });
      await before.close();

      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 5 * 3_600_000));
      expect(await limitsOf(after, trial)).toMatchObject({ unique_recipients_24h: 37, free_slots: 13, next_release: { slots: 20, in: '19 h' } });
      // Customers counted before the restart take no new slot after it.
      expect((await sendTemplate(after, trial, user(6281800000000, 5))).statusCode).toBe(200);
      await sendToMany(after, trial, 6281800000200, 13);
      expect(errorOf(await sendTemplate(after, trial, user(6281800000300, 0)))).toMatchObject({ code: 131048 });
      await after.advance('19h');
      // The first 20 leave the window 24 h after they were messaged, except the one messaged again.
      expect(await limitsOf(after, trial)).toMatchObject({ unique_recipients_24h: 31, free_slots: 19 });
      await after.close();
    });
  });
}
