import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, startKabarWithSink, testEpoch, type TestKabar } from '../support/kabar.js';
import { choosePolicy, errorOf, graphNumber, limitsOf, secondNumber, sendTemplate, sendToMany, tenant, user, userActs } from './support.js';

/**
 * The limits profiles' own rules, moved with the simulated clock: under `2023-10` a new number starts
 * at 250 unique customers in a rolling 24 h; under `2022-09` Low quality holds back the upgrade that
 * half the limit in 7 days earns, until quality recovers; under `2025-10` the portfolio rises one
 * level once half its limit was used in 7 days with High quality, not with Medium, and its count is
 * exact across a restart.
 */

const refusal = (whose: string, limit: string, slots: number, wait: string, tier: string, profile: string): string =>
  `Message failed to send because of ${whose} messaging limit: limit ${limit} reached; ${slots} slots free up in ${wait}. ` +
  `${tier} counts unique customers messaged outside a customer-service window in a rolling 24 h (policy ${profile}); replies inside an open window still go through.`;

for (const dialect of dialects) {
  describe(`limits profiles on ${dialect}`, () => {
    let t: TestKabar;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('2023-10: a new number starts at 250, the 251st unique customer in 24 h is refused with 131048, and capacity frees up as the window rolls', async () => {
      const business = await tenant(t, 'Warung 2023', { policy: '2023-10' });
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_250' });
      // A number added once the business is on 2023-10 starts at 250 too.
      const number = await secondNumber(t, business, '+15550770931');
      expect(await limitsOf(t, number)).toMatchObject({ policy: '2023-10', messaging_limit_tier: 'TIER_250', limit: 250, unique_recipients_24h: 0, free_slots: 250 });
      await sendToMany(t, number, 6284100000000, 150);
      await t.advance('2h');
      await sendToMany(t, number, 6284100001000, 100);
      expect(await limitsOf(t, number)).toMatchObject({ policy: '2023-10', messaging_limit_tier: 'TIER_250', limit: 250, unique_recipients_24h: 250, free_slots: 0, next_release: { slots: 150, in: '22 h' } });
      expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_250' });

      const refused = await sendTemplate(t, number, user(6284100002000, 0));
      expect(refused.statusCode).toBe(400);
      expect(errorOf(refused)).toMatchObject({ code: 131048, error_data: { details: refusal("this phone number's", '250', 150, '22 h', 'TIER_250', '2023-10') } });
      // A customer already in the window takes no new slot.
      expect((await sendTemplate(t, number, user(6284100000000, 7))).statusCode).toBe(200);

      await t.advance('22h');
      expect(await limitsOf(t, number)).toMatchObject({ unique_recipients_24h: 101, free_slots: 149 });
      await sendToMany(t, number, 6284100002000, 149);
      expect(errorOf(await sendTemplate(t, number, user(6284100003000, 0)))).toMatchObject({ code: 131048, error_data: { details: refusal("this phone number's", '250', 101, '2 h', 'TIER_250', '2023-10') } });
    });

    it('2022-09: Low quality holds back the upgrade half the limit in 7 days earns, and the upgrade comes once quality recovers', { timeout: 60_000 }, async () => {
      const number = await tenant(t, 'Toko Kualitas Rendah', { verified: true });
      expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      await sendToMany(t, number, 6284200000000, 460);
      for (let index = 0; index < 50; index += 1) await userActs(t, number, 'block', user(6284200000000, index));
      // The 500th unique customer in 7 days: half the limit of 1,000, but the quality is Low.
      await sendToMany(t, number, 6284200001000, 40);
      await t.kabar.services.settle();
      expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      const held = await limitsOf(t, number);
      expect(held).toMatchObject({ messaging_limit_tier: 'TIER_1K', unique_recipients_7d: 500, quality: { score: 50, rating: 'RED' } });
      expect(held.history[0]).toMatchObject({
        kind: 'tier',
        from: 'TIER_1K',
        to: 'TIER_1K',
        cause: 'upgrade held back: its quality is Low (score 50/100 (High ≥ 80, Medium ≥ 60): 50 blocks (50 in the last 24 h) out of 500 recipients: 10 % weighted (−50))',
      });

      // Rated Low within the hour: Flagged, and still no upgrade for new customers.
      await t.advance('1h');
      expect(await graphNumber(t, number, 'quality_rating,status,messaging_limit_tier')).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED', messaging_limit_tier: 'TIER_1K' });
      await sendToMany(t, number, 6284200002000, 1);
      await t.kabar.services.settle();
      expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      expect((await limitsOf(t, number)).history[0]).toMatchObject({ kind: 'tier', cause: 'upgrade held back: its status is FLAGGED, not CONNECTED' });

      // A day on the blocks weigh half: Medium at the next check, Connected again; the next send earns the upgrade.
      await t.advance('30h');
      expect(await graphNumber(t, number, 'quality_rating,status,messaging_limit_tier')).toMatchObject({ quality_rating: 'YELLOW', status: 'CONNECTED', messaging_limit_tier: 'TIER_1K' });
      await sendToMany(t, number, 6284200003000, 1);
      await t.kabar.services.settle();
      expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      const upgraded = await limitsOf(t, number);
      expect(upgraded.history[0]).toMatchObject({ kind: 'tier', from: 'TIER_1K', to: 'TIER_10K', cause: '502 unique customers in 7 days reached half of the limit of 1,000 (500), quality Medium (policy 2022-09)' });
    });

    it('2025-10: the portfolio rises one level once half its limit was used in 7 days with High quality, every number with it', { timeout: 90_000 }, async () => {
      // Verified with two numbers at tier 1, then on the 2025-10 ladder: the portfolio's limit is 2,000.
      const first = await tenant(t, 'Toko Portofolio Naik', { verified: true });
      const second = await secondNumber(t, first, '+15550770911');
      await choosePolicy(t, first, '2025-10');
      for (const number of [first, second]) expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_2K' });
      await sendToMany(t, first, 6284300000000, 600);
      await t.advance('2d');
      await sendToMany(t, second, 6284300001000, 399);
      await t.kabar.services.settle();
      expect(await graphNumber(t, second, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_2K' });
      // The 1,000th unique customer of the portfolio in 7 days: half its limit of 2,000.
      await sendToMany(t, second, 6284300002000, 1);
      await t.advance('6h');
      for (const number of [first, second]) {
        expect(await graphNumber(t, number, 'messaging_limit_tier,quality_rating')).toMatchObject({ messaging_limit_tier: 'TIER_10K', quality_rating: 'GREEN' });
        const view = await limitsOf(t, number);
        expect(view).toMatchObject({ policy: '2025-10', limit: 10_000, unique_recipients_7d: 1000 });
        expect(view.history[0]).toMatchObject({ kind: 'tier', from: 'TIER_2K', to: 'TIER_10K', cause: '1,000 unique customers in 7 days reached half of the limit of 2,000 (1,000), quality High (policy 2025-10)' });
      }
    });

    it('2025-10: no upgrade when the quality is not High', { timeout: 90_000 }, async () => {
      const business = await tenant(t, 'Toko Portofolio Sedang', { verified: true });
      await choosePolicy(t, business, '2025-10');
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_2K' });
      await sendToMany(t, business, 6284400000000, 999);
      // 26 reports out of 999 recipients: 2.6 % weighted, −20.8 points: Medium.
      for (let index = 0; index < 26; index += 1) await userActs(t, business, 'report', user(6284400000000, index));
      await sendToMany(t, business, 6284400001000, 1);
      await t.advance('6h');
      expect(await graphNumber(t, business, 'messaging_limit_tier,quality_rating')).toMatchObject({ messaging_limit_tier: 'TIER_2K', quality_rating: 'YELLOW' });
      const view = await limitsOf(t, business);
      expect(view).toMatchObject({ messaging_limit_tier: 'TIER_2K', unique_recipients_7d: 1000, quality: { rating: 'YELLOW' } });
      expect(view.history.find((event) => event.kind === 'tier')).toMatchObject({ from: 'TIER_2K', to: 'TIER_2K', cause: 'upgrade held back: its quality is Medium, not High' });
    });
  });

  describe(`a new number's tier on its business's ladder on ${dialect}`, () => {
    let t: TestKabar;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('2023-10: a number added to an unverified business is at TIER_250 before it sends anything', async () => {
      const business = await tenant(t, 'Warung Tangga 2023', { policy: '2023-10' });
      const number = await secondNumber(t, business, '+15550770951');
      expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_250' });
      expect(await limitsOf(t, number)).toMatchObject({ policy: '2023-10', messaging_limit_tier: 'TIER_250', limit: 250 });
    });

    it('2022-09: a new number still starts at TIER_50 unverified and TIER_1K verified', async () => {
      const trial = await tenant(t, 'Warung Tangga Uji');
      expect(await graphNumber(t, await secondNumber(t, trial, '+15550770952'), 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_50' });
      const verified = await tenant(t, 'Toko Tangga Terverifikasi', { verified: true });
      expect(await graphNumber(t, await secondNumber(t, verified, '+15550770953'), 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
    });

    it('2025-10: a number added to an unverified portfolio is at TIER_250, and one added to a verified portfolio at TIER_10K shares TIER_10K', { timeout: 60_000 }, async () => {
      const trial = await tenant(t, 'Toko Tangga Portofolio Uji', { policy: '2025-10' });
      const joined = await secondNumber(t, trial, '+15550770954');
      expect(await graphNumber(t, joined, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_250' });

      // Tier 1 under 2022-09, then 10K once 500 unique customers in 7 days reached half its limit.
      const first = await tenant(t, 'Toko Tangga Portofolio', { verified: true });
      await sendToMany(t, first, 6284600000000, 501);
      await t.kabar.services.settle();
      expect(await graphNumber(t, first, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      await choosePolicy(t, first, '2025-10');
      const added = await secondNumber(t, first, '+15550770955');
      for (const number of [first, added]) expect(await graphNumber(t, number, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      expect(await limitsOf(t, added)).toMatchObject({ policy: '2025-10', messaging_limit_tier: 'TIER_10K', limit: 10_000 });
    });
  });

  describe(`the portfolio's count across a restart (2025-10) on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    it("counts exactly the same unique customers of the portfolio after a restart mid-window", async () => {
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      const first = await tenant(before, 'Toko Portofolio Restart', { policy: '2025-10' });
      const second = await secondNumber(before, first, '+15550770921');
      await sendToMany(before, first, 6284500000000, 150);
      await before.advance('3h');
      // 100 of the same customers from the second number take no new slot; 60 new ones do.
      await sendToMany(before, second, 6284500000000, 100);
      await sendToMany(before, second, 6284500001000, 60);
      expect(await limitsOf(before, second)).toMatchObject({ policy: '2025-10', limit: 250, unique_recipients_24h: 210 });
      await before.close();

      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 5 * 3_600_000));
      for (const number of [first, second]) {
        expect(await limitsOf(after, number)).toMatchObject({ messaging_limit_tier: 'TIER_250', limit: 250, unique_recipients_24h: 210, free_slots: 40, next_release: { slots: 50, in: '19 h' } });
      }
      // A customer counted before the restart, from either number, takes no new slot after it.
      expect((await sendTemplate(after, second, user(6284500000000, 120))).statusCode).toBe(200);
      await sendToMany(after, first, 6284500002000, 40);
      const refused = await sendTemplate(after, second, user(6284500003000, 0));
      expect(errorOf(refused)).toMatchObject({ code: 131048, error_data: { details: refusal("the business portfolio's", '250', 49, '19 h', 'TIER_250', '2025-10') } });
      await after.close();
    });
  });
}
