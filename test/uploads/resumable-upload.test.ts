import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { jpegBytes } from '../support/media-files.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { uploadHandle } from '../support/uploads.js';

interface GraphError {
  readonly error: { readonly code: number; readonly error_subcode?: number; readonly error_data: { readonly details: string } };
}

/** A PNG's signature and enough bytes after it to stand for a picture. */
function pngBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

/** Graph's Resumable Upload API over real HTTP, and the profile picture a handle sets. */
for (const dialect of dialects) {
  describe(`the Resumable Upload API on ${dialect}`, () => {
    let kabar: RunningKabar;
    let other: Tenant;

    beforeAll(async () => {
      kabar = await listenKabar(dialect);
      other = await provisionTenant(kabar.kabar.app, kabar.admin, { name: 'Toko Lain', phoneNumber: '+6281300000079' });
    });

    afterAll(async () => {
      await kabar.close();
      await kabar.database.cleanup();
    });

    const graph = async <Body>(method: string, path: string, init: { token?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<{ status: number; body: Body }> => {
      const response = await fetch(`${kabar.baseUrl}/v21.0${path}`, { method, headers: { authorization: `OAuth ${init.token ?? kabar.demo.accessToken}`, ...init.headers }, ...(init.body === undefined ? {} : { body: init.body }) });
      return { status: response.status, body: (await response.json()) as Body };
    };
    const open = (query: string, token?: string) => graph<{ id: string } & Partial<GraphError>>('POST', `/app/uploads?${query}`, token === undefined ? {} : { token });
    const setPicture = (handle: string, phoneNumberId = kabar.demo.phoneNumberId, token = kabar.demo.accessToken) =>
      fetch(`${kabar.baseUrl}/v21.0/${phoneNumberId}/whatsapp_business_profile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', profile_picture_handle: handle }),
      });

    it('takes a file in two parts, resumed from the offset it reports, and answers a handle that sets the profile picture', async () => {
      const picture = pngBytes(10_000);
      const opened = await open(`file_name=logo.png&file_length=${picture.length}&file_type=image/png`);
      expect(opened.status).toBe(200);
      expect(opened.body.id).toMatch(/^upload:[A-Za-z0-9_-]{16,64}$/);
      const session = opened.body.id;

      const first = await graph<{ id: string; file_offset: number }>('POST', `/${session}`, { headers: { file_offset: '0', 'content-type': 'application/octet-stream' }, body: picture.subarray(0, 4_000) });
      expect(first).toEqual({ status: 200, body: { id: session, file_offset: 4_000 } });
      expect((await graph<{ id: string; file_offset: number }>('GET', `/${session}`)).body).toEqual({ id: session, file_offset: 4_000 });

      // A client that lost track sends from the wrong offset: refused, and told where to resume.
      const wrong = await graph<GraphError>('POST', `/${session}`, { headers: { file_offset: '0' }, body: picture.subarray(0, 4_000) });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.error_data.details).toContain('resume from 4000');
      // More than is left of the announced length: refused, nothing kept.
      const tooMuch = await graph<GraphError>('POST', `/${session}`, { headers: { file_offset: '4000' }, body: pngBytes(6_001) });
      expect(tooMuch.status).toBe(400);
      expect((await graph<{ file_offset: number }>('GET', `/${session}`)).body.file_offset).toBe(4_000);

      // As curl --data-binary sends it: the bytes under a form content type.
      const last = await graph<{ h: string }>('POST', `/${session}`, { headers: { file_offset: '4000', 'content-type': 'application/x-www-form-urlencoded' }, body: picture.subarray(4_000) });
      expect(last.status).toBe(200);
      expect(last.body.h).toMatch(/^4::aW1hZ2UvcG5n:[A-Za-z0-9_-]+$/);
      const done = await graph<GraphError>('POST', `/${session}`, { headers: { file_offset: '10000' }, body: 'x' });
      expect(done.body.error.error_data.details).toContain('already holds the whole file');

      expect(await (await setPicture(last.body.h)).json()).toEqual({ success: true });
      const profile = (await (await fetch(`${kabar.baseUrl}/v21.0/${kabar.demo.phoneNumberId}/whatsapp_business_profile`, { headers: kabar.auth })).json()) as { data: { profile_picture_url: string }[] };
      const url = profile.data[0]?.profile_picture_url ?? '';
      expect(url).toMatch(new RegExp(`^${kabar.baseUrl}/whatsapp_business/profile_pictures/[A-Za-z0-9_-]+\\.png$`));
      const served = await fetch(url);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer()).equals(picture)).toBe(true);
      expect((await fetch(url.replace(/\/[^/]+\.png$/, '/AAAAAAAAAAAAAAAAAAAAAAAA.png'))).status).toBe(404);
    });

    it('refuses what Meta refuses, with code 100 and a sentence saying what to send', async () => {
      const cases: [string, string][] = [
        ['file_name=a.jpg&file_type=image/jpeg', 'file_length is required'],
        ['file_name=a.gif&file_length=10&file_type=image/gif', 'file_type must be one of'],
        ['file_name=a.jpg&file_length=10', 'file_type is required'],
        [`file_name=a.mp4&file_length=${200 * 1024 * 1024}&file_type=video/mp4`, 'at most'],
        ['file_name=a.jpg&file_length=-5&file_type=image/jpeg', 'positive whole number'],
      ];
      for (const [query, says] of cases) {
        const refused = await open(query);
        expect(refused.status, query).toBe(400);
        expect(refused.body.error?.code, query).toBe(100);
        expect(refused.body.error?.error_data.details, query).toContain(says);
      }
      const otherApp = await graph<GraphError>('POST', `/${other.appId}/uploads?file_length=10&file_type=image/jpeg`);
      expect(otherApp.body.error).toMatchObject({ code: 100, error_subcode: 33 });
      const opened = await open('file_length=10&file_type=image/jpeg');
      expect((await graph<GraphError>('POST', `/${opened.body.id}`, { body: jpegBytes(10) })).body.error.error_data.details).toContain('file_offset is required');
      expect((await setPicture('4::aW1hZ2UvanBlZw==:ARZnotKabars')).status).toBe(400);
      const unfinished = await open('file_length=10&file_type=image/jpeg');
      const refusedPicture = await setPicture(`4::aW1hZ2UvanBlZw==:${unfinished.body.id.slice('upload:'.length)}`);
      expect(((await refusedPicture.json()) as GraphError).error.error_data.details).toContain('not finished');
      const pdf = await uploadHandle(kabar.baseUrl, kabar.demo.accessToken, Buffer.from('%PDF-1.4 menu'), 'application/pdf', 'menu.pdf');
      expect(((await (await setPicture(pdf)).json()) as GraphError).error.error_data.details).toContain('JPEG or PNG');
    });

    it('keeps each business\'s uploads to itself', async () => {
      const picture = jpegBytes(3_000, 3);
      const handle = await uploadHandle(kabar.baseUrl, kabar.demo.accessToken, picture, 'image/jpeg', 'mine.jpg');
      const session = `upload:${handle.split(':').at(-1) ?? ''}`;
      const peek = await graph<GraphError>('GET', `/${session}`, { token: other.token });
      expect(peek.body.error).toMatchObject({ code: 100, error_subcode: 33 });
      const used = await setPicture(handle, other.phoneNumberId, other.token);
      expect(used.status).toBe(400);
      expect(((await used.json()) as GraphError).error.error_data.details).toContain('no upload of this business');
    });
  });
}
