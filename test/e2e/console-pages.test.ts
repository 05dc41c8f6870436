/**
 * The console's working pages in a real browser (Debian's Chromium through playwright-core) against a
 * real Kabar: the phone simulator with every kind of message a customer's phone draws and what the
 * customer does, contacts imported from a CSV with bad rows, an identity change acknowledged, a
 * template edited and reviewed again after the clock moves, the number's profile. Every page is
 * photographed at a laptop and a phone width and checked with axe-core.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../support/console-build.js';
import { inspectPage, launchChromium, widths } from '../support/browser.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { jpegBytes } from '../support/media-files.js';

const customer = { waId: '6281311112222', name: 'Budi' };
/** A real 1×1 PNG, so that the browser decodes what the console shows. */
const onePixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const chromiumPath = process.env['KABAR_CHROMIUM'] ?? '/usr/bin/chromium';
const noBrowser = !existsSync(chromiumPath) && (process.env['CI'] === undefined || process.env['CI'] === 'false');

describe.skipIf(noBrowser)('the console’s pages', () => {
  let kabar: RunningKabar;
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];

  /** The business sends over Graph, as an application would. */
  async function businessSends(body: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${kabar.baseUrl}/v21.0/${kabar.demo.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { ...kabar.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: customer.waId, ...body }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  async function open(path: string, heading: string): Promise<void> {
    await page.goto(`${kabar.baseUrl}/console/${path}`);
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    kabar = await listenKabar('sqlite');
    const password = (await kabar.kabar.services.ensureDemoOwner(kabar.demo.businessId, undefined)).password ?? '';
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: widths.laptop, bypassCSP: true, locale: 'en-GB', reducedMotion: 'reduce', acceptDownloads: true });
    page = await context.newPage();
    await page.goto(`${kabar.baseUrl}/`);
    await page.getByLabel(/^E-mail address/).fill('owner@demo.kabar.local');
    await page.locator('input[type=password]').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Overview', level: 2 }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await kabar?.close();
    await kabar?.database.cleanup();
  });

  it('draws media, buttons, lists, products and templates on the phone, and the customer taps, picks and orders', { timeout: 120_000 }, async () => {
    await page.getByRole('link', { name: 'Phone simulator' }).click();
    await page.getByLabel(/^WhatsApp number/).fill(customer.waId);
    await page.getByLabel('Profile name').fill(customer.name);
    await page.getByRole('button', { name: 'Create customer' }).click();
    const phone = page.getByRole('region', { name: `Phone of ${customer.name}` });
    await phone.waitFor();
    await page.getByText('The customer has not written yet').waitFor();
    await page.getByLabel(`Message as ${customer.name}`).fill('Mau pesan kopi');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await phone.getByText('Mau pesan kopi').waitFor();
    await page.getByText(/Customer service window open until/).waitFor();

    const catalogs = (await (await fetch(`${kabar.baseUrl}/v24.0/${kabar.demo.wabaId}/product_catalogs`, { headers: kabar.auth })).json()) as { data: { id: string }[] };
    const catalogId = catalogs.data[0]?.id ?? '';
    // A photo uploaded to the media API, then sent by its id.
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', 'image/jpeg');
    form.append('file', new Blob([jpegBytes()], { type: 'image/jpeg' }), 'menu.jpg');
    const uploaded = await fetch(`${kabar.baseUrl}/v21.0/${kabar.demo.phoneNumberId}/media`, { method: 'POST', headers: kabar.auth, body: form });
    expect(uploaded.status).toBe(200);
    await businessSends({ type: 'image', image: { id: ((await uploaded.json()) as { id: string }).id, caption: 'Menu hari ini' } });
    await businessSends({ type: 'interactive', interactive: { type: 'button', body: { text: 'Kirim ke alamat biasa?' }, action: { buttons: [{ type: 'reply', reply: { id: 'ya', title: 'Ya, kirim' } }, { type: 'reply', reply: { id: 'tidak', title: 'Ambil sendiri' } }] } } });
    await businessSends({
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Pilih ukuran' }, action: { button: 'Lihat ukuran', sections: [{ title: 'Kopi', rows: [{ id: 'kecil', title: 'Kecil', description: '250 g' }, { id: 'besar', title: 'Besar', description: '1 kg' }] }] } },
    });
    await businessSends({ type: 'interactive', interactive: { type: 'product', body: { text: 'Kopi favorit' }, action: { catalog_id: catalogId, product_retailer_id: 'kopi-gayo-250' } } });
    await businessSends({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    // The clock stands still in this test: what the business sent reaches the phone once time moves on.
    await page.getByRole('button', { name: '+1m' }).click();
    await phone.getByText('Menu hari ini').waitFor();
    await phone.getByText('🖼 Photo').waitFor();
    // The photo itself, read through the console's own media route with the session.
    const menu = phone.getByRole('img', { name: 'Menu hari ini' });
    await menu.waitFor();
    const menuFile = await page.request.get(`${kabar.baseUrl}${(await menu.getAttribute('src')) ?? ''}`);
    expect(menuFile.status()).toBe(200);
    expect(menuFile.headers()['content-type']).toBe('image/jpeg');
    expect((await menuFile.body()).equals(jpegBytes())).toBe(true);
    await phone.getByText('Hello World').waitFor();
    await phone.getByText('Kopi Arabika Gayo 250 g').waitFor();

    await phone.getByRole('button', { name: 'Tap Ya, kirim' }).click();
    await phone.locator('li[data-side="user"]', { hasText: 'Ya, kirim' }).waitFor();
    await phone.getByRole('button', { name: '☰ Lihat ukuran' }).click();
    await phone.getByRole('button', { name: 'Pick Besar' }).click();
    await phone.locator('li[data-side="user"]', { hasText: 'Besar' }).waitFor();
    await phone.getByLabel('How many of Kopi Arabika Gayo 250 g').fill('2');
    await phone.getByRole('button', { name: 'Send order (2)' }).click();
    await phone.getByText('🛒 Order of 2 items').waitFor();
    // Besides text, the customer shares a place and a contact card.
    await phone.getByRole('button', { name: '📍 Share a location' }).click();
    await phone.getByLabel('Place name').fill('Toko Maju');
    await phone.getByLabel('Address', { exact: true }).fill('Jl. Braga 1, Bandung');
    await phone.getByRole('button', { name: 'Send the location' }).click();
    await phone.locator('li[data-side="user"][data-type="location"]', { hasText: '📍 Toko Maju' }).waitFor();
    await phone.getByRole('button', { name: '👤 Share a contact' }).click();
    await phone.getByLabel('Contact’s name').fill('Ibu Ani');
    await phone.getByLabel('Contact’s phone number').fill('+62 812 5555 0101');
    await phone.getByRole('button', { name: 'Send the contact' }).click();
    await phone.locator('li[data-side="user"][data-type="contacts"]', { hasText: '👤 Ibu Ani' }).waitFor();
    // The customer sends a photo and a document from the phone.
    await phone.getByRole('button', { name: '📎 Send a photo or document' }).click();
    await phone.locator('input[type=file]').setInputFiles({ name: 'struk.png', mimeType: 'image/png', buffer: onePixelPng });
    await phone.getByLabel('Caption').fill('Struk pembayaran');
    await phone.getByRole('button', { name: 'Send the file' }).click();
    const receipt = phone.locator('li[data-side="user"][data-type="image"]').getByRole('img', { name: 'Struk pembayaran' });
    await receipt.waitFor();
    await expect.poll(() => receipt.evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await phone.getByRole('button', { name: '📎 Send a photo or document' }).click();
    await phone.locator('input[type=file]').setInputFiles({ name: 'nota-pembelian.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 nota') });
    await phone.getByRole('button', { name: 'Send the file' }).click();
    const nota = phone.locator('li[data-side="user"][data-type="document"]').getByRole('link', { name: '📄 nota-pembelian.pdf' });
    await nota.waitFor();
    const notaFile = await page.request.get(`${kabar.baseUrl}${(await nota.getAttribute('href')) ?? ''}`);
    expect(await notaFile.text()).toBe('%PDF-1.4 nota');
    violations.push(...(await inspectPage(page, 'simulator-chat')));

    // Moving the clock past a day closes the customer service window, visibly.
    await page.getByRole('button', { name: '+25h' }).click();
    await page.getByText(/Customer service window closed at/).waitFor();
    await page.getByRole('button', { name: 'Stop promotions' }).click();
    await page.getByText('The customer opted out of promotions').waitFor();
    await page.getByText('No promotions', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.getByText('The customer blocked your number').waitFor();
    await page.getByText('Blocked', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Unblock', exact: true }).click();
    await page.getByText('Not blocked', { exact: true }).waitFor();
  });

  it('imports a CSV of contacts with bad rows, shows the progress and the error report, and finds the contacts again', { timeout: 90_000 }, async () => {
    await open('contacts', 'Contacts');
    // A customer who wrote in is a contact already.
    await page.getByRole('table', { name: 'Contacts' }).getByRole('row', { name: new RegExp(customer.name) }).waitFor();
    const csv = ['nomor,nama,tags', '081234500001,Andi,pelanggan', '081234500002,Sari,pelanggan;vip', '12,Rusak,', '081234500001,Andi lagi,', ',Tanpa nomor,', '+6281234500003,Dewi,'].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'pelanggan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel(/^Tags for every imported contact/).fill('impor-november');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = page.locator('[data-import]');
    await summary.getByText('Completed').waitFor();
    await summary.getByText('6 rows read: 3 created, 0 merged, 0 unchanged, 3 not imported.').waitFor();
    await summary.getByRole('heading', { name: 'Error report: 3 rows not imported' }).waitFor();
    const report = summary.getByRole('table', { name: 'Error report' });
    expect(await report.getByRole('row').count()).toBe(4);
    await report.getByRole('row', { name: /duplicate_in_file/ }).waitFor();
    const download = page.waitForEvent('download');
    await summary.getByRole('link', { name: 'Download the error report (CSV)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^import-[0-9A-F]+-errors\.csv$/);
    violations.push(...(await inspectPage(page, 'contacts-imported')));

    const table = page.getByRole('table', { name: 'Contacts' });
    await table.getByRole('row', { name: /Dewi/ }).waitFor();
    await page.getByLabel(/^Search/).fill('Sari');
    await table.getByRole('row', { name: /Sari/ }).waitFor();
    await table.getByRole('row', { name: /Dewi/ }).waitFor({ state: 'detached' });
    await page.getByLabel(/^Search/).fill('');
    await page.getByLabel('Tag', { exact: true }).fill('vip');
    await table.getByRole('row', { name: /Sari/ }).waitFor();
    await table.getByRole('row', { name: /Andi/ }).waitFor({ state: 'detached' });
  });

  it('shows a reinstall as an identity change on the contact, to acknowledge, and records an opt-in', { timeout: 90_000 }, async () => {
    // The number checks identity keys (Graph's phone number settings), and the customer is a contact.
    const settings = await fetch(`${kabar.baseUrl}/v21.0/${kabar.demo.phoneNumberId}/settings`, {
      method: 'POST',
      headers: { ...kabar.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ user_identity_change: { enable_identity_key_check: true } }),
    });
    expect(settings.status).toBe(200);
    await open('contacts', 'Contacts');
    await page.getByLabel(/^Phone number/).fill('+62 812 9999 0000');
    await page.getByLabel('Name', { exact: true }).fill('Rina');
    await page.getByRole('textbox', { name: 'Tags', exact: true }).fill('reseller');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText(/^Added \+62 812.9999.0000\.$/).waitFor();
    await page.getByRole('table', { name: 'Contacts' }).getByRole('row', { name: /Rina.*reseller/ }).waitFor();

    await page.getByRole('link', { name: 'Phone simulator' }).click();
    await page.getByRole('region', { name: `Phone of ${customer.name}` }).waitFor();
    await page.getByRole('button', { name: 'Reinstall WhatsApp' }).click();
    await page.getByText(/WhatsApp reinstalled/).waitFor();

    await page.getByRole('link', { name: 'Contacts' }).click();
    const row = page.getByRole('table', { name: 'Contacts' }).getByRole('row', { name: new RegExp(customer.name) });
    await row.getByText('Changed: acknowledge').waitFor();
    await row.getByRole('button', { name: `Open the contact ${customer.name}` }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('This customer’s identity changed').waitFor();
    violations.push(...(await inspectPage(page, 'contact-detail')));
    await drawer.getByRole('button', { name: 'Acknowledge the change' }).click();
    await drawer.getByText('Acknowledged: messages to this contact go out again.').waitFor();
    await drawer.getByText(/Identity change acknowledged/).waitFor();

    await drawer.getByLabel(/^What they agreed to/).fill('Ya, saya mau menerima promo Toko Maju');
    await drawer.getByRole('button', { name: 'Record opt-in to marketing' }).click();
    await drawer.getByRole('table', { name: 'Opt-in history' }).getByRole('row', { name: /marketing.*Opted in.*whatsapp_thread/ }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('edits an approved template, shows it pending, and approved again with its history after the clock moves', { timeout: 90_000 }, async () => {
    await open('templates', 'Templates');
    await page.getByLabel(/^Name/).fill('info_pengiriman');
    await page.getByLabel(/^Body/).fill('Halo {{1}}, pesanan Anda sedang dikirim dan tiba besok. Terima kasih sudah berbelanja di toko kami.');
    await page.getByLabel(/^Examples for the variables/).fill('Siti');
    await page.getByLabel(/^Quick reply buttons/).fill('Lacak, Bantuan');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('Halo Siti, pesanan Anda').waitFor();
    await preview.getByText('↩ Lacak').waitFor();
    await page.getByText('Nothing found: the template can be submitted.').waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText(/^Submitted: PENDING/).waitFor();
    await kabar.operator('POST', '/sim/clock/advance', { by: '1h' });
    const row = page.getByRole('row', { name: /info_pengiriman/ });
    await row.getByText('APPROVED').waitFor();

    await row.getByRole('button', { name: 'Edit the template info_pengiriman' }).click();
    await page.getByRole('heading', { name: 'Edit info_pengiriman' }).waitFor();
    await page.getByLabel(/^Body/).fill('Halo {{1}}, pesanan Anda sudah dikirim dan tiba besok pagi. Terima kasih sudah berbelanja di toko kami.');
    await page.getByRole('button', { name: 'Save and send for review' }).click();
    await row.getByText('PENDING').waitFor();
    await kabar.operator('POST', '/sim/clock/advance', { by: '1h' });
    await row.getByText('APPROVED').waitFor();
    await row.getByRole('button', { name: 'History of the template info_pengiriman' }).click();
    const drawer = page.getByRole('dialog');
    const versions = drawer.getByRole('list', { name: 'Versions and status changes' });
    const edited = versions.getByRole('listitem').filter({ hasText: 'Version 2 · Edited' });
    await edited.getByText('By Demo Owner (console user)').waitFor();
    await versions.getByRole('listitem').filter({ hasText: 'Version 2 · Approved' }).getByText('By Kabar’s simulated reviewer').waitFor();
    await versions.getByRole('listitem').filter({ hasText: 'Version 1 · Created' }).getByText('By Demo Owner (console user)').waitFor();
    expect(await versions.getByRole('listitem').allInnerTexts()).toHaveLength(4);
    // What version 2's body said, and what the edit changed.
    await edited.getByRole('button', { name: 'Show version 2' }).click();
    await edited.getByText('Halo {{1}}, pesanan Anda sudah dikirim dan tiba besok pagi. Terima kasih sudah berbelanja di toko kami.').waitFor();
    await edited.getByText('Changes from version 1').waitFor();
    await edited.locator('ins', { hasText: 'sudah' }).first().waitFor();
    await edited.locator('del', { hasText: 'sedang' }).waitFor();
    violations.push(...(await inspectPage(page, 'template-history')));
    await page.keyboard.press('Escape');
  });

  it('builds a template with a media header and website, call and copy-code buttons: lint asks for the samples, the preview draws them', { timeout: 90_000 }, async () => {
    await open('templates', 'Templates');
    await page.getByLabel(/^Name/).fill('promo_ongkir');
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'MARKETING' }).click();
    await page.getByLabel(/^Body/).fill('Halo {{1}}, gratis ongkir untuk pesanan Anda berikutnya di toko kami minggu ini.');
    await page.getByLabel(/^Examples for the variables/).fill('Siti');
    await page.getByRole('combobox', { name: 'Header kind' }).click();
    await page.getByRole('option', { name: 'Image' }).click();
    const missingSample = page.getByText('A IMAGE header needs a sample in example.header_handle (a media handle or a URL).');
    await missingSample.waitFor();
    await page.getByLabel(/^Sample of the header/).fill('4::aW1hZ2UvanBlZw==:ARZkopi');
    await missingSample.waitFor({ state: 'detached' });
    await page.getByLabel(/^Website button/).fill('Lacak pesanan');
    await page.getByLabel(/^Its URL/).fill('https://tokomaju.example/lacak/{{1}}');
    const missingExample = page.getByText(/URL button 0: its variable has no example\./);
    await missingExample.waitFor();
    await page.getByLabel(/^Example of the URL’s ending/).fill('INV-2026-001');
    await missingExample.waitFor({ state: 'detached' });
    await page.getByLabel(/^Call button/).fill('Telepon toko');
    await page.getByLabel(/^Number it calls/).fill('+62 22 1234 5678');
    await page.getByLabel(/^Copy-code button/).fill('ONGKIR0');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('🖼 Photo').waitFor();
    await preview.getByText('4::aW1hZ2UvanBlZw==:ARZkopi').waitFor();
    await preview.getByText('↗ Lacak pesanan').waitFor();
    await preview.getByText('https://tokomaju.example/lacak/INV-2026-001').waitFor();
    await preview.getByText('📞 Telepon toko · +62 22 1234 5678').waitFor();
    await preview.getByText('⧉ Copy code ONGKIR0').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Submit for review' }).isEnabled()).toBe(true);
    violations.push(...(await inspectPage(page, 'template-buttons')));
    // A sample picked from disk goes up through the Resumable Upload API; its handle replaces the one typed.
    await page.locator('input[type=file]').setInputFiles({ name: 'ongkir.png', mimeType: 'image/png', buffer: onePixelPng });
    await page.getByText('Uploaded ongkir.png: its handle is in the sample.').waitFor();
    await expect.poll(() => page.getByLabel(/^Sample of the header/).inputValue()).toMatch(/^4::aW1hZ2UvcG5n:[A-Za-z0-9_-]{16,64}$/);
    const handle = await page.getByLabel(/^Sample of the header/).inputValue();
    await preview.getByText(handle).waitFor();
    await expect.poll(() => preview.getByRole('img', { name: 'Sample of the header image' }).evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Submit for review' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText(/^Submitted: /).waitFor();
    const stored = (await kabar.operator('GET', `/admin/wabas/${kabar.demo.wabaId}/templates`)) as { data: { name: string; components: unknown[] }[] };
    expect(stored.data.find((template) => template.name === 'promo_ongkir')?.components).toEqual([
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: [handle] } },
      expect.objectContaining({ type: 'BODY' }),
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Lacak pesanan', url: 'https://tokomaju.example/lacak/{{1}}', example: ['INV-2026-001'] },
          { type: 'PHONE_NUMBER', text: 'Telepon toko', phone_number: '+62 22 1234 5678' },
          { type: 'COPY_CODE', example: 'ONGKIR0' },
        ],
      },
    ]);
  });

  it('edits the number’s business profile and shows its health and the reason for each change', { timeout: 60_000 }, async () => {
    await open('numbers', 'Numbers');
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    await page.getByText('Connected').first().waitFor();
    await page.getByLabel(/^About/).fill('Kopi dan teh pilihan dari Nusantara');
    await page.getByLabel('Address', { exact: true }).fill('Jl. Merdeka 1, Bandung');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await page.getByText('Saved: customers see the new profile.').waitFor();
    const profile = (await kabar.operator('GET', `/sim/business-profiles/${kabar.demo.phoneNumberId}`)) as { about?: string; address?: string };
    expect(profile).toMatchObject({ about: 'Kopi dan teh pilihan dari Nusantara', address: 'Jl. Merdeka 1, Bandung' });
    await page.reload();
    await expect.poll(() => page.getByLabel(/^About/).inputValue()).toBe('Kopi dan teh pilihan dari Nusantara');
    await page.getByRole('heading', { name: 'Changes and why' }).waitFor();
    // The messaging limit as the limits feature reports it, and a human escalation path declared.
    const limits = page.getByRole('region', { name: 'Messaging limit' });
    await limits.getByText(/^Unique customers reached by business-initiated messages in the last 24 h: \d+ of /).waitFor();
    await limits.getByRole('combobox', { name: 'How customers reach a person' }).click();
    await page.getByRole('option', { name: 'E-mail address' }).click();
    await limits.getByLabel(/^Where/).fill('cs@tokomaju.example');
    await limits.getByRole('button', { name: 'Declare' }).click();
    await limits.getByText('E-mail address cs@tokomaju.example').waitFor();
    await page.getByRole('row', { name: /escalation: .*→ email.*human escalation path declared/ }).waitFor();
    violations.push(...(await inspectPage(page, 'numbers-limits')));
    await page.getByRole('row', { name: /Status PENDING → CONNECTED.*Commerce Policy review/ }).waitFor();

    // Tier, quality and status over time: stricter thresholds of the business's own rate the number
    // Medium after the customer's block, and the quality chart shows the step with its reason.
    await kabar.operator('POST', `/admin/businesses/${kabar.demo.businessId}/quality-thresholds`, { green: 100, yellow: 0 });
    await kabar.operator('POST', `/admin/phone_numbers/${kabar.demo.phoneNumberId}/quality/check`);
    await page.reload();
    const overTime = page.getByRole('region', { name: 'Tier, quality and status over time' });
    await overTime.getByRole('img', { name: /^Status over time: Pending from .*; Connected from / }).waitFor();
    await overTime.getByRole('img', { name: /^Quality over time: High from .*; Medium from / }).waitFor();
    await overTime.getByRole('list', { name: 'Changes of Quality' }).getByRole('listitem').filter({ hasText: /High → Medium.*1 block/ }).waitFor();
    await overTime.getByText('Messaging limit tier: 1K').waitFor();
    await overTime.getByText('7 days', { exact: true }).click();
    await overTime.getByRole('img', { name: /^Quality over time: High from .*; Medium from / }).waitFor();

    // Notification settings: the feed no longer tells of quality changes, then does again.
    const notify = page.getByRole('region', { name: 'Notification settings' });
    const preferences = async () => ((await kabar.operator('GET', `/admin/businesses/${kabar.demo.businessId}/notification-preferences`)) as { kinds: Record<string, { feed: boolean; webhook: boolean }> }).kinds['limits.quality'];
    await notify.getByRole('checkbox', { name: 'Console feed for Quality rating changed' }).click();
    await expect.poll(preferences).toEqual({ webhook: true, feed: false, email: true });
    await expect.poll(() => notify.getByRole('checkbox', { name: 'Console feed for Quality rating changed' }).isChecked()).toBe(false);
    await notify.getByText('E-mails are off: this Kabar has no SMTP server (KABAR_SMTP_URL).').waitFor();
    // Every kind Kabar tells has its row, each labelled rather than shown by its wire name.
    const known = ((await kabar.operator('GET', `/admin/businesses/${kabar.demo.businessId}/notification-preferences`)) as { known_kinds: string[] }).known_kinds;
    expect(known.length).toBeGreaterThanOrEqual(24);
    expect(await notify.getByRole('row').count()).toBe(known.length + 1);
    for (const kind of known) expect(await notify.getByRole('cell', { name: kind, exact: true }).count()).toBe(0);
    await notify.getByRole('checkbox', { name: 'E-mail for Number flagged (quality Low)' }).waitFor();
    await notify.getByRole('checkbox', { name: 'Webhook for Messaging limit lowered' }).waitFor();
    violations.push(...(await inspectPage(page, 'numbers-over-time')));
    await notify.getByRole('checkbox', { name: 'Console feed for Quality rating changed' }).click();
    await expect.poll(preferences).toEqual({ webhook: true, feed: true, email: true });
  });

  it('switches the identity change check and the opt-in rules in Settings, as Graph and the admin API then report them', { timeout: 60_000 }, async () => {
    const graphSettings = async () => ((await (await fetch(`${kabar.baseUrl}/v21.0/${kabar.demo.phoneNumberId}/settings`, { headers: kabar.auth })).json()) as { user_identity_change: { enable_identity_key_check: boolean } }).user_identity_change.enable_identity_key_check;
    await open('settings', 'Settings');
    await page.getByRole('tab', { name: 'Customer protection' }).click();
    const identity = page.getByRole('region', { name: 'Identity change check' });
    const check = identity.getByRole('switch', { name: /^Check identity changes on / });
    // An earlier test switched it on over Graph: the console shows it on, and switches it off.
    await expect.poll(() => check.isChecked()).toBe(await graphSettings());
    const before = await check.isChecked();
    await check.click({ force: true });
    await expect.poll(graphSettings).toBe(!before);
    // The switch is disabled until its save has settled in the page; a click before then does nothing.
    await expect.poll(async () => [await check.isChecked(), await check.isEnabled()]).toEqual([!before, true]);
    await check.click({ force: true });
    await expect.poll(graphSettings).toBe(before);

    const consent = page.getByRole('region', { name: 'Opt-in and opt-out' });
    const policy = async () => (await kabar.operator('GET', `/admin/businesses/${kabar.demo.businessId}/consent/settings`)) as { graph_opt_in_check: boolean; opt_out_keywords: string[] };
    const optIn = consent.getByRole('switch', { name: /^Require an opt-in for marketing templates sent over the API/ });
    await optIn.click({ force: true });
    await expect.poll(async () => (await policy()).graph_opt_in_check).toBe(true);
    await expect.poll(() => optIn.isChecked()).toBe(true);
    await consent.getByLabel(/^Opt-out keywords/).fill('STOP, BERHENTI, JANGAN');
    await consent.getByRole('button', { name: 'Save the keywords' }).click();
    // "Saved." may still be the switch's: the keywords are saved once the admin API reports them.
    await expect.poll(async () => (await policy()).opt_out_keywords).toContain('JANGAN');
    await consent.getByText('Saved.').waitFor();
    expect(await consent.getByLabel(/^Opt-out keywords/).inputValue()).toBe('STOP, BERHENTI, JANGAN');
    violations.push(...(await inspectPage(page, 'settings-protection')));
    await consent.getByRole('switch', { name: /^Require an opt-in for marketing templates sent over the API/ }).click({ force: true });
    await expect.poll(async () => (await policy()).graph_opt_in_check).toBe(false);
  });

  it('photographs every page at both widths and finds no serious or critical axe violation, in English and Indonesian', { timeout: 180_000 }, async () => {
    const pages = [
      ['overview', 'Overview', 'Ringkasan'],
      ['simulator', 'Phone simulator', 'Simulator ponsel'],
      ['messages', 'Messages', 'Pesan'],
      ['numbers', 'Numbers', 'Nomor'],
      ['templates', 'Templates', 'Template'],
      ['contacts', 'Contacts', 'Kontak'],
      ['settings', 'Settings', 'Pengaturan'],
    ] as const;
    for (const [path, heading] of pages) {
      await open(path, heading);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      violations.push(...(await inspectPage(page, `page-${path}`)));
    }
    await page.getByRole('tab', { name: 'Pricing' }).click();
    const card = page.getByRole('table', { name: 'Rate card' });
    await card.getByRole('row', { name: /^Indonesia/ }).waitFor();
    await page.getByRole('heading', { name: 'Charges of the last 30 days' }).waitFor();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    violations.push(...(await inspectPage(page, 'settings-pricing')));
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('ID', { exact: true }).click();
    for (const [path, , heading] of pages) {
      await open(path, heading);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      violations.push(...(await inspectPage(page, `page-${path}-id`)));
    }
    await page.getByRole('radiogroup', { name: 'Bahasa' }).getByText('EN', { exact: true }).click();
    expect(violations).toEqual([]);
  });
});
