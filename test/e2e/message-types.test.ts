import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionButtons, ActionCatalog, ActionCTA, ActionList, ActionLocation, ActionNavigateFlow, ActionProduct, ActionProductList, Audio, Body, Button, CatalogProduct, Contacts,
  Document, Email, Footer, Header, Image, Interactive, ListSection, Location, Name, Phone, Product, ProductSection, Reaction, Row, Sticker, Text, Video,
} from 'whatsapp-api-js/messages';
import type { ClientMessage } from 'whatsapp-api-js/types';
import { dialects } from '../support/databases.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';
import { jpegBytes, MediaFileServer, webpBytes } from '../support/media-files.js';

const user = '6281234567890';

interface Sent {
  readonly wamid: string;
  readonly status: number;
  readonly error?: { readonly code: number; readonly error_data?: { readonly details: string } };
}

interface ViewMessage {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly [field: string]: unknown;
}

/**
 * Every outbound type but templates, sent through whatsapp-api-js as an integrator would: each valid
 * one reaches the simulated phone, and one invalid example per type gets Meta's code.
 */
for (const dialect of dialects) {
  describe(`every message type through whatsapp-api-js on ${dialect}`, () => {
    let kabar: RunningKabar;
    let library: LibraryClient;
    let close: () => Promise<void>;
    let catalogId = '';
    let greeting = '';
    let files: MediaFileServer;
    let imageId = '';
    let flowId = '';

    beforeAll(async () => {
      ({ kabar, library, close } = await startWithLibrary(dialect));
      // Links are fetched as Meta fetches them: they point at a real web server with real files.
      files = await MediaFileServer.start();
      files.put('/kopi.jpg', 'image/jpeg', jpegBytes(1_000));
      files.put('/promo.mp4', 'video/mp4', Buffer.alloc(1_000, 1));
      files.put('/salam.ogg', 'audio/ogg', Buffer.alloc(500, 2));
      files.put('/inv.pdf', 'application/pdf', Buffer.from('%PDF-1.4 invoice'));
      files.put('/s.webp', 'image/webp', webpBytes(2_000, false));
      const form = new FormData();
      form.append('file', new Blob([jpegBytes(800)], { type: 'image/jpeg' }), 'kopi.jpg');
      form.append('messaging_product', 'whatsapp');
      imageId = ((await library.client.uploadMedia(kabar.demo.phoneNumberId, form)) as { id: string }).id;
      const catalogs = await fetch(`${kabar.baseUrl}/v24.0/${kabar.demo.wabaId}/product_catalogs`, { headers: kabar.auth });
      catalogId = (await catalogs.json() as { data: { id: string }[] }).data[0]?.id ?? '';
      // A Flow message must name a Flow of the WABA; a draft one goes out in draft mode.
      const flowJson = JSON.stringify({ version: '6.0', screens: [{ id: 'WELCOME', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'Footer', label: 'Kirim', 'on-click-action': { name: 'complete', payload: {} } }] } }] });
      const flow = await fetch(`${kabar.baseUrl}/v24.0/${kabar.demo.wabaId}/flows`, {
        method: 'POST',
        headers: { ...kabar.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Daftar member', categories: ['SIGN_UP'], flow_json: flowJson }),
      });
      flowId = ((await flow.json()) as { id: string }).id;
      const written = (await kabar.operator('POST', '/sim/messages', { from: user, text: 'Halo, ada stok?', name: 'Siti' })) as { message: { id: string } };
      greeting = written.message.id;
    });

    afterAll(async () => {
      await close();
      await files.close();
    });

    async function send(message: ClientMessage, context?: string): Promise<Sent> {
      const response = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, message, context)) as { messages?: { id: string }[]; error?: Sent['error'] };
      return { wamid: response.messages?.[0]?.id ?? '', status: library.lastStatus, ...(response.error === undefined ? {} : { error: response.error }) };
    }

    async function phone(): Promise<ViewMessage[]> {
      return ((await kabar.operator('GET', `/sim/users/${user}/messages?limit=100`)) as { data: ViewMessage[] }).data;
    }

    it('sends every type, and each valid one reaches the simulated phone as sent', async () => {
      const at = (path: string): string => `${files.url}${path}`;
      const cases: [string, ClientMessage, Record<string, unknown>][] = [
        ['text', new Text('Ada, kak!'), { text: { body: 'Ada, kak!' } }],
        ['image by link', new Image(at('/kopi.jpg'), false, 'Kopi Gayo'), { image: { link: at('/kopi.jpg'), caption: 'Kopi Gayo' } }],
        ['image by id', new Image(imageId, true), { image: { id: imageId } }],
        ['video', new Video(at('/promo.mp4'), false, 'Promo'), { video: { link: at('/promo.mp4'), caption: 'Promo' } }],
        ['audio', new Audio(at('/salam.ogg')), { audio: { link: at('/salam.ogg') } }],
        ['document', new Document(at('/inv.pdf'), false, 'Invoice', 'inv.pdf'), { document: { link: at('/inv.pdf'), caption: 'Invoice', filename: 'inv.pdf' } }],
        ['sticker', new Sticker(at('/s.webp')), { sticker: { link: at('/s.webp') } }],
        ['location', new Location(106.8272, -6.1754, 'Toko Maju', 'Jl. Merdeka 1'), { location: { latitude: -6.1754, longitude: 106.8272, name: 'Toko Maju', address: 'Jl. Merdeka 1' } }],
        [
          'contacts',
          new Contacts([new Name('Ana Ruiz', 'Ana', 'Ruiz'), new Phone('+62 812 3456 7891', 'CELL', '6281234567891'), new Email('ana@example.com', 'WORK')]),
          { contacts: [{ name: { formatted_name: 'Ana Ruiz', first_name: 'Ana', last_name: 'Ruiz' }, phones: [{ phone: '+62 812 3456 7891', type: 'CELL', wa_id: '6281234567891' }], emails: [{ email: 'ana@example.com', type: 'WORK' }] }] },
        ],
        [
          'reply buttons',
          new Interactive(new ActionButtons(new Button('yes', 'Ya'), new Button('no', 'Tidak')), new Body('Jadwal ulang pengiriman?'), new Header('Pengiriman'), new Footer('Toko Maju')),
          { interactive: { type: 'button', header: { type: 'text', text: 'Pengiriman' }, body: 'Jadwal ulang pengiriman?', footer: 'Toko Maju', buttons: [{ id: 'yes', title: 'Ya', kind: 'reply' }, { id: 'no', title: 'Tidak', kind: 'reply' }] } },
        ],
        [
          'list',
          new Interactive(new ActionList('Pilihan', new ListSection('Cepat', new Row('express', 'Express', '1 hari')), new ListSection('Hemat', new Row('regular', 'Reguler'))), new Body('Pilih pengiriman'), new Header('Ongkir')),
          { interactive: { type: 'list', header: { type: 'text', text: 'Ongkir' }, body: 'Pilih pengiriman', list: { button: 'Pilihan', sections: [{ title: 'Cepat', rows: [{ id: 'express', title: 'Express', description: '1 hari' }] }, { title: 'Hemat', rows: [{ id: 'regular', title: 'Reguler' }] }] } } },
        ],
        [
          'product',
          new Interactive(new ActionProduct(new CatalogProduct('kopi-gayo-250', catalogId)), new Body('Kopi favorit')),
          { interactive: { type: 'product', body: 'Kopi favorit', catalog_id: catalogId, product: { product_retailer_id: 'kopi-gayo-250', name: 'Kopi Arabika Gayo 250 g', price: 85000, currency: 'IDR', image_url: 'https://example.com/kabar-demo/kopi-gayo.jpg' } } },
        ],
        [
          'product_list',
          new Interactive(new ActionProductList(catalogId, new ProductSection('Minuman', new Product('kopi-gayo-250'), new Product('teh-tubruk-100')), new ProductSection('Camilan', new Product('keripik-tempe'))), new Body('Katalog kami'), new Header('Toko Maju')),
          { interactive: { type: 'product_list', header: { type: 'text', text: 'Toko Maju' }, body: 'Katalog kami', catalog_id: catalogId } },
        ],
        ['cta_url', new Interactive(new ActionCTA('Lihat jadwal', 'https://example.com/jadwal'), new Body('Jadwal buka toko')), { interactive: { type: 'cta_url', body: 'Jadwal buka toko', cta: { display_text: 'Lihat jadwal', url: 'https://example.com/jadwal' } } }],
        [
          'flow',
          new Interactive(new ActionNavigateFlow('token-1', flowId, 'Isi formulir', 'WELCOME', undefined, 'draft'), new Body('Daftar member')),
          { interactive: { type: 'flow', body: 'Daftar member', flow: { flow_id: flowId, flow_cta: 'Isi formulir', mode: 'draft', flow_action: 'navigate', flow_token: 'token-1', flow_action_payload: { screen: 'WELCOME' } } } },
        ],
        ['catalog_message', new Interactive(new ActionCatalog(new Product('batik-pekalongan')), new Body('Lihat katalog kami')), { interactive: { type: 'catalog_message', body: 'Lihat katalog kami', catalog_id: catalogId } }],
        ['location_request_message', new Interactive(new ActionLocation(), new Body('Kirim lokasi Anda')), { interactive: { type: 'location_request_message', body: 'Kirim lokasi Anda' } }],
      ];
      const wamids = new Map<string, string>();
      for (const [name, message] of cases) {
        const sent = await send(message);
        expect(sent, name).toMatchObject({ status: 200 });
        expect(sent.wamid.startsWith('wamid.'), name).toBe(true);
        wamids.set(name, sent.wamid);
      }
      const reply = await send(new Text('Stoknya ada'), greeting);
      expect(reply.status).toBe(200);
      const reaction = await send(new Reaction(greeting, '👍'));
      expect(reaction.status).toBe(200);

      await kabar.operator('POST', '/sim/clock/advance', { by: '5s' });
      const shown = await phone();
      for (const [name, , content] of cases) {
        const found = shown.find((message) => message.id === wamids.get(name));
        expect(found, name).toMatchObject({ direction: 'outbound', status: 'read', ...content });
      }
      expect(shown.find((message) => message.id === reply.wamid)).toMatchObject({ text: { body: 'Stoknya ada' }, context: { id: greeting } });
      // The reaction is drawn on the message it reacts to, and reports only `sent`.
      expect(shown.find((message) => message.id === greeting)).toMatchObject({ direction: 'inbound', reactions: { business: '👍' } });
      expect(shown.some((message) => message.id === reaction.wamid)).toBe(false);
      expect(await library.until(() => library.statuses.some((status) => status.id === reaction.wamid))).toBe(true);
      expect(library.statuses.filter((status) => status.id === reaction.wamid).map((status) => status.status)).toEqual(['sent']);
      const productList = shown.find((message) => message.id === wamids.get('product_list'));
      expect((productList?.['interactive'] as { product_sections: { title: string; products: { product_retailer_id: string }[] }[] }).product_sections.map((section) => [section.title, section.products.map((card) => card.product_retailer_id)])).toEqual([
        ['Minuman', ['kopi-gayo-250', 'teh-tubruk-100']],
        ['Camilan', ['keripik-tempe']],
      ]);
      expect(library.rejected).toEqual([]);
    });

    const rows = (count: number, prefix: string): [Row, ...Row[]] => [new Row(`${prefix}0`, 'Row 0'), ...Array.from({ length: count - 1 }, (_, index) => new Row(`${prefix}${index + 1}`, `Row ${index + 1}`))];
    const products = (count: number, retailerId: string): [Product, ...Product[]] => [new Product(retailerId), ...Array.from({ length: count - 1 }, () => new Product(retailerId))];
    /** What the library would refuse to build: a valid message, then changed the way a hand-written client might send it. */
    const altered = <Message extends object>(message: Message, change: (message: Record<string, unknown>) => void): Message => {
      change(message as unknown as Record<string, unknown>);
      return message;
    };
    const invalid: [string, () => ClientMessage, number, string][] = [
      ['text with an empty body', () => new Text(''), 100, "Param text['body']"],
      ['image with a link that is not a URL', () => new Image('ftp//example.com/x.jpg'), 100, "Param image['link'] is not a valid URL"],
      ['video with a link that is not a URL', () => new Video('not a url'), 100, "Param video['link'] is not a valid URL"],
      ['audio with a caption', () => Object.assign(new Audio('https://example.com/a.ogg'), { caption: 'Dengar' }), 131009, "Param audio['caption'] is not allowed"],
      ['document with a 300-character file name', () => new Document('https://example.com/a.pdf', false, undefined, `${'x'.repeat(296)}.pdf`), 131009, 'Filename length invalid'],
      ['sticker with a caption', () => Object.assign(new Sticker('https://example.com/s.webp'), { caption: 'Hi' }), 131009, "Param sticker['caption'] is not allowed"],
      ['location with longitude 200', () => new Location(200, 10), 131009, "Param location['longitude']"],
      [
        'contacts with only a formatted name',
        () => {
          const contacts = new Contacts([new Name('Ana Ruiz', 'Ana')]);
          (contacts.component[0] as { name: unknown }).name = { formatted_name: 'Ana Ruiz' };
          return contacts;
        },
        131008,
        "contacts[0]['name'] besides formatted_name",
      ],
      ['reaction with two emoji', () => Object.assign(new Reaction('wamid.x'), { emoji: '👍👍' }), 131009, "Param reaction['emoji'] must be a single emoji"],
      ['reply buttons without a body', () => altered(new Interactive(new ActionButtons(new Button('a', 'A')), new Body('x')), (message) => delete message['body']), 131008, "The parameter interactive['body'] is required."],
      ['list with 12 rows in two sections', () => new Interactive(new ActionList('Pilih', new ListSection('A', ...rows(6, 'a')), new ListSection('B', ...rows(6, 'b'))), new Body('x')), 131009, 'Total row count exceed max allowed count: 10'],
      ['product not in the catalog', () => new Interactive(new ActionProduct(new CatalogProduct('nasi-goreng', catalogId))), 131009, 'Products not found in FB Catalog'],
      [
        'product_list with 31 products',
        () => new Interactive(new ActionProductList(catalogId, new ProductSection('A', ...products(16, 'kopi-gayo-250')), new ProductSection('B', ...products(15, 'keripik-tempe'))), new Body('x'), new Header('Toko')),
        131009,
        'Total product count exceed max allowed count: 30',
      ],
      ['cta_url with a URL that is not one', () => new Interactive(new ActionCTA('Buka', 'example dot com'), new Body('x')), 100, "Param interactive['action']['parameters']['url'] is not a valid URL"],
      ['flow of message version 2', () => altered(new Interactive(new ActionNavigateFlow('t', '1', 'Buka', 'S'), new Body('x')), (message) => Object.assign((message['action'] as { parameters: object }).parameters, { flow_message_version: '2' })), 131009, "['flow_message_version'] must be 3"],
      ['catalog_message without a thumbnail', () => new Interactive(new ActionCatalog(), new Body('x')), 131009, "['thumbnail_product_retailer_id'] is required"],
      ['location request with a header', () => altered(new Interactive(new ActionLocation(), new Body('x')), (message) => Object.assign(message, { header: new Header('Lokasi') })), 131009, "Param interactive['header'] is not allowed for interactive type location_request_message."],
    ];

    it.each(invalid.map(([name, build, code, details]) => [name, code, details, build] as const))('refuses %s with %i (%s)', async (_name, code, details, build) => {
      const sent = await send(build());
      expect(sent.status).toBe(400);
      expect(sent.error?.code).toBe(code);
      expect(sent.error?.error_data?.details).toContain(details);
    });

    it('accepts a reaction to a message that is not in the conversation, then fails it with 131009 in a webhook', async () => {
      const sent = await send(new Reaction('wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYFDAwMDAwMDAwMDAwMDAwMDAwMDAwAA==', '🔥'));
      expect(sent.status).toBe(200);
      expect(await library.until(() => library.statuses.some((status) => status.id === sent.wamid && status.status === 'failed'))).toBe(true);
      const failed = library.statuses.find((status) => status.id === sent.wamid);
      expect(failed?.error).toMatchObject({ code: 131009, title: 'Parameter value is not valid' });
    });

    it('takes a reaction back with an empty emoji', async () => {
      expect((await send(new Reaction(greeting, ''))).status).toBe(200);
      await kabar.operator('POST', '/sim/clock/advance', { by: '2s' });
      const shown = await phone();
      expect(shown.find((message) => message.id === greeting)?.['reactions']).toEqual({});
    });
  });
}
