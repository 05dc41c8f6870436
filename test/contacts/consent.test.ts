import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { approvedMarketingTemplate, templateBody } from '../support/marketing-template.js';
import { KyselyConsentRepository } from '../../src/store/index.js';

interface LedgerEntry {
  id: string;
  wa_id: string;
  category: string;
  action: string;
  source: string;
  consent_text: string;
  proof: Record<string, unknown>;
}

for (const dialect of dialects) {
  describe(`opt-in ledger and consent on ${dialect}`, () => {
    let t: TestKabar;
    let business: string;

    const admin = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload }) });
    const consent = (path: string) => `/admin/businesses/${business}/consent${path}`;
    const userWrites = (from: string, text: string) => admin('POST', '/sim/messages', { from, text });
    const template = (to: string, name: string) => t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: templateBody(to, name) });
    const ledger = async (phone: string): Promise<LedgerEntry[]> => (await admin('GET', consent(`/ledger?phone=${phone}`))).json<{ data: LedgerEntry[] }>().data;
    const status = async (phone: string) => (await admin('GET', consent(`/status?phone=${phone}`))).json<{ marketing: { state: string } | null; utility: { state: string } | null }>();

    beforeAll(async () => {
      t = await startKabar(dialect);
      await approvedMarketingTemplate(t, 'promo_sale');
      business = t.demo.businessId;
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    it('makes a wa.me link and its QR code, and records an opt-in with the message as proof when a user sends the prefilled text', async () => {
      const created = await admin('POST', consent('/links'), { phone_number_id: t.demo.phoneNumberId, categories: ['marketing'], consent_text: 'Promo dari Toko Kabar lewat WhatsApp', prefilled_text: 'Halo, saya mau info promo' });
      expect(created.statusCode).toBe(201);
      const link = created.json<{ id: string; url: string; prefilled_text: string; token: string; source: string }>();
      expect(link.source).toBe('qr_code');
      expect(link.prefilled_text).toBe(`Halo, saya mau info promo [${link.token}]`);
      expect(link.url).toBe(`https://wa.me/${t.demo.phoneNumber}?text=${encodeURIComponent(link.prefilled_text)}`);
      const svg = await admin('GET', consent(`/links/${link.id}/qr.svg`));
      expect(svg.headers['content-type']).toBe('image/svg+xml');
      expect(svg.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      const png = await admin('GET', consent(`/links/${link.id}/qr.png?size=256`));
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

      // The user scans the code: WhatsApp opens with the prefilled text, which they send.
      const text = decodeURIComponent(new URL(link.url).searchParams.get('text') ?? '');
      const sent = (await userWrites('6281211110001', text)).json<{ message: { id: string } }>();
      const entries = await ledger('6281211110001');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ category: 'marketing', action: 'opt_in', source: 'qr_code', consent_text: 'Promo dari Toko Kabar lewat WhatsApp', proof: { message_id: sent.message.id, link_id: link.id, text } });
      expect(await status('6281211110001')).toMatchObject({ marketing: { state: 'opted_in' }, utility: null });
    });

    it('ignores a link token of another business', async () => {
      const other = (await admin('POST', '/admin/businesses', { name: 'Other' })).json<{ id: string }>().id;
      const waba = (await admin('POST', `/admin/businesses/${other}/wabas`, { name: 'W' })).json<{ id: string }>().id;
      const number = (await admin('POST', `/admin/wabas/${waba}/phone_numbers`, { phone_number: '15550177777', verified_name: 'Other' })).json<{ id: string }>().id;
      const link = (await admin('POST', `/admin/businesses/${other}/consent/links`, { phone_number_id: number, categories: ['marketing'], consent_text: 'x', source: 'link' })).json<{ prefilled_text: string }>();
      await userWrites('6281211110002', link.prefilled_text);
      expect(await ledger('6281211110002')).toEqual([]);
      expect((await admin('POST', `/admin/businesses/${other}/consent/links`, { phone_number_id: t.demo.phoneNumberId, categories: ['marketing'], consent_text: 'x' })).statusCode).toBe(400);
    });

    it('withdraws every category when a user replies STOP or BERHENTI, and a business may set its own keywords', async () => {
      await admin('POST', consent('/opt-ins'), { phone: '+62 812-1111-0003', categories: ['marketing', 'utility'], source: 'web_form', consent_text: 'I agree to receive offers', proof: { form_id: 'f-7' } });
      expect(await status('6281211110003')).toMatchObject({ marketing: { state: 'opted_in' }, utility: { state: 'opted_in' } });
      await userWrites('6281211110003', '  berhenti! ');
      expect(await status('6281211110003')).toMatchObject({ marketing: { state: 'opted_out' }, utility: { state: 'opted_out' } });
      const entries = await ledger('6281211110003');
      expect(entries.map((entry) => [entry.action, entry.source])).toEqual([
        ['opt_out', 'keyword'],
        ['opt_out', 'keyword'],
        ['opt_in', 'web_form'],
        ['opt_in', 'web_form'],
      ]);
      await userWrites('6281211110004', 'STOP please');
      expect(await ledger('6281211110004')).toEqual([]);
      await admin('POST', consent('/settings'), { opt_out_keywords: ['unsubscribe', 'Stop'] });
      await userWrites('6281211110004', 'Unsubscribe');
      expect((await ledger('6281211110004')).map((entry) => entry.action)).toEqual(['opt_out', 'opt_out']);
    });

    it('keeps the ledger append-only: a withdrawal through the API is a new entry, the opt-in stays as proof', async () => {
      await admin('POST', consent('/opt-ins'), { phone: '6281211110005', categories: ['utility'], source: 'ivr', consent_text: 'Pressed 1 to receive order updates', recorded_at: '2026-11-20T10:00:00Z' });
      const withdrawn = await admin('POST', consent('/opt-outs'), { phone: '6281211110005', categories: ['utility'], reason: 'Asked the agent' });
      expect(withdrawn.statusCode).toBe(201);
      const entries = await ledger('6281211110005');
      expect(entries.map((entry) => [entry.action, entry.source])).toEqual([
        ['opt_out', 'api'],
        ['opt_in', 'ivr'],
      ]);
      expect((await admin('POST', consent('/opt-ins'), { phone: '6281211110005', categories: ['utility'], source: 'carrier_pigeon', consent_text: 'x' })).statusCode).toBe(400);
    });

    it('passes templates without opt-in on the Graph surface by default, as Meta does', async () => {
      const response = await template('6281211110099', 'promo_sale');
      expect(response.statusCode).toBe(200);
    });

    it('with the Graph switch on, refuses a marketing template to a number without a marketing opt-in before it leaves Kabar', async () => {
      const switched = await admin('POST', consent('/settings'), { graph_opt_in_check: true });
      expect(switched.json()).toMatchObject({ graph_opt_in_check: true, crm_opt_in_check: true });
      const refused = await template('6281211110098', 'promo_sale');
      expect(refused.statusCode).toBe(400);
      const error = refused.json<{ error: { code: number; message: string; error_data: { details: string } } }>().error;
      expect(error.code).toBe(4900001);
      expect(error.message).toBe('(#4900001) Opt-in required');
      expect(error.error_data.details).toContain('no marketing opt-in');
      expect((await admin('GET', `/sim/users/6281211110098/messages?undelivered=true`)).json<{ data: unknown[] }>().data).toEqual([]);
      // The QR-code opt-in of the first test is for marketing only.
      expect((await template('6281211110001', 'promo_sale')).statusCode).toBe(200);
      expect((await template('6281211110001', 'hello_world')).json<{ error: { code: number } }>().error.code).toBe(4900001);
      // After STOP, nothing until they opt in again.
      expect((await template('6281211110003', 'promo_sale')).json<{ error: { error_data: { details: string } } }>().error.error_data.details).toContain('withdrew marketing consent');
      await admin('POST', consent('/opt-ins'), { phone: '6281211110003', categories: ['marketing'], source: 'whatsapp_thread', consent_text: 'Said yes in the chat' });
      expect((await template('6281211110003', 'promo_sale')).statusCode).toBe(200);
      await userWrites('6281211110003', 'STOP');
      expect((await template('6281211110003', 'promo_sale')).statusCode).toBe(400);
      await admin('POST', consent('/settings'), { graph_opt_in_check: false });
      expect((await template('6281211110003', 'promo_sale')).statusCode).toBe(200);
    });

    it('still fails a marketing template with 131050 when a user with a recorded opt-in stopped marketing messages in WhatsApp', async () => {
      await admin('POST', consent('/settings'), { graph_opt_in_check: true });
      await admin('POST', consent('/opt-ins'), { phone: '6281211110006', categories: ['marketing'], source: 'ad', consent_text: 'Clicked "yes, send me offers"' });
      await admin('POST', '/sim/users/6281211110006/stop-marketing', {});
      const sent = await template('6281211110006', 'promo_sale');
      expect(sent.statusCode).toBe(200);
      await t.kabar.services.settle();
      const stored = (await admin('GET', '/sim/users/6281211110006/messages?undelivered=true')).json<{ data: { status: string; error_code?: number }[] }>().data;
      expect(stored.at(-1)).toMatchObject({ status: 'failed', error_code: 131050 });
      await admin('POST', consent('/settings'), { graph_opt_in_check: false });
    });

    it("answers the CRM's question before a send: a template needs a matching opt-in (on by default for the CRM)", async () => {
      const contact = (await admin('POST', `/admin/businesses/${business}/contacts`, { phone: '6281211110001' })).json<{ id: string }>();
      const ask = async (category: string) => (await admin('GET', `/admin/businesses/${business}/contacts/${contact.id}/sendability?category=${category}`)).json<{ allowed: boolean; code?: string }>();
      expect(await ask('marketing')).toMatchObject({ allowed: true });
      expect(await ask('utility')).toMatchObject({ allowed: false, code: 'OPT_IN_REQUIRED' });
      expect(await ask('service')).toMatchObject({ allowed: true });
      await admin('POST', consent('/settings'), { crm_opt_in_check: false });
      expect(await ask('utility')).toMatchObject({ allowed: true });
    });

    it('remembers a number\'s consent until a ledger entry for it commits, and never keeps a read that a write overtook', async () => {
      const repository = new KyselyConsentRepository(t.kabar.services.database.db);
      expect(repository.remembered(business, '6281211110001')).toBeUndefined();
      const read = await repository.states(business, '6281211110001');
      expect(read.map((state) => [state.category, state.action])).toEqual([['marketing', 'opt_in']]);
      expect(repository.remembered(business, '6281211110001')).toBe(read);
      repository.forget(business, '6281211110001');
      expect(repository.remembered(business, '6281211110001')).toBeUndefined();
      // A read in flight when an entry commits answers what it read, but is not remembered.
      const inFlight = repository.states(business, '6281211110003');
      repository.forget(business, '6281211110099');
      expect((await inFlight).length).toBeGreaterThan(0);
      expect(repository.remembered(business, '6281211110003')).toBeUndefined();
    });
  });
}
