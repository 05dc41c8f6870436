import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { approvedMarketingTemplate, templateBody } from '../support/marketing-template.js';

interface CheckAnswer {
  contacts: { input: string; status: string; wa_id?: string }[];
}

for (const dialect of dialects) {
  describe(`number checks (POST /v1/contacts) on ${dialect}`, () => {
    let t: TestKabar;
    let business: string;

    const check = (body: Record<string, unknown>, headers: Record<string, string> = t.auth) => t.kabar.app.inject({ method: 'POST', url: '/v1/contacts', headers, payload: body });
    const admin = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload }) });
    const advance = (by: string) => admin('POST', '/sim/clock/advance', { by });
    const send = (to: string) =>
      t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: templateBody(to, 'promo_welcome') });

    beforeAll(async () => {
      t = await startKabar(dialect);
      await approvedMarketingTemplate(t, 'promo_welcome');
      business = t.demo.businessId;
      await admin('POST', '/sim/users', { wa_id: '15550109999', on_whatsapp: false });
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    it('answers valid with the wa_id, or invalid, as the simulator decides, when asked to wait; a contact shows the answer', async () => {
      const contact = (await admin('POST', `/admin/businesses/${business}/contacts`, { phone: '+15550109999' })).json<{ id: string; verification: string }>();
      expect(contact.verification).toBe('unverified');
      const response = await check({ blocking: 'wait', contacts: ['+1 (555) 010-1001', '15550109999', 'no number'] });
      expect(response.statusCode).toBe(200);
      expect(response.json<CheckAnswer>().contacts).toEqual([
        { input: '+1 (555) 010-1001', status: 'valid', wa_id: '15550101001' },
        { input: '15550109999', status: 'invalid' },
        { input: 'no number', status: 'invalid' },
      ]);
      expect((await admin('GET', `/admin/businesses/${business}/contacts/${contact.id}`)).json<{ verification: string }>().verification).toBe('invalid');
    });

    it('answers processing without waiting, then the result on a later request; force_check asks again', async () => {
      const first = await check({ contacts: ['15550101002'] });
      expect(first.json<CheckAnswer>().contacts).toEqual([{ input: '15550101002', status: 'processing' }]);
      await t.kabar.services.settle();
      expect((await check({ contacts: ['15550101002'] })).json<CheckAnswer>().contacts).toEqual([{ input: '15550101002', status: 'valid', wa_id: '15550101002' }]);
      await admin('POST', '/sim/users', { wa_id: '15550101002', on_whatsapp: false });
      expect((await check({ contacts: ['15550101002'] })).json<CheckAnswer>().contacts[0]?.status).toBe('valid');
      expect((await check({ contacts: ['15550101002'], force_check: true, blocking: 'wait' })).json<CheckAnswer>().contacts[0]?.status).toBe('invalid');
    });

    it('takes the Graph token as a Bearer and refuses a request without one', async () => {
      const response = await check({ contacts: ['15550101003'] }, {});
      expect(response.statusCode).toBe(401);
      expect(response.json<{ error: { code: number } }>().error.code).toBe(190);
      expect((await check({ contacts: [] })).statusCode).toBe(400);
    });

    it('blocks a business that checks the configured number of numbers without messaging them, until the block lifts by itself', async () => {
      await admin('POST', `/admin/businesses/${business}/contacts/settings`, { verification: { max_unmessaged: 10, window_ms: 3_600_000, block_ms: 7_200_000 } });
      await advance('2h');
      const batch = (from: number) => Array.from({ length: 5 }, (_, index) => `1555020${String(from + index).padStart(4, '0')}`);
      expect((await check({ blocking: 'wait', contacts: batch(0) })).statusCode).toBe(200);
      expect((await check({ blocking: 'wait', contacts: batch(5) })).statusCode).toBe(200);
      const refused = await check({ blocking: 'wait', contacts: batch(10) });
      expect(refused.statusCode).toBe(403);
      const body = refused.json<{ error: { code: number; error_data: { details: string } }; errors: { code: number }[] }>();
      expect(body.error.code).toBe(368);
      expect(body.errors[0]?.code).toBe(368);
      expect(body.error.error_data.details).toContain('checked 10 numbers');
      const crm = await admin('POST', `/admin/businesses/${business}/contacts/verify`, { numbers: ['15550201000'] });
      expect(crm.statusCode).toBe(403);
      const feed = (await admin('GET', `/admin/notifications?business_id=${business}&kind=contacts.verification_blocked`)).json<{ data: unknown[] }>().data;
      expect(feed).toHaveLength(1);

      expect((await advance('119m')).statusCode).toBe(200);
      expect((await check({ blocking: 'wait', contacts: batch(10) })).statusCode).toBe(403);
      await advance('1m');
      expect((await check({ blocking: 'wait', contacts: batch(10) })).statusCode).toBe(200);
      const lifted = (await admin('GET', `/admin/notifications?business_id=${business}&kind=contacts.verification_unblocked`)).json<{ data: unknown[] }>().data;
      expect(lifted).toHaveLength(1);
    });

    it('does not trip for a business that messages the numbers it checks', async () => {
      await advance('3h');
      for (let round = 0; round < 4; round += 1) {
        const numbers = Array.from({ length: 5 }, (_, index) => `1555030${String(round * 5 + index).padStart(4, '0')}`);
        const answer = await check({ blocking: 'wait', contacts: numbers });
        expect(answer.statusCode).toBe(200);
        for (const number of numbers) expect((await send(number)).statusCode).toBe(200);
      }
      expect((await check({ blocking: 'wait', contacts: ['15550309999'] })).statusCode).toBe(200);
    });
  });
}
