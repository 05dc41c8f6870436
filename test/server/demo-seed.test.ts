import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { planPhoneNumber } from '../../src/core/numbers/index.js';
import { demoPhoneNumber, planSignup } from '../../src/core/onboarding/index.js';
import { SimClock, commitPlanned } from '../../src/core/shared/index.js';
import { buildApp, type KabarApp } from '../../src/server/index.js';
import { onboardingContext } from '../../src/server/onboarding/onboarding.deps.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { testEpoch } from '../support/kabar.js';

async function count(kabar: KabarApp, table: 'businesses' | 'phone_numbers' | 'wabas'): Promise<number> {
  const result = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table)}`.execute(kabar.services.database.db);
  return Number(result.rows[0]?.count ?? 0);
}

for (const dialect of dialects) {
  describe(`the demo seed on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());
    const start = () => buildApp({ ...database.options, clock: SimClock.frozenAt(testEpoch), pollIntervalMs: 0, adminToken: 'admin' });

    it('onboards the demo business the way a business does: classic signup, verification approved, a number verified, registered and reviewed', async () => {
      const kabar = await start();
      const demo = await kabar.services.ensureDemo(undefined);
      const admin = { authorization: 'Bearer admin' };
      const business = (await kabar.app.inject({ method: 'GET', url: `/admin/businesses/${demo.businessId}`, headers: admin })).json<Record<string, unknown>>();
      expect(business).toMatchObject({ signup_mode: 'classic', verification_status: 'verified', max_phone_numbers: 20, phone_numbers: 1 });
      const number = (await kabar.app.inject({ method: 'GET', url: `/admin/phone_numbers/${demo.phoneNumberId}`, headers: admin })).json<Record<string, unknown>>();
      expect(number).toMatchObject({ status: 'CONNECTED', registered: true, code_verification_status: 'VERIFIED', name_status: 'APPROVED', is_pin_enabled: true, commerce_review: 'passed', messaging_limit_tier: 'TIER_1K' });
      expect(number['status_history']).toMatchObject([{ from: 'PENDING', to: 'CONNECTED', event: 'commerce_review_passed' }]);
      const reviews = (await kabar.app.inject({ method: 'GET', url: `/admin/reviews?business_id=${demo.businessId}`, headers: admin })).json<{ data: { kind: string; status: string; decided_by: string }[] }>().data;
      expect(reviews.map((review) => `${review.kind} ${review.status} by ${review.decided_by}`).sort()).toEqual([
        'business_verification approved by operator',
        'commerce_policy approved by operator',
        'display_name approved by operator',
      ]);
      // A second start finds everything and keeps the token it was given.
      expect(await kabar.services.ensureDemo(demo.accessToken)).toEqual(demo);
      expect(await count(kabar, 'businesses')).toBe(1);
      await kabar.close();
    });

    it('resumes a seed that stopped after the signup or after adding the number, making nothing twice', async () => {
      const resumed = freshDatabase(dialect);
      const kabar = await buildApp({ ...resumed.options, clock: SimClock.frozenAt(testEpoch), pollIntervalMs: 0, adminToken: 'admin' });
      const { deps } = onboardingContext(kabar.services);
      const signup = await planSignup(deps, { mode: 'classic', businessName: 'Kabar Demo', documents: [{ type: 'business_registration', name: 'r.pdf' }] });
      if (!signup.ok) throw new Error(signup.error.details);
      const { business, waba, app } = await commitPlanned(deps.writer, signup.value);
      await kabar.services.settings.put('demo', { businessId: business.id, wabaId: waba.id, appId: app.id }, testEpoch);
      // The seed stopped after the verification was approved and the number was added, before it was verified.
      const added = await planPhoneNumber(deps, { wabaId: waba.id, phoneNumber: `+${demoPhoneNumber}`, verifiedName: 'Kabar Demo' });
      if (!added.ok) throw new Error(added.error.details);
      await commitPlanned(deps.writer, added.value);

      const demo = await kabar.services.ensureDemo(undefined);
      expect(demo).toMatchObject({ businessId: business.id, wabaId: waba.id, appId: app.id, phoneNumberId: added.value.value.number.id, phoneNumber: demoPhoneNumber });
      expect([await count(kabar, 'businesses'), await count(kabar, 'wabas'), await count(kabar, 'phone_numbers')]).toEqual([1, 1, 1]);
      const send = await kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${demo.phoneNumberId}/messages`,
        headers: { authorization: `Bearer ${demo.accessToken}` },
        payload: { messaging_product: 'whatsapp', to: '15550100001', text: { body: 'hi' } },
      });
      expect(send.statusCode).toBe(200);
      const response = await kabar.app.inject({ method: 'GET', url: `/v21.0/${demo.wabaId}/subscribed_apps`, headers: { authorization: `Bearer ${demo.accessToken}` } });
      expect(response.json<{ data: unknown[] }>().data).toHaveLength(1);
      await kabar.close();
      await resumed.cleanup();
    });
  });
}
