import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { jpegBytes } from '../support/media-files.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { createUser, signIn, type SignedIn } from '../support/console-users.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { uploadHandle } from '../support/uploads.js';

interface HistoryEntry {
  readonly version: number;
  readonly event: string;
  readonly status: string;
  readonly rejected_reason: string;
  readonly note: string | null;
  readonly author: { readonly kind: string; readonly name: string };
  readonly components: readonly Record<string, unknown>[];
  readonly at: string;
}

interface GraphError {
  readonly error: { readonly code: number; readonly error_data: { readonly details: string } };
}

const bodyOf = (text: string) => [{ type: 'BODY', text, example: { body_text: [['Siti']] } }];
const first = 'Halo {{1}}, pesanan Anda sedang dikirim dan tiba besok. Terima kasih sudah berbelanja di toko kami.';
const second = 'Halo {{1}}, pesanan Anda sudah dikirim dan tiba besok pagi. Terima kasih sudah berbelanja di toko kami.';
const third = 'Halo {{1}}, pesanan Anda sudah dikirim dan tiba besok siang. Terima kasih sudah berbelanja di toko kami.';
const imageHeader = (handle: string) => ({ type: 'HEADER', format: 'IMAGE', example: { header_handle: [handle] } });

/**
 * A template's history over HTTP: each create and edit a version with its author and time, each status
 * decision an entry; and a media header's sample checked against Kabar's uploads.
 */
for (const dialect of dialects) {
  describe(`template history and header samples on ${dialect}`, () => {
    let kabar: RunningKabar;
    let owner: SignedIn;
    let stranger: SignedIn;
    let other: Tenant;

    beforeAll(async () => {
      kabar = await listenKabar(dialect);
      await createUser(kabar, { businessId: kabar.demo.businessId, email: 'ani@toko.example', role: 'admin' });
      owner = await signIn(kabar, 'ani@toko.example');
      other = await provisionTenant(kabar.kabar.app, kabar.admin, { name: 'Toko Lain', phoneNumber: '+6281300000079' });
      await createUser(kabar, { businessId: other.businessId, email: 'lain@toko.example', role: 'owner' });
      stranger = await signIn(kabar, 'lain@toko.example');
    });

    afterAll(async () => {
      await kabar.close();
      await kabar.database.cleanup();
    });

    const graph = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => kabar.kabar.app.inject({ method, url: `/v21.0/${url}`, headers: kabar.auth, ...(payload === undefined ? {} : { payload }) });
    const history = async (id: string) => {
      const response = await owner.request({ method: 'GET', url: `/admin/templates/${id}/history` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ template_id: string; name: string; data: HistoryEntry[] }>().data;
    };

    it('records the create, each edit and each review with who made it and when, newest first', async () => {
      const created = await graph('POST', `${kabar.demo.wabaId}/message_templates`, { name: 'info_pengiriman', language: 'id', category: 'UTILITY', components: bodyOf(first) });
      expect(created.statusCode, created.body).toBe(200);
      const id = created.json<{ id: string }>().id;

      // The operator rejects it by hand, an admin of the business edits it, the operator approves it.
      await kabar.advance('10s');
      const rejected = await kabar.kabar.app.inject({ method: 'POST', url: `/admin/templates/${id}/review`, headers: kabar.admin, payload: { status: 'REJECTED', reason: 'INVALID_FORMAT', note: 'Tanda baca berlebihan.' } });
      expect(rejected.statusCode, rejected.body).toBe(200);
      await kabar.advance('10s');
      const edited = await owner.request({ method: 'POST', url: `/admin/templates/${id}`, payload: { components: bodyOf(second) } });
      expect(edited.statusCode, edited.body).toBe(200);
      await kabar.advance('10s');
      expect((await kabar.kabar.app.inject({ method: 'POST', url: `/admin/templates/${id}/review`, headers: kabar.admin, payload: { status: 'APPROVED' } })).statusCode).toBe(200);

      // The app edits the approved template over Graph; the simulated reviewer approves it a minute later.
      await kabar.advance('10s');
      const graphEdit = await graph('POST', id, { components: bodyOf(third) });
      expect(graphEdit.statusCode, graphEdit.body).toBe(200);
      await kabar.advance('60s');

      const entries = await history(id);
      expect(entries.map((entry) => [entry.version, entry.event, entry.status, entry.author.kind])).toEqual([
        [3, 'APPROVED', 'APPROVED', 'reviewer'],
        [3, 'EDITED', 'PENDING', 'app'],
        [2, 'APPROVED', 'APPROVED', 'operator'],
        [2, 'EDITED', 'PENDING', 'user'],
        [1, 'REJECTED', 'REJECTED', 'operator'],
        [1, 'CREATED', 'PENDING', 'app'],
      ]);
      const at = (seconds: number) => new Date(Date.parse('2026-11-25T09:00:00.000Z') + seconds * 1000).toISOString();
      expect(entries.map((entry) => entry.at)).toEqual([at(100), at(40), at(30), at(20), at(10), at(0)]);
      expect(entries[3]?.author.name).toBe('ani@toko.example');
      expect(entries[1]?.author.name).toMatch(/\(token \d+\)$/);
      expect(entries[4]).toMatchObject({ rejected_reason: 'INVALID_FORMAT', note: 'Tanda baca berlebihan.' });
      // Each version keeps the body it had.
      expect(entries[5]?.components).toEqual(bodyOf(first));
      expect(entries[3]?.components).toEqual(bodyOf(second));
      expect(entries[1]?.components).toEqual(bodyOf(third));

      // Another business learns nothing, not even that the template exists: the answer of a missing one.
      const refused = await stranger.request({ method: 'GET', url: `/admin/templates/${id}/history` });
      const missing = await stranger.request({ method: 'GET', url: '/admin/templates/999999999/history' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).not.toContain('info_pengiriman');
      const shape = (body: string, named: string) => {
        const { error } = JSON.parse(body.replaceAll(named, '?')) as { error: Record<string, unknown> };
        return { ...error, fbtrace_id: undefined };
      };
      expect(shape(refused.body, id)).toEqual(shape(missing.body, '999999999'));
    });

    it('takes a media sample uploaded to Kabar, and refuses an unknown handle or one of the wrong type', async () => {
      const create = (name: string, handle: string) =>
        graph('POST', `${kabar.demo.wabaId}/message_templates`, { name, language: 'id', category: 'MARKETING', components: [imageHeader(handle), ...bodyOf('Halo {{1}}, gratis ongkir untuk pesanan Anda berikutnya di toko kami minggu ini.')] });
      const image = await uploadHandle(kabar.baseUrl, kabar.demo.accessToken, jpegBytes(4_096), 'image/jpeg', 'promo.jpg');
      const accepted = await create('promo_gambar', image);
      expect(accepted.statusCode, accepted.body).toBe(200);

      const unknown = await create('promo_hilang', '4::aW1hZ2UvanBlZw==:AAAAAAAAAAAAAAAAAAAAAAAA');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<GraphError>().error.code).toBe(100);
      expect(unknown.json<GraphError>().error.error_data.details).toContain('no upload of this business has this handle');

      const pdf = await uploadHandle(kabar.baseUrl, kabar.demo.accessToken, Buffer.from('%PDF-1.4 katalog'), 'application/pdf', 'katalog.pdf');
      const wrongType = await create('promo_pdf', pdf);
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json<GraphError>().error.error_data.details).toContain("a IMAGE header's sample is image/jpeg or image/jpg or image/png; this upload is application/pdf.");

      // A handle Kabar did not issue (a URL, or Meta's own) is not Kabar's to judge.
      expect((await create('promo_meta', '4::aW1hZ2UvanBlZw==:ARZkopi')).statusCode).toBe(200);

      // The console's admin edit is checked the same way.
      const stored = (await kabar.operator('GET', `/admin/wabas/${kabar.demo.wabaId}/templates`)) as { data: { id: string; name: string }[] };
      const id = stored.data.find((template) => template.name === 'promo_gambar')?.id ?? '';
      await kabar.kabar.app.inject({ method: 'POST', url: `/admin/templates/${id}/review`, headers: kabar.admin, payload: { status: 'APPROVED' } });
      const edit = await owner.request({ method: 'POST', url: `/admin/templates/${id}`, payload: { components: [imageHeader(pdf), ...bodyOf('Halo {{1}}, gratis ongkir untuk pesanan Anda berikutnya di toko kami bulan ini.')] } });
      expect(edit.statusCode).toBe(400);
      expect(edit.body).toContain('this upload is application/pdf');
    });

    it('lets the console upload a sample with its session, for its own business only', async () => {
      const bytes = jpegBytes(3_000, 5);
      const started = await owner.request({ method: 'POST', url: '/admin/uploads', payload: { file_name: 'banner.jpg', file_length: bytes.length, file_type: 'image/jpeg' } });
      expect(started.statusCode, started.body).toBe(201);
      const session = started.json<{ id: string }>().id.slice('upload:'.length);
      // Another business cannot see or fill the session.
      const foreign = await stranger.request({ method: 'POST', url: `/admin/uploads/${session}`, headers: { 'file-offset': '0', 'content-type': 'application/octet-stream' }, payload: bytes });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json<GraphError>().error.code).toBe(100);
      const sent = await owner.request({ method: 'POST', url: `/admin/uploads/${session}`, headers: { 'file-offset': '0', 'content-type': 'image/jpeg' }, payload: bytes });
      expect(sent.statusCode, sent.body).toBe(200);
      const { h } = sent.json<{ h: string }>();
      expect(h).toMatch(/^4::aW1hZ2UvanBlZw==:/);
      const created = await owner.request({
        method: 'POST',
        url: `/admin/wabas/${kabar.demo.wabaId}/templates`,
        payload: { name: 'promo_banner', language: 'id', category: 'MARKETING', components: [imageHeader(h), ...bodyOf('Halo {{1}}, diskon akhir pekan untuk semua kopi di toko kami mulai hari ini.')] },
      });
      expect(created.statusCode, created.body).toBe(201);
      // The handle is this business's: another business's template cannot use it.
      const borrowed = await kabar.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${other.wabaId}/message_templates`,
        headers: { authorization: `Bearer ${other.token}` },
        payload: { name: 'promo_pinjam', language: 'id', category: 'MARKETING', components: [imageHeader(h), ...bodyOf('Halo {{1}}, diskon akhir pekan untuk semua teh di toko kami mulai hari ini.')] },
      });
      expect(borrowed.statusCode).toBe(400);
      expect(borrowed.body).toContain('no upload of this business has this handle');
    });
  });
}
