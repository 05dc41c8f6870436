import { afterAll, describe, expect, it } from 'vitest';
import { createBusiness, createPhoneNumber, createWaba, demoPhoneNumber } from '../../src/core/accounts/index.js';
import { SimClock } from '../../src/core/shared/index.js';
import { buildApp } from '../../src/server/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { testEpoch } from '../support/kabar.js';

for (const dialect of dialects) {
  describe(`the demo seed on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    it('resumes a seed that stopped after creating the number, instead of failing on the taken number', async () => {
      const kabar = await buildApp({ ...database.options, clock: SimClock.frozenAt(testEpoch), pollIntervalMs: 0, adminToken: 'admin' });
      const deps = { accounts: kabar.services.accounts, clock: kabar.services.clock, ids: kabar.services.ids, credentials: kabar.services.credentials };
      const business = await createBusiness(deps, { name: 'Kabar Demo' });
      const waba = await createWaba(deps, { businessId: business.id, name: 'Kabar Demo WABA' });
      if (!waba.ok) throw new Error(waba.error.details);
      const number = await createPhoneNumber(deps, { wabaId: waba.value.id, phoneNumber: demoPhoneNumber, verifiedName: 'Kabar Demo' });
      if (!number.ok) throw new Error(number.error.details);
      await kabar.services.settings.put('demo', { businessId: business.id, wabaId: waba.value.id }, testEpoch);

      const demo = await kabar.services.ensureDemo(undefined);
      expect(demo).toMatchObject({ businessId: business.id, wabaId: waba.value.id, phoneNumberId: number.value.id, phoneNumber: demoPhoneNumber });
      const again = await kabar.services.ensureDemo(demo.accessToken);
      expect(again).toEqual(demo);
      const response = await kabar.app.inject({ method: 'GET', url: `/v21.0/${demo.wabaId}/subscribed_apps`, headers: { authorization: `Bearer ${demo.accessToken}` } });
      expect(response.json<{ data: unknown[] }>().data).toHaveLength(1);
      await kabar.close();
    });
  });
}
