import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityCheckOf, setIdentityCheck } from '../../src/core/contacts/index.js';
import { choosePolicy, defaultBusinessPolicy, policyOf } from '../../src/core/policy/index.js';
import { KyselyBusinessSettingsRepository, type OpenDatabase } from '../../src/store/index.js';
import { dialects, openMigrated } from '../support/databases.js';

const business = 'biz-1';

for (const dialect of dialects) {
  describe(`business settings read on a status's path on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
    });

    afterEach(() => close());

    it('reads a setting once, then answers at once from memory, and sees a write through it at once', async () => {
      await open.db.insertInto('business_settings').values({ business_id: business, name: 'policy', value: JSON.stringify({ pricing: '2025-07' }), updated_at: 1 }).execute();
      const settings = new KyselyBusinessSettingsRepository(open.db, 60_000);

      const first = policyOf(settings, business);
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toEqual({ ...defaultBusinessPolicy, pricing: '2025-07' });
      // Held: answered without a promise, and the defaults are filled in once per stored value.
      const held = policyOf(settings, business);
      expect(held).toEqual({ ...defaultBusinessPolicy, pricing: '2025-07' });
      expect(policyOf(settings, business)).toBe(held);

      await choosePolicy(settings, business, { pricing: '2022-02' }, 2);
      expect(policyOf(settings, business)).toEqual({ ...defaultBusinessPolicy, pricing: '2022-02' });
    });

    it('remembers a setting that is not there, and answers it at once as well', async () => {
      const settings = new KyselyBusinessSettingsRepository(open.db, 60_000);
      const first = identityCheckOf(settings, business, 'pn-1');
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toBe(false);
      expect(identityCheckOf(settings, business, 'pn-1')).toBe(false);
      expect(await policyOf(settings, business)).toBe(defaultBusinessPolicy);
      expect(policyOf(settings, business)).toBe(defaultBusinessPolicy);

      await setIdentityCheck(settings, business, 'pn-1', true, 3);
      expect(identityCheckOf(settings, business, 'pn-1')).toBe(true);
    });

    it('reads again once a value is older than its time to live', async () => {
      const settings = new KyselyBusinessSettingsRepository(open.db, 0);
      await settings.put(business, 'policy', { marketing: '2025-04' }, 4);
      const reread = settings.get(business, 'policy');
      expect(reread).toBeInstanceOf(Promise);
      expect(await reread).toEqual({ marketing: '2025-04' });
    });
  });
}
