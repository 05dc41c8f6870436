import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { WebhookSink } from '../support/webhook-sink.js';
import type { Tenant } from '../support/tenant.js';
import { changesOf, graphNumber, limitsOf, sendToMany, tenant, user, userActs } from './support.js';

/**
 * Changing a business's limits profile, moved with the simulated clock on both engines: every
 * number's tier is renamed on the new ladder at once; moving to `2025-10` the portfolio starts at
 * the highest of its numbers' limits, shared by all of them, and a flagged number is Connected again
 * and never lowered for quality.
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

    async function choose(business: Tenant, limits: string): Promise<void> {
      const chosen = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${business.businessId}/policy`, headers: t.admin, payload: { limits } });
      expect(chosen.statusCode, chosen.body).toBe(200);
    }

    it('renames the tier on the new ladder at once, before any send', async () => {
      const trial = await tenant(t, 'Warung Ganti Profil');
      expect(await graphNumber(t, trial, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_50' });
      await choose(trial, '2023-10');
      expect(await graphNumber(t, trial, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_250' });
      const renamed = await limitsOf(t, trial);
      expect(renamed.history[0]).toMatchObject({ kind: 'tier', from: 'TIER_50', to: 'TIER_250' });
      expect(renamed.history[0]?.cause).toContain('policy 2022-09 → 2023-10: the same level on the new ladder');
      await choose(trial, '2022-09');
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

      await choose(first, '2025-10');
      expect(await graphNumber(t, first, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
      expect(await graphNumber(t, second, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      // One count for the portfolio: the second number sees the first one's 500 customers.
      expect(await limitsOf(t, second)).toMatchObject({ policy: '2025-10', limit: 10000, unique_recipients_24h: 500 });
      expect((await limitsOf(t, second)).history[0]?.cause).toContain("the business portfolio, which starts at the highest of its numbers' limits (10,000)");
      await t.kabar.services.settle();
      const updates = changesOf(sink.received, first.wabaId, 'phone_number_quality_update');
      expect(updates).toContainEqual(expect.objectContaining({ event: 'UNFLAGGED', current_limit: 'TIER_10K' }));
      expect(updates).toContainEqual(expect.objectContaining({ event: 'UPGRADE', current_limit: 'TIER_10K', old_limit: 'TIER_1K' }));

      // Seven days of Low quality would have lowered it under 2022-09; under 2025-10 nothing happens.
      await t.advance('7d');
      expect(await graphNumber(t, first, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
      expect(await graphNumber(t, second, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
    }, 120_000);
  });
}
