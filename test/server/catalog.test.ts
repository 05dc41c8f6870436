import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { createUser, secondBusiness, signIn } from '../support/console-users.js';
import { startKabar, type TestKabar } from '../support/kabar.js';

interface CatalogAnswer {
  readonly waba_id: string;
  readonly catalog: { readonly id: string; readonly name: string } | null;
  readonly products: readonly { readonly retailer_id: string; readonly name: string; readonly price: number; readonly currency: string; readonly image_url: string | null }[];
}

const user = '6281233334444';

for (const dialect of dialects) {
  describe(`product catalogs on ${dialect}`, () => {
    let t: TestKabar;

    beforeAll(async () => {
      t = await startKabar(dialect);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: user, text: 'Ada katalog?' } });
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    const admin = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
      t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload }) });
    const catalogOf = async (wabaId: string): Promise<CatalogAnswer> => (await admin('GET', `/admin/wabas/${wabaId}/catalog`)).json<CatalogAnswer>();
    const send = (interactive: Record<string, unknown>) =>
      t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: user, type: 'interactive', interactive } });

    it('seeds the demo WABA with a small Indonesian shop, once', async () => {
      const seeded = await catalogOf(t.demo.wabaId);
      expect(seeded.catalog?.id).toMatch(/^\d+$/);
      expect(seeded.products.map((product) => product.retailer_id)).toEqual(['batik-pekalongan', 'keripik-tempe', 'kopi-gayo-250', 'sambal-roa-200', 'teh-tubruk-100']);
      expect(seeded.products.find((product) => product.retailer_id === 'kopi-gayo-250')).toMatchObject({ name: 'Kopi Arabika Gayo 250 g', price: 85000, currency: 'IDR', image_url: 'https://example.com/kabar-demo/kopi-gayo.jpg' });
      expect((await admin('DELETE', `/admin/wabas/${t.demo.wabaId}/catalog/products/sambal-roa-200`)).json()).toEqual({ success: true });
      // A later start keeps what the operator did with the demo catalog.
      await t.kabar.services.ensureDemo(t.demo.accessToken);
      const again = await catalogOf(t.demo.wabaId);
      expect(again.catalog?.id).toBe(seeded.catalog?.id);
      expect(again.products.map((product) => product.retailer_id)).not.toContain('sambal-roa-200');
    });

    it('adds a product, replaces it by retailer id, and removes it', async () => {
      const added = await admin('POST', `/admin/wabas/${t.demo.wabaId}/catalog/products`, { retailer_id: 'rendang-500', name: 'Rendang 500 g', price: 120000, currency: 'idr', image_url: 'https://example.com/rendang.jpg' });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({ retailer_id: 'rendang-500', price: 120000, currency: 'IDR' });
      await admin('POST', `/admin/wabas/${t.demo.wabaId}/catalog/products`, { retailer_id: 'rendang-500', name: 'Rendang 500 g', price: 115000.5, currency: 'IDR' });
      const listed = (await catalogOf(t.demo.wabaId)).products.filter((product) => product.retailer_id === 'rendang-500');
      expect(listed).toEqual([expect.objectContaining({ price: 115000.5, image_url: null })]);
      expect((await admin('DELETE', `/admin/wabas/${t.demo.wabaId}/catalog/products/rendang-500`)).statusCode).toBe(200);
      const again = await admin('DELETE', `/admin/wabas/${t.demo.wabaId}/catalog/products/rendang-500`);
      expect(again.statusCode).toBe(400);
      expect(again.json<{ error: { code: number } }>().error.code).toBe(100);
    });

    it.each([
      ['a currency that is not ISO 4217', { currency: 'RP1' }, 131009],
      ['a price with four decimals', { price: 1.2345 }, 131009],
      ['a negative price', { price: -1 }, 100],
      ['an image that is not an http(s) URL', { image_url: 'ftp://example.com/x.jpg' }, 131009],
      ['a retailer id with a trailing space', { retailer_id: 'kopi ' }, 131009],
      ['no name', { name: undefined }, 131008],
    ])('refuses a product with %s', async (_name, change, code) => {
      const body = { retailer_id: 'kopi-robusta', name: 'Kopi Robusta', price: 50000, currency: 'IDR', ...change };
      const response = await admin('POST', `/admin/wabas/${t.demo.wabaId}/catalog/products`, Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)));
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { code: number } }>().error.code).toBe(code);
      expect((await catalogOf(t.demo.wabaId)).products.map((product) => product.retailer_id)).not.toContain('kopi-robusta');
    });

    it('connects a catalog to another WABA with its first product, listed at GET /{waba-id}/product_catalogs', async () => {
      const waba = (await admin('POST', `/admin/businesses/${t.demo.businessId}/wabas`, { name: 'Cabang Bandung' })).json<{ id: string }>();
      expect((await catalogOf(waba.id)).catalog).toBeNull();
      const empty = await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${waba.id}/product_catalogs`, headers: t.auth });
      expect(empty.json()).toEqual({ data: [] });
      await admin('POST', `/admin/wabas/${waba.id}/catalog/products`, { retailer_id: 'batagor', name: 'Batagor', price: 25000, currency: 'IDR' });
      const listed = await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${waba.id}/product_catalogs`, headers: t.auth });
      const catalog = (await catalogOf(waba.id)).catalog;
      expect(listed.json()).toEqual({ data: [{ id: catalog?.id, name: 'Cabang Bandung catalog' }] });
      expect(catalog?.id).not.toBe((await catalogOf(t.demo.wabaId)).catalog?.id);
      // The demo number's WABA cannot show the other WABA's catalog.
      const foreign = await send({ type: 'product', action: { catalog_id: catalog?.id, product_retailer_id: 'batagor' } });
      expect(foreign.json<{ error: { code: number; error_data: { details: string } } }>().error).toMatchObject({ code: 131009 });
      const unknownWaba = await admin('POST', '/admin/wabas/999999/catalog/products', { retailer_id: 'x', name: 'X', price: 1, currency: 'IDR' });
      expect(unknownWaba.json<{ error: { code: number; error_subcode: number } }>().error).toMatchObject({ code: 100, error_subcode: 33 });
    });

    it('keeps the card a message showed after the product leaves the catalog, and refuses new messages naming it', async () => {
      const catalogId = (await catalogOf(t.demo.wabaId)).catalog?.id;
      await admin('POST', `/admin/wabas/${t.demo.wabaId}/catalog/products`, { retailer_id: 'klepon', name: 'Klepon isi 10', price: 20000, currency: 'IDR' });
      const sent = await send({ type: 'product', body: { text: 'Jajan pasar' }, action: { catalog_id: catalogId, product_retailer_id: 'klepon' } });
      const wamid = sent.json<{ messages: { id: string }[] }>().messages[0]?.id;
      await admin('DELETE', `/admin/wabas/${t.demo.wabaId}/catalog/products/klepon`);
      const refused = await send({ type: 'product', action: { catalog_id: catalogId, product_retailer_id: 'klepon' } });
      expect(refused.json<{ error: { code: number; error_data: { details: string } } }>().error).toMatchObject({ code: 131009, error_data: { details: 'Products not found in FB Catalog' } });
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '5s' } });
      const phone = (await t.kabar.app.inject({ method: 'GET', url: `/sim/users/${user}/messages`, headers: t.admin })).json<{ data: { id: string; interactive?: { product?: { name: string; price: number } } }[] }>().data;
      expect(phone.find((message) => message.id === wamid)?.interactive?.product).toMatchObject({ name: 'Klepon isi 10', price: 20000 });
    });

    it("lets an agent read the catalog and tap for a user but only an admin change it, and keeps each business to its own", async () => {
      await createUser(t, { businessId: t.demo.businessId, email: 'agen@kabar.example', role: 'agent' });
      const agent = await signIn(t, 'agen@kabar.example');
      expect((await agent.request({ method: 'GET', url: `/admin/wabas/${t.demo.wabaId}/catalog` })).statusCode).toBe(200);
      const product = { retailer_id: 'bakpia', name: 'Bakpia', price: 30000, currency: 'IDR' };
      const refused = await agent.request({ method: 'POST', url: `/admin/wabas/${t.demo.wabaId}/catalog/products`, payload: product });
      expect(refused.json<{ error: { code: number } }>().error.code).toBe(10);
      const other = await secondBusiness(t);
      await createUser(t, { businessId: other.businessId, email: 'pemilik@lain.example', role: 'owner' });
      const stranger = await signIn(t, 'pemilik@lain.example');
      for (const response of [
        await stranger.request({ method: 'GET', url: `/admin/wabas/${t.demo.wabaId}/catalog` }),
        await stranger.request({ method: 'POST', url: `/admin/wabas/${t.demo.wabaId}/catalog/products`, payload: product }),
      ]) {
        expect(response.json<{ error: { code: number; error_subcode: number } }>().error).toMatchObject({ code: 100, error_subcode: 33 });
      }
      const sent = await send({ type: 'button', body: { text: 'Jadi pesan?' }, action: { buttons: [{ type: 'reply', reply: { id: 'jadi', title: 'Jadi' } }] } });
      const wamid = sent.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '2s' } });
      const foreignTap = await stranger.request({ method: 'POST', url: `/sim/users/${user}/tap`, payload: { message_id: wamid, id: 'jadi' } });
      expect(foreignTap.json<{ error: { code: number } }>().error.code).toBe(131009);
      const tap = await agent.request({ method: 'POST', url: `/sim/users/${user}/tap`, payload: { message_id: wamid, id: 'jadi' } });
      expect(tap.json()).toMatchObject({ message: { type: 'interactive', interactive: { button_reply: { id: 'jadi' } }, text: { body: 'Jadi' } } });
    });
  });
}
