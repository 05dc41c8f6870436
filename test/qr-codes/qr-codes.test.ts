import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrCodeDeleted, qrCodeSaved, qrCodesPerNumber } from '../../src/core/qr-codes/index.js';
import { record, records, unitOf } from '../../src/core/shared/index.js';
import { dialects } from '../support/databases.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';

interface GraphError {
  readonly error: { readonly code: number; readonly message: string };
}
interface QrView {
  readonly code: string;
  readonly prefilled_message: string;
  readonly deep_link_url: string;
  readonly qr_image_url?: string;
}

/** Meta's QR codes and short links (`/{phone-number-id}/message_qrdls`), driven by whatsapp-api-js and plain HTTP. */
for (const dialect of dialects) {
  describe(`QR codes and short links on ${dialect}`, () => {
    let kabar: RunningKabar;
    let library: LibraryClient;
    let tenant: Tenant;
    let close: () => Promise<void>;
    let phoneId: string;

    beforeAll(async () => {
      const started = await startWithLibrary(dialect);
      ({ kabar, library, close } = started);
      phoneId = kabar.demo.phoneNumberId;
      tenant = await provisionTenant(kabar.kabar.app, kabar.admin, { name: 'Toko Lain', phoneNumber: '+6281300000078' });
    });

    afterAll(async () => {
      await close();
    });

    async function graph<Body>(method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<{ status: number; body: Body }> {
      const response = await fetch(`${kabar.baseUrl}/v24.0${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token ?? kabar.demo.accessToken}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      return { status: response.status, body: (await response.json()) as Body };
    }

    it('creates, lists, reads, updates and deletes a code through whatsapp-api-js', async () => {
      const created = (await library.client.createQR(phoneId, 'Halo, saya mau pesan', 'svg')) as QrView;
      expect(library.lastStatus).toBe(200);
      expect(created.code).toMatch(/^[0-9A-Z]{14}$/);
      expect(created).toMatchObject({ prefilled_message: 'Halo, saya mau pesan', deep_link_url: `https://wa.me/message/${created.code}` });
      expect(created.qr_image_url).toMatch(new RegExp(`^${kabar.baseUrl}/message_qrdls/images/${created.code}\\.svg\\?hash=`));

      const image = await fetch(created.qr_image_url ?? '');
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/svg+xml');
      expect(await image.text()).toContain('<svg');
      // Only the URL Kabar handed out draws the image.
      expect((await fetch(String(created.qr_image_url).replace(/hash=[^&]+/, 'hash=forged'))).status).toBe(404);

      const listed = (await library.client.retrieveQR(phoneId)) as { data: QrView[] };
      expect(listed.data).toContainEqual({ code: created.code, prefilled_message: 'Halo, saya mau pesan', deep_link_url: created.deep_link_url });

      const one = (await library.client.retrieveQR(phoneId, created.code)) as { data: QrView[] };
      expect(one.data).toEqual([{ code: created.code, prefilled_message: 'Halo, saya mau pesan', deep_link_url: created.deep_link_url }]);

      const updated = (await library.client.updateQR(phoneId, created.code, 'Promo Lebaran')) as QrView;
      expect(updated).toEqual({ code: created.code, prefilled_message: 'Promo Lebaran', deep_link_url: created.deep_link_url });
      const reread = await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls/${created.code}`);
      expect(reread.body.data[0]?.prefilled_message).toBe('Promo Lebaran');

      expect(await library.client.deleteQR(phoneId, created.code)).toEqual({ success: true });
      const gone = await graph<GraphError>('GET', `/${phoneId}/message_qrdls/${created.code}`);
      expect(gone.status).toBe(400);
      expect(gone.body.error.code).toBe(100);
      expect((await fetch(created.qr_image_url ?? '')).status).toBe(404);
    });

    it('takes the JSON body of Meta\'s documentation and the fields parameter, PNG images included', async () => {
      const created = await graph<QrView>('POST', `/${phoneId}/message_qrdls`, { body: { prefilled_message: 'Cyber Monday', generate_qr_image: 'PNG' } });
      expect(created.status).toBe(200);
      const image = await fetch(created.body.qr_image_url ?? '');
      expect(image.headers.get('content-type')).toBe('image/png');
      expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

      const withImage = await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls?fields=code,qr_image_url.format(SVG)`);
      const entry = withImage.body.data.find((view) => view.code === created.body.code);
      expect(Object.keys(entry ?? {})).toEqual(['code', 'qr_image_url']);
      expect(entry?.qr_image_url).toContain(`${created.body.code}.svg`);

      const unknownField = await graph<GraphError>('GET', `/${phoneId}/message_qrdls?fields=colour`);
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.error.message).toContain('nonexisting field (colour)');

      // The older forms: the code among the parameters.
      const updated = await graph<QrView>('POST', `/${phoneId}/message_qrdls`, { body: { code: created.body.code, prefilled_message: 'Cyber Monday 2' } });
      expect(updated.body.prefilled_message).toBe('Cyber Monday 2');
      const filtered = await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls?code=${created.body.code}`);
      expect(filtered.body.data.map((view) => view.code)).toEqual([created.body.code]);
      expect((await graph<{ success: boolean }>('DELETE', `/${phoneId}/message_qrdls?code=${created.body.code}`)).body).toEqual({ success: true });
    });

    it('refuses bad input with code 100 and writes nothing', async () => {
      const before = (await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls`)).body.data.length;
      const cases: { body: Record<string, unknown>; says: string }[] = [
        { body: { generate_qr_image: 'SVG' }, says: 'prefilled_message is required' },
        { body: { prefilled_message: 'x'.repeat(141), generate_qr_image: 'SVG' }, says: 'at most 140 characters' },
        { body: { prefilled_message: 'Halo' }, says: 'generate_qr_image is required' },
        { body: { prefilled_message: 'Halo', generate_qr_image: 'GIF' }, says: 'must be one of {SVG, PNG}' },
      ];
      for (const { body, says } of cases) {
        const refused = await graph<GraphError>('POST', `/${phoneId}/message_qrdls`, { body });
        expect(refused.status).toBe(400);
        expect(refused.body.error.code).toBe(100);
        expect(refused.body.error.message).toContain(says);
      }
      // 140 characters exactly is allowed (counted as characters, not bytes).
      const longest = await graph<QrView>('POST', `/${phoneId}/message_qrdls`, { body: { prefilled_message: 'é'.repeat(140), generate_qr_image: 'SVG' } });
      expect(longest.status).toBe(200);
      expect((await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls`)).body.data.length).toBe(before + 1);
      expect((await graph<GraphError>('DELETE', `/${phoneId}/message_qrdls/NOTACODE000000`)).body.error.code).toBe(100);
    });

    it('holds at most 2,000 codes per number', async () => {
      const { services } = kabar.kabar;
      const existing = (await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls`)).body.data.length;
      const now = services.clock.now();
      const fill = Array.from({ length: qrCodesPerNumber - 1 - existing }, (_, index) => ({
        code: `FILL${String(index).padStart(10, '0')}`, businessId: kabar.demo.businessId, phoneNumberId: phoneId, prefilledMessage: `isi ${index}`, createdAt: now, updatedAt: now,
      }));
      await services.committer.commit(unitOf(records(qrCodeSaved, fill)));
      const last = await graph<QrView>('POST', `/${phoneId}/message_qrdls`, { body: { prefilled_message: 'Yang ke-2000', generate_qr_image: 'SVG' } });
      expect(last.status).toBe(200);
      const over = await graph<GraphError>('POST', `/${phoneId}/message_qrdls`, { body: { prefilled_message: 'Yang ke-2001', generate_qr_image: 'SVG' } });
      expect(over.status).toBe(400);
      expect(over.body.error.message).toContain('2,000 QR codes');
      expect((await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls`)).body.data.length).toBe(qrCodesPerNumber);
      // Deleting one makes room again.
      expect((await graph<{ success: boolean }>('DELETE', `/${phoneId}/message_qrdls/${last.body.code}`)).body).toEqual({ success: true });
      expect((await graph<QrView>('POST', `/${phoneId}/message_qrdls`, { body: { prefilled_message: 'Lagi', generate_qr_image: 'SVG' } })).status).toBe(200);
      await services.committer.commit(unitOf(fill.map((entry) => record(qrCodeDeleted, { code: entry.code }))));
    });

    it('keeps each business\'s codes to itself', async () => {
      const mine = await graph<QrView>('POST', `/${phoneId}/message_qrdls`, { body: { prefilled_message: 'Milik demo', generate_qr_image: 'SVG' } });
      const asOther = { token: tenant.token };
      expect((await graph<GraphError>('GET', `/${phoneId}/message_qrdls`, asOther)).status).toBe(400);
      expect((await graph<GraphError>('GET', `/${tenant.phoneNumberId}/message_qrdls/${mine.body.code}`, asOther)).body.error.code).toBe(100);
      expect((await graph<GraphError>('POST', `/${tenant.phoneNumberId}/message_qrdls/${mine.body.code}`, { ...asOther, body: { prefilled_message: 'Dicuri' } })).body.error.code).toBe(100);
      expect((await graph<GraphError>('DELETE', `/${tenant.phoneNumberId}/message_qrdls/${mine.body.code}`, asOther)).body.error.code).toBe(100);
      const theirs = await graph<{ data: QrView[] }>('GET', `/${tenant.phoneNumberId}/message_qrdls`, asOther);
      expect(theirs.body.data).toEqual([]);
      expect((await graph<{ data: QrView[] }>('GET', `/${phoneId}/message_qrdls/${mine.body.code}`)).body.data[0]?.prefilled_message).toBe('Milik demo');
    });

    it('a user who scans a code sends its prefilled text to the number, and the business receives it', async () => {
      const created = await graph<QrView>('POST', `/${phoneId}/message_qrdls`, { body: { prefilled_message: 'Saya lihat QR di toko', generate_qr_image: 'SVG' } });
      const before = library.messages.length;
      await kabar.operator('POST', '/sim/users/6281234500077/scan', { code: created.body.deep_link_url, name: 'Rina' });
      expect(await library.until(() => library.messages.length > before)).toBe(true);
      expect(library.messages.at(-1)).toMatchObject({ phoneID: phoneId, from: '6281234500077', name: 'Rina', message: { type: 'text', text: { body: 'Saya lihat QR di toko' } } });
      expect(library.rejected).toEqual([]);
    });
  });
}
