import { describe, expect, it } from 'vitest';
import { contentLines, quote } from './message-lines.js';

const product = { product_retailer_id: 'kopi-gayo-250', name: 'Kopi Arabika Gayo 250 g', price: 85000, currency: 'IDR', image_url: null };

describe('contentLines', () => {
  it.each([
    ['a text over two lines', { type: 'text', text: { body: 'Halo\nAda stok?' } }, ['Halo', 'Ada stok?']],
    ['an image by link with its caption', { type: 'image', image: { link: 'https://example.com/kopi.jpg', caption: 'Kopi Gayo' } }, ['[image: https://example.com/kopi.jpg]', 'Kopi Gayo']],
    ['a document by id with its file name', { type: 'document', document: { id: '1037543291543636', filename: 'inv.pdf' } }, ['[document inv.pdf: media 1037543291543636]']],
    ['an inbound voice note', { type: 'audio', audio: { id: '555', mime_type: 'audio/ogg; codecs=opus', sha256: 'x', voice: true } }, ['[voice note: media 555, audio/ogg; codecs=opus]']],
    ['a location', { type: 'location', location: { latitude: -6.1754, longitude: 106.8272, name: 'Toko Maju', address: 'Jl. Merdeka 1' } }, ['[location] Toko Maju, Jl. Merdeka 1 (-6.1754, 106.8272)']],
    [
      'a contact card',
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Ana Ruiz' }, phones: [{ phone: '+62 812 3456 7891' }], emails: [{ email: 'ana@example.com' }], org: { company: 'Toko Maju' } }] },
      ['[contact] Ana Ruiz · +62 812 3456 7891 · ana@example.com · Toko Maju'],
    ],
    [
      'reply buttons with header and footer',
      { type: 'interactive', interactive: { type: 'button', header: { type: 'text', text: 'Pengiriman' }, body: 'Jadwal ulang?', footer: 'Toko Maju', buttons: [{ id: 'yes', title: 'Ya', kind: 'reply' }, { id: 'no', title: 'Tidak', kind: 'reply' }] } },
      ['Pengiriman', 'Jadwal ulang?', '— Toko Maju', '[Ya] (id yes)  [Tidak] (id no)'],
    ],
    [
      'a list with its sections and rows',
      { type: 'interactive', interactive: { type: 'list', body: 'Pilih', list: { button: 'Pilihan', sections: [{ title: 'Cepat', rows: [{ id: 'x1', title: 'Express', description: '1 hari' }] }] } } },
      ['Pilih', '≡ Pilihan', 'Cepat', '  • Express — 1 hari (id x1)'],
    ],
    ['a product card', { type: 'interactive', interactive: { type: 'product', catalog_id: '1', product } }, ['[product] Kopi Arabika Gayo 250 g · IDR 85,000 (kopi-gayo-250)']],
    ['a multi-product message', { type: 'interactive', interactive: { type: 'product_list', header: { type: 'text', text: 'Toko' }, body: 'Katalog', product_sections: [{ title: 'Minuman', products: [product] }] } }, ['Toko', 'Katalog', 'Minuman', '  • Kopi Arabika Gayo 250 g · IDR 85,000 (kopi-gayo-250)']],
    ['a call-to-action URL with an image header', { type: 'interactive', interactive: { type: 'cta_url', header: { type: 'image', media: { link: 'https://example.com/h.jpg' } }, body: 'Jadwal', cta: { display_text: 'Lihat', url: 'https://example.com/j' } } }, ['[image header: https://example.com/h.jpg]', 'Jadwal', '[Lihat ↗] https://example.com/j']],
    ['a flow', { type: 'interactive', interactive: { type: 'flow', body: 'Daftar', flow: { flow_id: '123', flow_cta: 'Isi formulir', flow_action_payload: { screen: 'WELCOME' } } } }, ['Daftar', '[Isi formulir] (flow 123, opens WELCOME)']],
    ['a location request', { type: 'interactive', interactive: { type: 'location_request_message', body: 'Kirim lokasi' } }, ['Kirim lokasi', '[Send location]']],
    ['a tapped reply button', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Ya' } } }, ['tapped [Ya] (id yes)']],
    ['a picked row', { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'x1', title: 'Express', description: '1 hari' } } }, ['picked Express — 1 hari (id x1)']],
    ["a template's quick reply", { type: 'button', button: { text: 'Stop promo', payload: 'STOP' } }, ['tapped [Stop promo] (payload STOP)']],
    [
      'an order with its total',
      { type: 'order', order: { catalog_id: '1', text: 'Kirim hari ini', product_items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 2, item_price: 85000, currency: 'IDR' }, { product_retailer_id: 'teh', quantity: 1, item_price: 22500, currency: 'IDR' }] } },
      ['[order]', '  2 × kopi-gayo-250 @ IDR 85,000', '  1 × teh @ IDR 22,500', '  total IDR 192,500', 'Kirim hari ini'],
    ],
    ['a referral from an ad', { type: 'text', text: { body: 'Info batik' }, referral: { source_url: 'https://fb.me/x', source_type: 'ad', headline: 'Batik' } }, ['[from ad "Batik" https://fb.me/x]', 'Info batik']],
    ['an unsupported message', { type: 'unsupported', unsupported: { type: 'poll_creation' } }, ['[unsupported message: poll_creation]']],
    ['a reaction whose message is not shown', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }, ['[reacted 👍 to an earlier message]']],
    [
      'a template with its header, footer and buttons',
      {
        type: 'template',
        template: {
          template: { name: 'promo', language: 'id', id: '1', category: 'MARKETING' },
          header: { type: 'image', media: { link: 'https://example.com/p.jpg' } },
          body: 'Diskon!',
          footer: 'Toko Maju',
          buttons: [{ id: '0', title: 'Stop', kind: 'quick_reply', payload: 'STOP' }, { id: '1', title: 'Belanja', kind: 'url', url: 'https://example.com/s' }, { id: '2', title: 'Telepon', kind: 'phone_number', phone_number: '+6221555' }],
        },
      },
      ['[template promo]', '[image header: https://example.com/p.jpg]', 'Diskon!', '— Toko Maju', '[Stop] (id 0)  [Belanja ↗] https://example.com/s  [Telepon ☎] +6221555'],
    ],
  ])('draws %s', (_name, message, expected) => {
    expect(contentLines(message)).toEqual(expected);
  });

  it('quotes the first line of a message, shortened', () => {
    expect(quote({ type: 'text', text: { body: `${'a'.repeat(50)}\nb` } })).toBe(`${'a'.repeat(39)}…`);
  });
});
