import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setThroughput } from '../support/kabar.js';
import { ActionButtons, ActionList, ActionProductList, Body, Button, Header, Interactive, ListSection, Product, ProductSection, Row, Text } from 'whatsapp-api-js/messages';
import type { ClientMessage } from 'whatsapp-api-js/types';
import { messageStored } from '../../src/core/messaging/index.js';
import { record, unitOf } from '../../src/core/shared/index.js';
import { encodeWamid } from '../../src/wire/index.js';
import { dialects } from '../support/databases.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';

const user = '6281298765432';

interface Envelope {
  readonly entry: readonly { readonly id: string; readonly changes: readonly { readonly field: string; readonly value: Record<string, unknown> }[] }[];
}

/**
 * Every kind of message a simulated user can send that is not media, each arriving as the exact
 * `messages` webhook of Meta's reference, accepted by whatsapp-api-js's signature check.
 */
for (const dialect of dialects) {
  describe(`inbound messages of every kind through whatsapp-api-js on ${dialect}`, () => {
    let kabar: RunningKabar;
    let library: LibraryClient;
    let close: () => Promise<void>;
    let catalogId = '';

    beforeAll(async () => {
      ({ kabar, library, close } = await startWithLibrary(dialect));
      // The business answers one user many times within seconds of simulated time; the pair rate
      // limit (one message every 6 s) is not what these tests are about.
      await setThroughput(kabar, 'UNLIMITED');
      catalogId = ((await kabar.operator('GET', `/admin/wabas/${kabar.demo.wabaId}/catalog`)) as { catalog: { id: string } }).catalog.id;
    });

    afterAll(() => close());

    /** The user acts through the simulator API; answers the wamid of what reached the business. */
    async function userDoes(action: string, body: Record<string, unknown>): Promise<string> {
      const answer = (await kabar.operator('POST', `/sim/users/${user}/${action}`, body)) as { message: { id: string } };
      return answer.message.id;
    }

    /** The `messages` value the business received for `wamid`, once the library accepted its signature. */
    async function received(wamid: string): Promise<Record<string, unknown>> {
      expect(await library.until(() => library.messages.some((args) => args.message.id === wamid))).toBe(true);
      expect(library.rejected).toEqual([]);
      const envelope = library.messages.find((args) => args.message.id === wamid)?.raw as unknown as Envelope;
      expect(envelope.entry).toHaveLength(1);
      expect(envelope.entry[0]?.id).toBe(kabar.demo.wabaId);
      expect(envelope.entry[0]?.changes.map((change) => change.field)).toEqual(['messages']);
      return envelope.entry[0]?.changes[0]?.value ?? {};
    }

    const now = (): string => String(Math.floor(kabar.clock.now() / 1000));

    /** The value Meta's reference shows around one inbound message. */
    function value(message: Record<string, unknown>, name = 'Sim User 5432'): Record<string, unknown> {
      return {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: kabar.demo.phoneNumber, phone_number_id: kabar.demo.phoneNumberId },
        contacts: [{ profile: { name }, wa_id: user }],
        messages: [{ from: user, timestamp: now(), ...message }],
      };
    }

    async function businessSends(message: ClientMessage): Promise<string> {
      const response = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, message)) as { messages?: { id: string }[] };
      const wamid = response.messages?.[0]?.id;
      if (wamid === undefined) throw new Error(`the send was refused: ${JSON.stringify(response)}`);
      return wamid;
    }

    /** Lets the simulated phone receive what was sent (delivered after 2 s on the test schedule). */
    const deliver = (): Promise<unknown> => kabar.operator('POST', '/sim/clock/advance', { by: '2s' });

    let first = '';

    it('text', async () => {
      first = await userDoes('messages', { text: 'Halo, ada stok?', name: 'Siti' });
      expect(await received(first)).toStrictEqual(value({ id: first, type: 'text', text: { body: 'Halo, ada stok?' } }, 'Siti'));
    });

    it('a reply with context naming the business message it answers', async () => {
      const question = await businessSends(new Text('Mau ukuran apa?'));
      await deliver();
      const wamid = await userDoes('messages', { text: 'Ukuran M', context: question });
      expect(await received(wamid)).toStrictEqual(value({ id: wamid, type: 'text', text: { body: 'Ukuran M' }, context: { from: kabar.demo.phoneNumber, id: question } }));
    });

    it('location', async () => {
      const location = { latitude: -6.2088, longitude: 106.8456, name: 'Monas', address: 'Gambir, Jakarta Pusat', url: 'https://maps.example.com/monas' };
      const wamid = await userDoes('messages', { location });
      expect(await received(wamid)).toStrictEqual(value({ id: wamid, type: 'location', location }));
    });

    it('contacts', async () => {
      const card = { name: { formatted_name: 'Budi Santoso', first_name: 'Budi', last_name: 'Santoso' }, phones: [{ phone: '+62 811 1111 2222', type: 'CELL', wa_id: '6281111112222' }], org: { company: 'Toko Maju' } };
      const wamid = await userDoes('messages', { contacts: [card] });
      expect(await received(wamid)).toStrictEqual(value({ id: wamid, type: 'contacts', contacts: [card] }));
    });

    it('a reaction, and its removal without an emoji', async () => {
      const wamid = await userDoes('react', { message_id: first, emoji: '🙏' });
      expect(await received(wamid)).toStrictEqual(value({ id: wamid, type: 'reaction', reaction: { message_id: first, emoji: '🙏' } }));
      const removal = await userDoes('react', { message_id: first, emoji: '' });
      expect(await received(removal)).toStrictEqual(value({ id: removal, type: 'reaction', reaction: { message_id: first } }));
    });

    it('a first message from a click-to-WhatsApp ad, with its referral', async () => {
      const wamid = await userDoes('messages', {
        text: 'Saya lihat iklan batik',
        referral: { source_url: 'https://fb.me/3cr4Wqqkv', source_id: '120211234567890', headline: 'Batik diskon 20%', body: 'Hanya minggu ini', media_type: 'image', image_url: 'https://example.com/ad.jpg' },
      });
      const got = await received(wamid);
      const message = (got['messages'] as Record<string, unknown>[])[0] ?? {};
      const referral = message['referral'] as Record<string, unknown>;
      expect(referral['ctwa_clid']).toEqual(expect.any(String));
      expect(got).toStrictEqual(
        value({
          id: wamid,
          type: 'text',
          text: { body: 'Saya lihat iklan batik' },
          referral: {
            source_url: 'https://fb.me/3cr4Wqqkv',
            source_id: '120211234567890',
            source_type: 'ad',
            headline: 'Batik diskon 20%',
            body: 'Hanya minggu ini',
            media_type: 'image',
            image_url: 'https://example.com/ad.jpg',
            ctwa_clid: referral['ctwa_clid'],
          },
        }),
      );
    });

    it('unsupported, with its 131051 error', async () => {
      const wamid = await userDoes('messages', { unsupported: { type: 'poll_creation' } });
      expect(await received(wamid)).toStrictEqual(
        value({
          id: wamid,
          type: 'unsupported',
          unsupported: { type: 'poll_creation' },
          errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
        }),
      );
    });

    it('a tapped reply button and a picked list row answer with the ids the business sent', async () => {
      const buttons = await businessSends(new Interactive(new ActionButtons(new Button('resched-yes', 'Ya, jadwal ulang'), new Button('resched-no', 'Tidak')), new Body('Jadwal ulang pengiriman?')));
      const list = await businessSends(
        new Interactive(new ActionList('Pilihan', new ListSection('Cepat', new Row('ship-express', 'Express', 'Tiba besok')), new ListSection('Hemat', new Row('ship-regular', 'Reguler'))), new Body('Pilih pengiriman'), new Header('Ongkir')),
      );
      // A phone cannot tap what has not reached it.
      const early = await fetch(`${kabar.baseUrl}/sim/users/${user}/tap`, { method: 'POST', headers: { ...kabar.admin, 'content-type': 'application/json' }, body: JSON.stringify({ message_id: buttons, id: 'resched-yes' }) });
      expect(early.status).toBe(400);
      await deliver();

      const tapped = await userDoes('tap', { message_id: buttons, id: 'resched-yes' });
      expect(await received(tapped)).toStrictEqual(
        value({ id: tapped, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'resched-yes', title: 'Ya, jadwal ulang' } }, context: { from: kabar.demo.phoneNumber, id: buttons } }),
      );
      const picked = await userDoes('tap', { message_id: list, id: 'ship-express' });
      expect(await received(picked)).toStrictEqual(
        value({ id: picked, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'ship-express', title: 'Express', description: 'Tiba besok' } }, context: { from: kabar.demo.phoneNumber, id: list } }),
      );
      const tappedArgs = library.messages.find((args) => args.message.id === tapped);
      expect(tappedArgs?.message).toMatchObject({ type: 'interactive', interactive: { button_reply: { id: 'resched-yes' } } });
    });

    it("a template's quick-reply button answers with a button message carrying its payload", async () => {
      // A template as the templates module stores it: a quick-reply button the user can tap.
      const services = kabar.kabar.services;
      const key = services.ids.key();
      const at = services.clock.now();
      await services.committer.commit(
        unitOf([
          record(messageStored, {
            key, businessId: kabar.demo.businessId, wabaId: kabar.demo.wabaId, phoneNumberId: kabar.demo.phoneNumberId, direction: 'outbound', waId: user, type: 'template',
            content: {
              template: { name: 'promo_akhir_tahun', language: 'id', id: '1234567890', category: 'MARKETING' },
              body: 'Diskon akhir tahun!',
              buttons: [{ id: '0', title: 'Stop promo', kind: 'quick_reply', payload: 'STOP_PROMO' }, { id: '1', title: 'Belanja', kind: 'url', url: 'https://example.com/promo' }],
            },
            category: 'marketing', status: 'delivered', errorCode: null, contextKey: null, bizOpaqueCallbackData: null, idempotencyKey: null, requestFingerprint: null, createdAt: at, updatedAt: at,
          }),
        ]),
      );
      const template = encodeWamid({ waId: user, key });
      // A URL button opens a page; it sends nothing to the business.
      const link = await fetch(`${kabar.baseUrl}/sim/users/${user}/tap`, { method: 'POST', headers: { ...kabar.admin, 'content-type': 'application/json' }, body: JSON.stringify({ message_id: template, id: '1' }) });
      expect(link.status).toBe(400);
      expect(await link.text()).toContain("it offers '0'");
      const tapped = await userDoes('tap', { message_id: template, id: '0' });
      expect(await received(tapped)).toStrictEqual(value({ id: tapped, type: 'button', button: { text: 'Stop promo', payload: 'STOP_PROMO' }, context: { from: kabar.demo.phoneNumber, id: template } }));
    });

    it('an order from a product list names the products, quantities and prices', async () => {
      const offer = await businessSends(
        new Interactive(new ActionProductList(catalogId, new ProductSection('Minuman', new Product('kopi-gayo-250'), new Product('teh-tubruk-100')), new ProductSection('Camilan', new Product('keripik-tempe'))), new Body('Katalog kami'), new Header('Toko Maju')),
      );
      await deliver();
      const refused = await fetch(`${kabar.baseUrl}/sim/users/${user}/order`, {
        method: 'POST',
        headers: { ...kabar.admin, 'content-type': 'application/json' },
        body: JSON.stringify({ message_id: offer, items: [{ product_retailer_id: 'batik-pekalongan', quantity: 1 }] }),
      });
      expect(refused.status).toBe(400);
      const order = await userDoes('order', { message_id: offer, text: 'Tolong kirim hari ini', items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 2 }, { product_retailer_id: 'keripik-tempe', quantity: 3 }] });
      expect(await received(order)).toStrictEqual(
        value({
          id: order,
          type: 'order',
          order: {
            catalog_id: catalogId,
            text: 'Tolong kirim hari ini',
            product_items: [
              { product_retailer_id: 'kopi-gayo-250', quantity: 2, item_price: 85000, currency: 'IDR' },
              { product_retailer_id: 'keripik-tempe', quantity: 3, item_price: 18000, currency: 'IDR' },
            ],
          },
        }),
      );
    });

    it('commerce settings: read and changed as Meta documents them; with the cart off the user cannot order', async () => {
      const path = `${kabar.baseUrl}/v24.0/${kabar.demo.phoneNumberId}/whatsapp_commerce_settings`;
      const settings = async (query = ''): Promise<{ data: Record<string, unknown>[] }> => (await (await fetch(`${path}${query}`, { headers: kabar.auth })).json()) as { data: Record<string, unknown>[] };
      const initial = await settings();
      expect(initial.data).toEqual([{ is_cart_enabled: true, is_catalog_visible: true, id: expect.stringMatching(/^[0-9]{15}$/) as unknown }]);
      expect((await settings('?fields=is_cart_enabled')).data).toEqual([{ is_cart_enabled: true, id: initial.data[0]?.['id'] }]);

      // As Meta's documentation shows it: the settings in the query string of a POST.
      const turnedOff = await fetch(`${path}?is_cart_enabled=false`, { method: 'POST', headers: kabar.auth });
      expect(await turnedOff.json()).toEqual({ success: true });
      expect((await settings()).data[0]).toMatchObject({ is_cart_enabled: false, is_catalog_visible: true });

      const offer = await businessSends(new Interactive(new ActionProductList(catalogId, new ProductSection('Minuman', new Product('kopi-gayo-250'))), new Body('Katalog kami'), new Header('Toko Maju')));
      await deliver();
      const refused = await fetch(`${kabar.baseUrl}/sim/users/${user}/order`, {
        method: 'POST',
        headers: { ...kabar.admin, 'content-type': 'application/json' },
        body: JSON.stringify({ message_id: offer, items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 1 }] }),
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { error_data: { details: string } } }).error.error_data.details).toContain('is_cart_enabled is false');

      // A JSON body works as well; what it does not name stays as it was.
      const jsonBody = await fetch(path, { method: 'POST', headers: { ...kabar.auth, 'content-type': 'application/json' }, body: JSON.stringify({ is_cart_enabled: true, is_catalog_visible: false }) });
      expect(jsonBody.status).toBe(200);
      expect((await settings()).data[0]).toMatchObject({ is_cart_enabled: true, is_catalog_visible: false });
      const order = await userDoes('order', { message_id: offer, items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 1 }] });
      expect(await received(order)).toMatchObject({ messages: [{ type: 'order', order: { product_items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 1 }] } }] });

      for (const query of ['?is_cart_enabled=maybe', '', '?fields=colour']) {
        const bad = await fetch(`${path}${query}`, { method: query.startsWith('?fields') ? 'GET' : 'POST', headers: kabar.auth });
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(100);
      }
      expect((await settings()).data[0]).toMatchObject({ is_cart_enabled: true, is_catalog_visible: false });
      await fetch(`${path}?is_catalog_visible=true`, { method: 'POST', headers: kabar.auth });
    });

    it('a read receipt marks the message and the earlier ones read; a typing indicator is accepted', async () => {
      const before = await userDoes('messages', { text: 'Masih buka?' });
      const named = await userDoes('messages', { text: 'Jam berapa tutup?' });
      const after = await userDoes('messages', { text: 'Halo?' });
      expect(await library.client.markAsRead(kabar.demo.phoneNumberId, named)).toEqual({ success: true });
      expect(await library.client.markAsRead(kabar.demo.phoneNumberId, named, 'text')).toEqual({ success: true });
      const phone = ((await kabar.operator('GET', `/sim/users/${user}/messages?direction=sent&limit=100`)) as { data: { id: string; status: string }[] }).data;
      const statusOf = (wamid: string): string | undefined => phone.find((message) => message.id === wamid)?.status;
      expect([statusOf(first), statusOf(before), statusOf(named), statusOf(after)]).toEqual(['read', 'read', 'read', 'received']);
      const outbound = await businessSends(new Text('Sampai jam 9'));
      const refused = (await library.client.markAsRead(kabar.demo.phoneNumberId, outbound)) as { error?: { code: number } };
      expect(refused.error?.code).toBe(131009);
    });
  });
}
