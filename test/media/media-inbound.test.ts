import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { createUser, signIn } from '../support/console-users.js';
import { jpegBytes, sha256Hex, webpBytes, type GraphError, type Retrieved } from '../support/media-files.js';

const user = '6281277700011';

/**
 * What simulated users send as media arrives with media ids the business retrieves and downloads
 * with its own token, and no other business can.
 */
for (const dialect of dialects) {
  describe(`media from users on ${dialect}`, () => {
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

    it("serves a user's photo to the business: the webhook's media id downloads with the business token only", async () => {
      const bytes = jpegBytes(3_000, 5);
      const data = form([['caption', 'Ini fotonya'], ['file', new Blob([bytes], { type: 'image/jpeg' }), 'foto.jpg']]);
      const response = await fetch(`${kabar.baseUrl}/sim/users/${user}/media`, { method: 'POST', headers: kabar.admin, body: (() => {
        const renamed = new FormData();
        for (const [key, value] of data.entries()) renamed.append(key === 'file' ? 'image' : key, value);
        return renamed;
      })() });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { message: { id: string }; media_id: string };
      expect(await library.until(() => library.messages.some((args) => args.message.id === answer.message.id))).toBe(true);
      const message = library.messages.find((args) => args.message.id === answer.message.id)?.message as unknown as Record<string, unknown>;
      expect(message).toMatchObject({ type: 'image', image: { caption: 'Ini fotonya', mime_type: 'image/jpeg', sha256: sha256Hex(bytes), id: answer.media_id } });
      const retrieved = (await library.client.retrieveMedia(answer.media_id)) as Retrieved;
      expect(retrieved).toMatchObject({ mime_type: 'image/jpeg', file_size: '3000', id: answer.media_id });
      const downloaded = await library.client.fetchMedia(retrieved.url);
      expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await retrieve(answer.media_id, tenant.token)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
      expect((await fetch(retrieved.url, { headers: bearer(tenant.token) })).status).toBe(404);
    });

    it('sends every kind a user can send: video, voice note, document with its file name, sticker', async () => {
      const kinds: [string, Blob, string, Record<string, string>, Record<string, unknown>][] = [
        ['video', new Blob([Buffer.alloc(900, 1)], { type: 'video/mp4' }), 'v.mp4', { caption: 'Lihat' }, { caption: 'Lihat', mime_type: 'video/mp4' }],
        ['audio', new Blob([Buffer.alloc(400, 2)], { type: 'audio/ogg' }), 'voice.ogg', { voice: 'true' }, { mime_type: 'audio/ogg', voice: true }],
        ['document', new Blob(['%PDF-1.4 x'], { type: 'application/pdf' }), 'nota.pdf', {}, { filename: 'nota.pdf', mime_type: 'application/pdf' }],
        ['sticker', new Blob([webpBytes(2_000, true)], { type: 'image/webp' }), 's.webp', {}, { mime_type: 'image/webp', animated: true }],
      ];
      for (const [kind, blob, name, extra, expected] of kinds) {
        const data = new FormData();
        for (const [key, value] of Object.entries(extra)) data.append(key, value);
        data.append(kind, blob, name);
        const response = await fetch(`${kabar.baseUrl}/sim/users/${user}/media`, { method: 'POST', headers: kabar.admin, body: data });
        expect(response.status, kind).toBe(200);
        const answer = (await response.json()) as { message: { id: string }; media_id: string };
        expect(await library.until(() => library.messages.some((args) => args.message.id === answer.message.id))).toBe(true);
        const message = library.messages.find((args) => args.message.id === answer.message.id)?.message as unknown as Record<string, unknown>;
        expect(message, kind).toMatchObject({ type: kind, [kind]: { ...expected, id: answer.media_id, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      }
    });

    it("shows the console a user's photo and document through GET /admin/media/{id}, and another business's people nothing of them", async () => {
      const bytes = jpegBytes(2_000, 9);
      const photo = new FormData();
      photo.append('image', new Blob([bytes], { type: 'image/jpeg' }), 'struk.jpg');
      const sentPhoto = (await (await fetch(`${kabar.baseUrl}/sim/users/${user}/media`, { method: 'POST', headers: kabar.admin, body: photo })).json()) as { media_id: string };
      const document = new FormData();
      document.append('document', new Blob(['%PDF-1.4 nota'], { type: 'application/pdf' }), 'nota pembelian é.pdf');
      const sentDocument = (await (await fetch(`${kabar.baseUrl}/sim/users/${user}/media`, { method: 'POST', headers: kabar.admin, body: document })).json()) as { media_id: string };

      const shown = await fetch(`${kabar.baseUrl}/admin/media/${sentPhoto.media_id}`, { headers: kabar.admin });
      expect(shown.status).toBe(200);
      expect(shown.headers.get('content-type')).toBe('image/jpeg');
      expect(shown.headers.get('content-disposition')).toBe('inline; filename="struk.jpg"; filename*=UTF-8\'\'struk.jpg');
      expect(Buffer.from(await shown.arrayBuffer()).equals(bytes)).toBe(true);
      const file = await fetch(`${kabar.baseUrl}/admin/media/${sentDocument.media_id}`, { headers: kabar.admin });
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="nota pembelian _.pdf"; filename*=UTF-8\'\'nota%20pembelian%20%C3%A9.pdf');
      expect(await file.text()).toBe('%PDF-1.4 nota');

      await createUser(kabar, { businessId: tenant.businessId, email: `owner-${dialect}@lain.test`, role: 'owner' });
      const stranger = await signIn(kabar, `owner-${dialect}@lain.test`);
      const refused = await stranger.request({ method: 'GET', url: `/admin/media/${sentPhoto.media_id}` });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<GraphError>().error).toMatchObject({ code: 100, error_subcode: 33 });
      expect((await fetch(`${kabar.baseUrl}/admin/media/${sentPhoto.media_id}`)).status).toBe(401);
    });
  });
}
