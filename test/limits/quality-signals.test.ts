import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { graphNumber, limitsOf, secondNumber, sendTemplate, sendToMany, tenant, user, userActs, type LimitsView } from './support.js';

/**
 * Each input of the quality model, through a real entry point and moved with the simulated clock,
 * takes a number from GREEN to YELLOW or RED, with the stored explanation naming the signal: users'
 * reports and marketing opt-outs (`/sim/users/{wa_id}/report|stop-marketing`), templates of the WABA
 * rated Low by their readers, notifications sent again and again to the same customers, and a group
 * of simulated users whose behaviour profile blocks what they read.
 */
for (const dialect of dialects) {
  describe(`quality signals on ${dialect}`, () => {
    let t: TestKabar;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    /** The number's rating change, as the history stores it. */
    function qualityChange(view: LimitsView): { from: string; to: string; cause: string } | undefined {
      return view.history.find((event) => event.kind === 'quality');
    }

    it('reports by users drive the number to RED and Flagged, the explanation naming the reports', async () => {
      const number = await tenant(t, 'Toko Dilaporkan');
      // Few enough readers that hello_world itself is not rated (a template needs 20 reactions): only the reports count.
      await sendToMany(t, number, 6283100000000, 10);
      for (let index = 0; index < 6; index += 1) await userActs(t, number, 'report', user(6283100000000, index));
      expect(await graphNumber(t, number, 'quality_rating')).toMatchObject({ quality_rating: 'GREEN' });
      await t.advance('1h');
      expect(await graphNumber(t, number, 'quality_rating,status')).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED' });
      const view = await limitsOf(t, number);
      expect(view.quality).toMatchObject({ score: 52, rating: 'RED' });
      expect(qualityChange(view)).toMatchObject({ from: 'GREEN', to: 'RED', cause: 'score 52/100 (High ≥ 80, Medium ≥ 60): 6 reports (6 in the last 24 h) out of 100 recipients: 6 % weighted (−48)' });
    });

    it('marketing opt-outs drive the number to YELLOW, the explanation naming the opt-outs', async () => {
      const number = await tenant(t, 'Toko Berhenti Promo');
      // 9 customers got hello_world; 2 more users stop the number's marketing without a message of it in their chat.
      await sendToMany(t, number, 6283200000000, 9);
      for (let index = 0; index < 11; index += 1) await userActs(t, number, 'stop-marketing', user(6283200000000, index));
      await t.advance('1h');
      expect(await graphNumber(t, number, 'quality_rating,status')).toMatchObject({ quality_rating: 'YELLOW', status: 'CONNECTED' });
      const view = await limitsOf(t, number);
      expect(view.quality).toMatchObject({ score: 78, rating: 'YELLOW' });
      expect(qualityChange(view)).toMatchObject({ from: 'GREEN', to: 'YELLOW', cause: 'score 78/100 (High ≥ 80, Medium ≥ 60): 11 marketing opt-outs (11 in the last 24 h) out of 100 recipients: 11 % weighted (−22)' });
    });

    it("templates of the WABA that their readers rate Low drive another number of the WABA to YELLOW, the explanation naming the templates", async () => {
      const sender = await tenant(t, 'Toko Templat');
      const other = await secondNumber(t, sender, '+15550770901');
      expect((await t.kabar.app.inject({ method: 'POST', url: '/admin/templates/review-settings', headers: t.admin, payload: { delay_ms: 0 } })).statusCode).toBe(200);
      const names = ['promo_senin', 'promo_selasa', 'promo_rabu'];
      const bodies = ['Promo Senin: diskon 20% untuk semua sepatu.', 'Promo Selasa: gratis ongkir ke seluruh kota.', 'Promo Rabu: beli dua tas, bayar satu.'];
      for (const [index, name] of names.entries()) {
        const created = await t.kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${sender.wabaId}/message_templates`,
          headers: { authorization: `Bearer ${sender.token}` },
          payload: { name, language: 'id', category: 'MARKETING', components: [{ type: 'BODY', text: bodies[index] }] },
        });
        expect(created.json(), created.body).toMatchObject({ status: 'APPROVED' });
      }
      // The other number's own customers never complain: only the templates' quality can move it.
      await sendToMany(t, other, 6283300001000, 20);

      // Each template to the same 20 users: they all read it, and one of them reports it (1 in 20: Low).
      for (const name of names) {
        const wamids: string[] = [];
        for (let index = 0; index < 20; index += 1) {
          const sent = await t.kabar.app.inject({
            method: 'POST',
            url: `/v21.0/${sender.phoneNumberId}/messages`,
            headers: { authorization: `Bearer ${sender.token}` },
            payload: { messaging_product: 'whatsapp', to: user(6283300000000, index), type: 'template', template: { name, language: { code: 'id' } } },
          });
          expect(sent.statusCode, sent.body).toBe(200);
          wamids.push(sent.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '');
        }
        await t.advance('10s');
        const reported = await t.kabar.app.inject({ method: 'POST', url: `/sim/users/${user(6283300000000, 0)}/report`, headers: t.admin, payload: { phone_number_id: sender.phoneNumberId, message_id: wamids[0] } });
        expect(reported.statusCode, reported.body).toBe(200);
      }
      await t.advance('1h');
      const templates = await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${sender.wabaId}/message_templates?fields=name,quality_score&limit=100`, headers: { authorization: `Bearer ${sender.token}` } });
      const scores = templates.json<{ data: { name: string; quality_score?: { score: string } }[] }>().data.filter((template) => names.includes(template.name)).map((template) => template.quality_score?.score);
      expect(scores).toEqual(['RED', 'RED', 'RED']);

      // The WABA's templates turned Low: its numbers are rated again within the hour.
      await t.advance('1h');
      expect(await graphNumber(t, other, 'quality_rating,status')).toMatchObject({ quality_rating: 'YELLOW', status: 'CONNECTED' });
      const view = await limitsOf(t, other);
      expect(view.quality).toMatchObject({ score: 70, rating: 'YELLOW' });
      expect(qualityChange(view)).toMatchObject({ from: 'GREEN', to: 'YELLOW', cause: 'score 70/100 (High ≥ 80, Medium ≥ 60): 3 templates rated Low, 0 Medium (−30)' });
    });

    it('notifications sent again and again to the same customers drive the number to YELLOW, the explanation naming the frequency', async () => {
      const number = await tenant(t, 'Toko Terlalu Sering');
      for (let round = 0; round < 9; round += 1) {
        const sent = await Promise.all(Array.from({ length: 10 }, (_, index) => sendTemplate(t, number, user(6283400000000, index))));
        for (const response of sent) expect(response.statusCode, response.body).toBe(200);
        await t.advance('1m');
      }
      await t.advance('1h');
      expect(await graphNumber(t, number, 'quality_rating,status')).toMatchObject({ quality_rating: 'YELLOW', status: 'CONNECTED' });
      const view = await limitsOf(t, number);
      expect(view.quality).toMatchObject({ score: 75, rating: 'YELLOW' });
      expect(qualityChange(view)).toMatchObject({ from: 'GREEN', to: 'YELLOW', cause: 'score 75/100 (High ≥ 80, Medium ≥ 60): 9 notifications per recipient this week (allowance 4) (−25)' });
    });

    it('a group of simulated users whose behaviour profile blocks what they read drives the number to YELLOW, the explanation naming the blocks', async () => {
      const number = await tenant(t, 'Toko Grup Pemblokir');
      const group = await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/groups/pemblokir', headers: t.admin, payload: { profile: { block: 1, categories: ['utility'], delay_ms: [60_000, 60_000] }, prefix: '628350001' } });
      expect(group.statusCode, group.body).toBe(200);
      try {
        // 5 members of the group and 9 other users get the (utility) template: 19 reactions, too few to rate hello_world itself.
        await sendToMany(t, number, 6283500010000, 5);
        await sendToMany(t, number, 6283500020000, 9);
        // Read 5 s after the send, blocked a minute after the read.
        await t.advance('2m');
        const blocks = await t.kabar.app.inject({ method: 'GET', url: `/admin/feedback?phone_number_id=${number.phoneNumberId}&kind=block`, headers: t.admin });
        expect(blocks.json<{ data: { wa_id: string }[] }>().data.map((entry) => entry.wa_id).sort()).toEqual(Array.from({ length: 5 }, (_, index) => user(6283500010000, index)));
        await t.advance('1h');
        expect(await graphNumber(t, number, 'quality_rating,status')).toMatchObject({ quality_rating: 'YELLOW', status: 'CONNECTED' });
        const view = await limitsOf(t, number);
        expect(view.quality).toMatchObject({ score: 75, rating: 'YELLOW' });
        expect(qualityChange(view)).toMatchObject({ from: 'GREEN', to: 'YELLOW', cause: 'score 75/100 (High ≥ 80, Medium ≥ 60): 5 blocks (5 in the last 24 h) out of 100 recipients: 5 % weighted (−25)' });
      } finally {
        await t.kabar.app.inject({ method: 'DELETE', url: '/sim/behaviour/groups/pemblokir', headers: t.admin });
      }
    });
  });
}
