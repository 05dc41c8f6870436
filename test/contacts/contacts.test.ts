import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';

interface ContactBody {
  id: string;
  wa_id: string;
  name: string;
  tags: string[];
  attributes: Record<string, unknown>;
  created?: boolean;
}

for (const dialect of dialects) {
  describe(`contacts on ${dialect}`, () => {
    let t: TestKabar;
    let business: string;
    let otherBusiness: string;

    const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    const contacts = (path = '') => `/admin/businesses/${business}/contacts${path}`;

    beforeAll(async () => {
      t = await startKabar(dialect);
      business = t.demo.businessId;
      otherBusiness = (await admin('POST', '/admin/businesses', { name: 'Other' })).json<{ id: string }>().id;
      await admin('POST', contacts('/settings'), { default_country: 'ID' });
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    it('creates a contact with its number in E.164, tags and attributes', async () => {
      const response = await admin('POST', contacts(), { phone: '0812-1111-2222', name: 'Siti Rahma', tags: ['VIP', ' vip ', 'Jakarta'], attributes: { city: 'Jakarta', orders: 3 } });
      expect(response.statusCode).toBe(201);
      expect(response.json<ContactBody>()).toMatchObject({ wa_id: '6281211112222', name: 'Siti Rahma', tags: ['jakarta', 'vip'], attributes: { city: 'Jakarta', orders: 3 }, created: true });
    });

    it('merges a second create of the same number written differently, and records it in the history', async () => {
      const first = (await admin('GET', contacts('?number=6281211112222'))).json<{ data: ContactBody[] }>().data[0];
      const response = await admin('POST', contacts(), { phone: '+62 812-1111-2222', name: 'Someone Else', tags: ['reseller'], attributes: { city: 'Bandung', tier: 'gold' } });
      expect(response.statusCode).toBe(200);
      const merged = response.json<ContactBody>();
      expect(merged).toMatchObject({ id: first?.id, name: 'Siti Rahma', tags: ['jakarta', 'reseller', 'vip'], attributes: { city: 'Jakarta', orders: 3, tier: 'gold' }, created: false });
      const history = (await admin('GET', contacts(`/${merged.id}/history`))).json<{ data: { kind: string }[] }>().data.map((event) => event.kind);
      expect(history).toEqual(['created', 'merged']);
    });

    it('finds contacts by the start of a name (any case, accents ignored), by a number prefix in any form, and by tag', async () => {
      await admin('POST', contacts(), { phone: '081233334444', name: 'Siti Aminah', tags: ['reseller'] });
      await admin('POST', contacts(), { phone: '081355556666', name: 'Sitorus Bona' });
      await admin('POST', contacts(), { phone: '+6285700001111', name: 'Érik Sitompul', tags: ['vip'] });
      const names = async (query: string) => (await admin('GET', contacts(query))).json<{ data: ContactBody[] }>().data.map((contact) => contact.name);
      expect(await names('?name=SITI')).toEqual(['Siti Aminah', 'Siti Rahma']);
      expect(await names('?q=sit')).toEqual(['Siti Aminah', 'Siti Rahma', 'Sitorus Bona']);
      expect(await names('?q=erik')).toEqual(['Érik Sitompul']);
      expect(await names('?q=0812')).toEqual(['Siti Rahma', 'Siti Aminah']);
      expect(await names('?number=%2B62 813')).toEqual(['Sitorus Bona']);
      expect(await names('?tag=VIP')).toEqual(['Siti Rahma', 'Érik Sitompul']);
      expect(await names('?tag=reseller&name=siti a')).toEqual(['Siti Aminah']);
    });

    it('pages through a search with the cursor it returns', async () => {
      const first = (await admin('GET', contacts('?q=sit&limit=2'))).json<{ data: ContactBody[]; paging: { after: string | null } }>();
      expect(first.data.map((contact) => contact.name)).toEqual(['Siti Aminah', 'Siti Rahma']);
      const second = (await admin('GET', contacts(`?q=sit&limit=2&after=${encodeURIComponent(first.paging.after ?? '')}`))).json<{ data: ContactBody[] }>();
      expect(second.data.map((contact) => contact.name)).toEqual(['Sitorus Bona']);
    });

    it('edits a contact: attributes set and removed, tags added and removed', async () => {
      const contact = (await admin('GET', contacts('?name=sitorus'))).json<{ data: ContactBody[] }>().data[0];
      const response = await admin('PATCH', contacts(`/${contact?.id}`), { name: 'Bona Sitorus', add_tags: ['new'], attributes: { city: 'Medan', unused: null } });
      expect(response.json<ContactBody>()).toMatchObject({ name: 'Bona Sitorus', tags: ['new'], attributes: { city: 'Medan' } });
      const again = await admin('PATCH', contacts(`/${contact?.id}`), { remove_tags: ['new'], attributes: { city: null } });
      expect(again.json<ContactBody>()).toMatchObject({ tags: [], attributes: {} });
      expect((await admin('GET', contacts('?tag=new'))).json<{ data: unknown[] }>().data).toEqual([]);
    });

    it('merges a contact into the one that already has the number it is given, keeping both histories', async () => {
      const moving = (await admin('POST', contacts(), { phone: '081299998888', name: 'Old Number', tags: ['a'] })).json<ContactBody>();
      const holder = (await admin('POST', contacts(), { phone: '081277776666', tags: ['b'] })).json<ContactBody>();
      const response = await admin('PATCH', contacts(`/${moving.id}`), { phone: '0812-7777-6666' });
      expect(response.statusCode).toBe(200);
      expect(response.json<ContactBody>()).toMatchObject({ id: holder.id, wa_id: '6281277776666', name: 'Old Number', tags: ['a', 'b'] });
      expect((await admin('GET', contacts(`/${moving.id}`))).statusCode).toBe(400);
      const history = (await admin('GET', contacts(`/${holder.id}/history`))).json<{ data: { kind: string }[] }>().data.map((event) => event.kind);
      expect(history.sort()).toEqual(['created', 'created', 'merged']);
    });

    it('keeps businesses apart: another business sees none of these contacts, by id, search or merge', async () => {
      const mine = (await admin('GET', contacts('?q=siti r'))).json<{ data: ContactBody[] }>().data[0];
      expect((await admin('GET', `/admin/businesses/${otherBusiness}/contacts/${mine?.id}`)).json<{ error: { code: number } }>().error.code).toBe(100);
      expect((await admin('GET', `/admin/businesses/${otherBusiness}/contacts?q=siti`)).json<{ data: unknown[] }>().data).toEqual([]);
      expect((await admin('DELETE', `/admin/businesses/${otherBusiness}/contacts/${mine?.id}`)).statusCode).toBe(400);
      const theirs = (await admin('POST', `/admin/businesses/${otherBusiness}/contacts`, { phone: '+6281211112222', name: 'Their Siti' })).json<ContactBody>();
      expect(theirs.created).toBe(true);
      expect((await admin('POST', contacts(`/${mine?.id}/merge`), { from: theirs.id })).statusCode).toBe(400);
      expect((await admin('GET', contacts(`/${mine?.id}`))).json<ContactBody>().name).toBe('Siti Rahma');
    });

    it("keeps a business's API key to its own contacts and consent, and to its role", async () => {
      const created = await admin('POST', '/admin/api-keys', { business_id: business, name: 'crm', role: 'agent' });
      const key = created.json<{ key: string }>().key;
      const asAgent = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
        t.kabar.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload }) });
      expect((await asAgent('GET', contacts('?q=siti'))).statusCode).toBe(200);
      const foreign = await asAgent('GET', `/admin/businesses/${otherBusiness}/contacts?q=siti`);
      expect(foreign.json<{ error: { code: number; error_subcode: number } }>().error).toMatchObject({ code: 100, error_subcode: 33 });
      expect((await asAgent('GET', `/admin/businesses/${otherBusiness}/consent/ledger`)).statusCode).toBe(400);
      expect((await asAgent('POST', `/admin/businesses/${otherBusiness}/contacts`, { phone: '+6281200000009' })).statusCode).toBe(400);
      const mine = (await asAgent('GET', contacts('?q=siti r'))).json<{ data: ContactBody[] }>().data[0];
      const refused = await asAgent('DELETE', contacts(`/${mine?.id}`));
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ error: { code: number } }>().error.code).toBe(10);
    });

    it('refuses a number that is not one, in the Graph envelope', async () => {
      const response = await admin('POST', contacts(), { phone: '0812', name: 'Short' });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { code: number; error_data: { details: string } } }>().error).toMatchObject({ code: 131009 });
      expect((await admin('POST', contacts(), { phone: 'call me' })).statusCode).toBe(400);
    });

    it('exports every contact as CSV, streamed', async () => {
      const response = await admin('GET', contacts('/export.csv'));
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const lines = response.body.trim().split('\n');
      expect(lines[0]).toBe('phone,wa_id,name,tags,attributes,verification,id,created_at');
      const listed = (await admin('GET', contacts('?limit=500'))).json<{ data: unknown[] }>().data.length;
      expect(lines.length - 1).toBe(listed);
      expect(response.body).toContain('+6281211112222,6281211112222,Siti Rahma,jakarta;reseller;vip');
    });

    it('deletes a contact', async () => {
      const contact = (await admin('POST', contacts(), { phone: '081200000001', tags: ['gone'] })).json<ContactBody>();
      expect((await admin('DELETE', contacts(`/${contact.id}`))).json()).toEqual({ success: true });
      expect((await admin('GET', contacts('?tag=gone'))).json<{ data: unknown[] }>().data).toEqual([]);
      expect((await admin('GET', contacts('?q=081200000001'))).json<{ data: unknown[] }>().data).toEqual([]);
    });
  });
}
