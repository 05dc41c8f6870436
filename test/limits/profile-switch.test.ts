import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { Tenant } from '../support/tenant.js';
import { graphNumber, limitsOf, tenant } from './support.js';

/** Changing a business's limits profile on both engines: every number's tier is renamed on the new ladder at once. */
for (const dialect of dialects) {
  describe(`a change of limits profile on ${dialect}`, () => {
    let t: TestKabar;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, close } = await startKabarWithSink(dialect));
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
  });
}
