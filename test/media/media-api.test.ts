import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionButtons, Body, Button, Header, Image, Interactive, Text } from 'whatsapp-api-js/messages';
import { dialects } from '../support/databases.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { jpegBytes, sha256Hex, webpBytes, type GraphError, type Retrieved } from '../support/media-files.js';

const user = '6281277700011';

/**
 * The media API through whatsapp-api-js and raw multipart: upload, retrieve, download with the
 * token, send by id, delete; Meta's refusals; another business's token; expiry on the simulated
 * clock.
 */
for (const dialect of dialects) {
  describe(`media on ${dialect}`, () => {
    let kabar: RunningKabar;
    let library: LibraryClient;
    let close: () => Promise<void>;
    let tenant: Tenant;

    beforeAll(async () => {
      ({ kabar, library, close } = await startWithLibrary(dialect));
      tenant = await provisionTenant(kabar.kabar.app, kabar.admin, { name: 'Toko Lain', phoneNumber: '+6281300000077' });
      await kabar.operator('POST', '/sim/messages', { from: user, text: 'Kirim fotonya ya', name: 'Rina' });
    });

    afterAll(() => close());

    const graph = (path: string): string => `${kabar.baseUrl}/v24.0${path}`;
    const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });

    async function upload(form: FormData, query = '', token = kabar.demo.accessToken, headers: Record<string, string> = {}): Promise<{ status: number; body: { id?: string } & Partial<GraphError> }> {
      const response = await fetch(graph(`/${kabar.demo.phoneNumberId}/media${query}`), { method: 'POST', headers: { ...bearer(token), ...headers }, body: form });
      return { status: response.status, body: (await response.json()) as { id?: string } & Partial<GraphError> };
    }

    function form(parts: readonly ([string, string] | ['file', Blob, string])[]): FormData {
      const data = new FormData();
      for (const part of parts) {
        if (part.length === 3) data.append(part[0], part[1], part[2]);
        else data.append(part[0], part[1]);
      }
      return data;
    }

    async function retrieve(id: string, token = kabar.demo.accessToken): Promise<{ status: number; body: Retrieved & Partial<GraphError> }> {
      const response = await fetch(graph(`/${id}`), { headers: bearer(token) });
      return { status: response.status, body: (await response.json()) as Retrieved & Partial<GraphError> };
    }

    it('uploads an image through whatsapp-api-js, gives its URL, serves the bytes to the token and sends it by id', async () => {
      const bytes = jpegBytes(4_096);
      const uploaded = await library.client.uploadMedia(kabar.demo.phoneNumberId, form([['file', new Blob([bytes], { type: 'image/jpeg' }), 'kopi.jpg'], ['type', 'image/jpeg'], ['messaging_product', 'whatsapp']]));
      expect(library.lastStatus).toBe(200);
      expect(uploaded).toEqual({ id: expect.stringMatching(/^[0-9]+$/) });
      const id = (uploaded as { id: string }).id;

      const retrieved = await library.client.retrieveMedia(id);
      expect(retrieved).toStrictEqual({ messaging_product: 'whatsapp', url: expect.any(String), mime_type: 'image/jpeg', sha256: sha256Hex(bytes), file_size: '4096', id });
      const { url } = retrieved as Retrieved;
      expect(url.startsWith(`${kabar.baseUrl}/`)).toBe(true);

      const downloaded = await library.client.fetchMedia(url);
      expect(downloaded.status).toBe(200);
      expect(downloaded.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
      // The URL needs the token.
      const anonymous = await fetch(url);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as GraphError).error.code).toBe(190);

      const sent = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Image(id, true, 'Kopi Gayo'))) as { messages?: { id: string }[] };
      expect(library.lastStatus).toBe(200);
      const wamid = sent.messages?.[0]?.id ?? '';
      await kabar.operator('POST', '/sim/clock/advance', { by: '5s' });
      const phone = (await kabar.operator('GET', `/sim/users/${user}/messages?limit=50`)) as { data: { id: string; status: string; image?: unknown }[] };
      expect(phone.data.find((message) => message.id === wamid)).toMatchObject({ status: 'read', image: { id, caption: 'Kopi Gayo' } });
    });

    it('takes every multipart shape clients send: file alone, type before or after the file, messaging_product in the form or the query', async () => {
      const png = new Blob([jpegBytes(1_000, 2)], { type: 'image/png' });
      const shapes: [string, FormData, string][] = [
        ['file alone, messaging_product in the query', form([['file', png, 'blob']]), '?messaging_product=whatsapp'],
        ['type before the file', form([['messaging_product', 'whatsapp'], ['type', 'image/png'], ['file', png, 'a.png']]), ''],
        ['type after the file', form([['file', png, 'a.png'], ['type', 'image/png'], ['messaging_product', 'whatsapp']]), ''],
        ['messaging_product after the file, no type', form([['file', png, 'a.png'], ['messaging_product', 'whatsapp']]), ''],
      ];
      for (const [name, data, query] of shapes) {
        const answer = await upload(data, query);
        expect(answer, name).toMatchObject({ status: 200, body: { id: expect.any(String) } });
        expect((await retrieve(answer.body.id ?? '')).body, name).toMatchObject({ mime_type: 'image/png', file_size: '1000' });
      }
      // The `type` field wins over the part's own type.
      const typed = await upload(form([['file', new Blob([jpegBytes(10)]), 'x'], ['type', 'image/jpeg'], ['messaging_product', 'whatsapp']]));
      expect((await retrieve(typed.body.id ?? '')).body.mime_type).toBe('image/jpeg');
    });

    it("refuses what Meta refuses, with Meta's codes", async () => {
      const refusals: [string, FormData, string, number, number, RegExp][] = [
        ['an HTML file', form([['file', new Blob(['<p>x</p>'], { type: 'text/html' }), 'a.html'], ['messaging_product', 'whatsapp']]), '', 400, 100, /^\(#100\) Param file must be a file with one of the following types: audio\/aac.*Received file of type 'text\/html'\.$/],
        ['an image over 5 MB', form([['file', new Blob([jpegBytes(5 * 1024 * 1024 + 1)], { type: 'image/jpeg' }), 'big.jpg'], ['messaging_product', 'whatsapp']]), '', 400, 131053, /^\(#131053\) Media upload error$/],
        ['a static sticker over 100 KB', form([['file', new Blob([webpBytes(101 * 1024, false)], { type: 'image/webp' }), 's.webp'], ['messaging_product', 'whatsapp']]), '', 400, 131053, /Media upload error/],
        ['no messaging_product', form([['file', new Blob([jpegBytes(10)], { type: 'image/jpeg' }), 'a.jpg']]), '', 400, 100, /messaging_product is required/],
        ['no file', form([['messaging_product', 'whatsapp'], ['type', 'image/jpeg']]), '', 400, 100, /file is required/],
      ];
      for (const [name, data, query, status, code, message] of refusals) {
        const answer = await upload(data, query);
        expect(answer.status, name).toBe(status);
        expect(answer.body.error?.code, name).toBe(code);
        expect(answer.body.error?.message, name).toMatch(message);
      }
      const animated = await upload(form([['file', new Blob([webpBytes(300 * 1024, true)], { type: 'image/webp' }), 's.webp'], ['messaging_product', 'whatsapp']]));
      expect(animated.status).toBe(200);
      // A JSON body is not an upload.
      const json = await fetch(graph(`/${kabar.demo.phoneNumberId}/media`), { method: 'POST', headers: { ...kabar.auth, 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp' }) });
      expect(json.status).toBe(400);
      expect(((await json.json()) as GraphError).error.code).toBe(100);
    });

    it('answers a retried upload with the same Idempotency-Key with the same id', async () => {
      const data = (): FormData => form([['file', new Blob([jpegBytes(500, 9)], { type: 'image/jpeg' }), 'retry.jpg'], ['messaging_product', 'whatsapp']]);
      const first = await upload(data(), '', kabar.demo.accessToken, { 'idempotency-key': 'upload-1' });
      const again = await upload(data(), '', kabar.demo.accessToken, { 'idempotency-key': 'upload-1' });
      expect(first.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const other = await upload(form([['file', new Blob([jpegBytes(501, 9)], { type: 'image/jpeg' }), 'retry.jpg'], ['messaging_product', 'whatsapp']]), '', kabar.demo.accessToken, { 'idempotency-key': 'upload-1' });
      expect(other.status).toBe(400);
    });

    it("refuses another business's token on every media route, as for an object it cannot see", async () => {
      const mine = await upload(form([['file', new Blob([jpegBytes(300)], { type: 'image/jpeg' }), 'a.jpg'], ['messaging_product', 'whatsapp']]));
      const id = mine.body.id ?? '';
      const { url } = (await retrieve(id)).body;

      const uploadThere = await upload(form([['file', new Blob([jpegBytes(300)], { type: 'image/jpeg' }), 'a.jpg'], ['messaging_product', 'whatsapp']]), '', tenant.token);
      expect(uploadThere.status).toBe(400);
      expect(uploadThere.body.error).toMatchObject({ code: 100, error_subcode: 33 });

      const get = await retrieve(id, tenant.token);
      expect(get.status).toBe(400);
      expect(get.body.error).toMatchObject({ code: 100, error_subcode: 33 });

      const download = await fetch(url, { headers: bearer(tenant.token) });
      expect(download.status).toBe(404);
      expect(((await download.json()) as GraphError).error).toMatchObject({ code: 100, error_subcode: 33 });

      const removal = await fetch(graph(`/${id}`), { method: 'DELETE', headers: bearer(tenant.token) });
      expect(removal.status).toBe(400);
      expect(((await removal.json()) as GraphError).error).toMatchObject({ code: 100, error_subcode: 33 });
      // Still there for its owner.
      expect((await retrieve(id)).status).toBe(200);
    });

    it('deletes media: gone for reads, downloads and sends; a retried delete succeeds again', async () => {
      const id = (await upload(form([['file', new Blob([jpegBytes(700)], { type: 'image/jpeg' }), 'a.jpg'], ['messaging_product', 'whatsapp']]))).body.id ?? '';
      const { url } = (await retrieve(id)).body;
      expect(await library.client.deleteMedia(id)).toEqual({ success: true });
      expect(await library.client.deleteMedia(id)).toEqual({ success: true });
      expect((await retrieve(id)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
      expect((await fetch(url, { headers: kabar.auth })).status).toBe(404);
      const sent = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Image(id, true))) as Partial<GraphError>;
      expect(library.lastStatus).toBe(400);
      expect(sent.error).toMatchObject({ code: 100, message: `(#100) Param image['id'] is not a valid whatsapp business account media attachment ID` });
      const header = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Interactive(new ActionButtons(new Button('ya', 'Ya')), new Body('Ini?'), new Header(new Image(id, true))))) as Partial<GraphError>;
      expect(library.lastStatus).toBe(400);
      expect(header.error).toMatchObject({ code: 100, message: `(#100) Param interactive['header']['image']['id'] is not a valid whatsapp business account media attachment ID` });
    });

    it('sends an uploaded PDF as an image: accepted, then failed with 131053', async () => {
      const id = (await upload(form([['file', new Blob(['%PDF-1.4 x'], { type: 'application/pdf' }), 'inv.pdf'], ['messaging_product', 'whatsapp']]))).body.id ?? '';
      const sent = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Image(id, true))) as { messages?: { id: string }[] };
      const wamid = sent.messages?.[0]?.id ?? '';
      expect(await library.until(() => library.statuses.some((status) => status.id === wamid && status.status === 'failed'))).toBe(true);
      expect(library.statuses.find((status) => status.id === wamid)?.error).toMatchObject({ code: 131053 });
    });

    it('lets media expire after 30 days of simulated time, and a URL after 5 minutes', async () => {
      const id = (await upload(form([['file', new Blob([jpegBytes(800)], { type: 'image/jpeg' }), 'a.jpg'], ['messaging_product', 'whatsapp']]))).body.id ?? '';
      const { url } = (await retrieve(id)).body;
      await kabar.operator('POST', '/sim/clock/advance', { by: '6m' });
      expect((await fetch(url, { headers: kabar.auth })).status).toBe(404);
      const fresh = (await retrieve(id)).body.url;
      expect((await fetch(fresh, { headers: kabar.auth })).status).toBe(200);

      await kabar.operator('POST', '/sim/clock/advance', { by: '29d' });
      expect((await retrieve(id)).status).toBe(200);
      await kabar.operator('POST', '/sim/clock/advance', { by: '1d' });
      expect((await retrieve(id)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
      await kabar.operator('POST', '/sim/messages', { from: user, text: 'Masih ada?' });
      const sent = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Image(id, true))) as Partial<GraphError>;
      expect(sent.error?.code).toBe(100);
      const text = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Text('ok'))) as { messages?: unknown[] };
      expect(text.messages).toHaveLength(1);
    });

  });
}
