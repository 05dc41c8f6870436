import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { sendToMany, tenant, user, verify } from '../limits/support.js';
import type { Tenant } from '../support/tenant.js';

interface Answer {
  readonly status: number;
  readonly json: { messages?: { id: string }[]; error?: { code: number; message: string } };
}

interface MessageRow {
  readonly wa_id: string;
  readonly status: string;
  readonly error_code: number | null;
}

/**
 * What takes from a number's throughput, on both engines over real HTTP with the simulated clock
 * standing still: every send the API accepts, also one that then fails (131047 outside the
 * customer-service window), so the 81st in a second is refused with 130429 and nothing is stored;
 * and nothing refused on the call, also when the messaging-limit admission refuses it (131048)
 * after the throughput took from the number's second, the pair's burst and the user's marketing
 * deliveries: all three are given back.
 */
for (const dialect of dialects) {
  describe(`what takes from the throughput on ${dialect}`, () => {
    let running: RunningKabar;

    async function post(token: string, phoneNumberId: string, body: Record<string, unknown>): Promise<Answer> {
      const response = await fetch(`${running.baseUrl}/v21.0/${phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', ...body }),
      });
      return { status: response.status, json: (await response.json()) as Answer['json'] };
    }

    const template = (business: Tenant, to: string, name = 'hello_world'): Promise<Answer> =>
      post(business.token, business.phoneNumberId, { to, type: 'template', template: { name, language: { code: name === 'hello_world' ? 'en_US' : 'id' } } });

    async function outbound(phoneNumberId: string, waId: string): Promise<MessageRow[]> {
      const page = (await running.operator('GET', `/admin/messages?phone_number_id=${phoneNumberId}&wa_id=${waId}&direction=outbound&limit=200`)) as { data: MessageRow[] };
      return page.data;
    }

    async function atStandard(business: Tenant): Promise<void> {
      await running.operator('POST', `/admin/phone_numbers/${business.phoneNumberId}/throughput`, { level: 'STANDARD' });
    }

    beforeAll(async () => {
      running = await listenKabar(dialect);
    });
    afterAll(async () => {
      await running.close();
      await running.database.cleanup();
    });

    it('counts sends that are accepted and then fail: of 200 texts outside the window in one instant, 80 are accepted and fail with 131047, the 81st on are refused with 130429 and not stored', async () => {
      await running.advance('1h');
      const { phoneNumberId } = running.demo;
      // Ten users who never wrote to the number: every text is accepted, then fails with 131047.
      const waIds = Array.from({ length: 10 }, (_, index) => user(6282700000000, index));
      const answers: Answer[] = [];
      for (let index = 0; index < 200; index += 1) {
        const to = waIds[index % waIds.length] ?? '';
        answers.push(await post(running.demo.accessToken, phoneNumberId, { to, type: 'text', text: { body: 'Pesanan Anda sudah dikirim.' } }));
      }
      const accepted = answers.slice(0, 80);
      expect(accepted.map((answer) => answer.status)).toEqual(Array(80).fill(200));
      expect(accepted.every((answer) => answer.json.messages?.[0]?.id !== undefined)).toBe(true);
      const refused = answers.slice(80);
      expect(refused.map((answer) => answer.status)).toEqual(Array(120).fill(400));
      expect(refused.map((answer) => answer.json.error?.code)).toEqual(Array(120).fill(130429));
      expect(refused[0]?.json.error?.message).toBe('(#130429) Rate limit hit');

      // Stored: the 80 accepted, each failed with 131047; nothing of the 120 refused.
      const stored = (await Promise.all(waIds.map((waId) => outbound(phoneNumberId, waId)))).flat();
      expect(stored).toHaveLength(80);
      expect(stored.every((row) => row.status === 'failed' && row.error_code === 131047)).toBe(true);

      // The second refills as for any sends.
      await running.advance('13ms');
      expect((await post(running.demo.accessToken, phoneNumberId, { to: waIds[0], type: 'text', text: { body: 'Halo' } })).status).toBe(200);
    });

    it('takes nothing for sends refused with 131048: after 80 refusals in one instant, valid sends still get the full 80 and a refused customer its whole burst', async () => {
      await running.advance('1h');
      const business = await tenant(running, 'Toko Batas Penuh');
      // 50 customers fill the trial tier (at UNLIMITED, so that it takes no throughput), then STANDARD.
      const counted = 6282800000000;
      await sendToMany(running, business, counted, 50);
      await atStandard(business);
      await running.advance('1s');

      // 45 to a newcomer and 35 to other newcomers, in one instant: the limit refuses every one.
      const newcomer = user(6282800001000, 0);
      const refusals = [...Array.from({ length: 45 }, () => newcomer), ...Array.from({ length: 35 }, (_, index) => user(6282800002000, index))];
      for (const to of refusals) {
        const answer = await template(business, to);
        expect(answer.status, JSON.stringify(answer.json)).toBe(400);
        expect(answer.json.error?.code).toBe(131048);
      }
      expect(await outbound(business.phoneNumberId, newcomer)).toHaveLength(0);

      // The same instant: an already-counted customer gets the template.
      expect((await template(business, user(counted, 0))).status).toBe(200);
      // Verification lifts the limit; the newcomer's pair still has its burst of 45, not one message.
      await verify(running, business);
      for (let index = 0; index < 45; index += 1) expect((await template(business, newcomer)).status, `message ${index + 1} to the newcomer`).toBe(200);
      expect((await template(business, newcomer)).json.error?.code).toBe(131056);
      // 1 + 45 so far; 34 more make the number's 80 of this second, and the 81st is refused.
      for (let index = 1; index <= 34; index += 1) expect((await template(business, user(counted, index))).status, `customer ${index}`).toBe(200);
      const over = await template(business, user(counted, 35));
      expect(over.status).toBe(400);
      expect(over.json.error?.code).toBe(130429);
    });

    it("gives a user's marketing deliveries back when the messaging limit refuses the template (2024-05 marketing profile)", async () => {
      await running.advance('1h');
      const business = await tenant(running, 'Toko Promo Penuh');
      await running.operator('POST', `/admin/businesses/${business.businessId}/policy`, { marketing: '2024-05' });
      await running.operator('POST', '/admin/templates/review-settings', { delay_ms: 0 });
      const created = await fetch(`${running.baseUrl}/v21.0/${business.wabaId}/message_templates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${business.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'promo_penuh', language: 'id', category: 'MARKETING', components: [{ type: 'BODY', text: 'Promo akhir pekan: diskon 20% untuk semua produk.' }] }),
      });
      expect(await created.json()).toMatchObject({ status: 'APPROVED' });
      await sendToMany(running, business, 6282900000000, 50);

      // Three marketing templates to a newcomer, all refused on the call: the user received none.
      const newcomer = user(6282900001000, 0);
      for (let index = 0; index < 3; index += 1) expect((await template(business, newcomer, 'promo_penuh')).json.error?.code).toBe(131048);

      await verify(running, business);
      const failedWith = async (answer: Answer): Promise<number | null> => {
        expect(answer.status, JSON.stringify(answer.json)).toBe(200);
        const detail = (await running.operator('GET', `/admin/messages/${answer.json.messages?.[0]?.id ?? ''}`)) as { message: { status: string; error_code: number | null } };
        return detail.message.status === 'failed' ? detail.message.error_code : null;
      };
      // The profile's 2 a day are whole; the third is held back.
      expect(await failedWith(await template(business, newcomer, 'promo_penuh'))).toBeNull();
      expect(await failedWith(await template(business, newcomer, 'promo_penuh'))).toBeNull();
      expect(await failedWith(await template(business, newcomer, 'promo_penuh'))).toBe(131049);
    });
  });
}
