import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { createUser, secondBusiness, signIn, type SignedIn } from '../support/console-users.js';
import { approvePromo, sendMarketing } from './support.js';

/** The billing routes: admins read their own business's ledger, owners set its rate card, nobody sees another's. */
for (const dialect of dialects) {
  describe(`billing access on ${dialect}`, () => {
    let t: TestKabar;
    let other: { readonly businessId: string };
    let admin: SignedIn;
    let agent: SignedIn;
    beforeAll(async () => {
      t = await startKabar(dialect);
      other = await secondBusiness(t);
      await createUser(t, { businessId: t.demo.businessId, email: 'admin@toko.test', role: 'admin' });
      await createUser(t, { businessId: t.demo.businessId, email: 'agent@toko.test', role: 'agent' });
      admin = await signIn(t, 'admin@toko.test');
      agent = await signIn(t, 'agent@toko.test');
      await approvePromo(t);
      await sendMarketing(t, '6281234567001');
      await t.advance('1m');
    }, 60_000);
    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    it("gives a business admin its own business's report and ledger, and answers another business like a missing one", async () => {
      const own = await admin.request({ method: 'GET', url: '/admin/billing/report?from=2026-11-25&to=2026-11-26' });
      expect(own.json()).toMatchObject({ business_id: t.demo.businessId, total: [{ billable: 1, amount: 0.0411 }] });
      const foreign = await admin.request({ method: 'GET', url: `/admin/billing/ledger?from=2026-11-25&to=2026-11-26&business_id=${other.businessId}` });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
      const card = await admin.request({ method: 'GET', url: `/admin/businesses/${other.businessId}/rate-card` });
      expect(card.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    });

    it('refuses the report to an agent and a rate-card change to an admin (owners only)', async () => {
      expect((await agent.request({ method: 'GET', url: '/admin/billing/report?from=2026-11-25&to=2026-11-26' })).statusCode).toBe(403);
      const change = await admin.request({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/rate-card`, payload: { pricing_model: 'CBP', effective: '2026-12-01', rates: { indonesia: { marketing: 0.05 } } } });
      expect(change.statusCode).toBe(403);
    });

    it('refuses a rate card with an unknown market or a negative rate, and a period that is not dates, with 131009 or 100', async () => {
      const market = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/rate-card`, headers: t.admin, payload: { pricing_model: 'CBP', effective: '2026-12-01', rates: { mars: { marketing: 1 } } } });
      expect(market.statusCode).toBe(400);
      expect(market.json()).toMatchObject({ error: { code: 131009 } });
      const negative = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/rate-card`, headers: t.admin, payload: { pricing_model: 'PMP', effective: '2026-12-01', rates: { india: { utility: -1 } } } });
      expect(negative.statusCode).toBe(400);
      const period = await t.kabar.app.inject({ method: 'GET', url: '/admin/billing/report?from=last-week&to=2026-11-26', headers: t.admin });
      expect(period.statusCode).toBe(400);
      expect(period.json()).toMatchObject({ error: { code: 131009 } });
      const everyone = await t.kabar.app.inject({ method: 'GET', url: '/admin/billing/report?from=2026-11-25&to=2026-11-26', headers: t.admin });
      expect(everyone.json()).toMatchObject({ business_id: null, total: [{ billable: 1 }] });
    });
  });
}
