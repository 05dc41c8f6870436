import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { WebhookSink } from '../support/webhook-sink.js';

interface Logged {
  readonly id: string;
  readonly key: string;
  readonly direction: string;
  readonly status: string;
  readonly content: { readonly body?: string };
}

interface Detail {
  readonly timeline: readonly { readonly status: string; readonly error_code: number | null }[];
  readonly deliveries: readonly { readonly key: string; readonly event: string; readonly status: string; readonly attempts: readonly { readonly response_status: number | null; readonly duration_ms: number }[] }[];
}

for (const dialect of dialects) {
  describe(`the message log on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });
    afterEach(async () => close());

    const get = async <Answer>(url: string, query: Record<string, string> = {}): Promise<Answer> => {
      const response = await t.kabar.app.inject({ method: 'GET', url, query, headers: t.admin });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as Answer;
    };
    const customerWrites = async (from: string, text: string): Promise<string> => {
      const response = await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from, text } });
      return (response.json() as { message: { id: string } }).message.id;
    };

    it('pages newest first by key, with no message twice, and filters by direction, status, text, user and wamid', async () => {
      for (let index = 0; index < 23; index += 1) await customerWrites(index % 2 === 0 ? '6281111111111' : '6282222222222', `pesan nomor ${index}`);
      const seen: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await get<{ data: Logged[]; paging: { next_before: string | null } }>('/admin/messages', { limit: '10', ...(before === undefined ? {} : { before }) });
        seen.push(...page.data.map((message) => message.key));
        if (page.paging.next_before === null) break;
        before = page.paging.next_before;
      }
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
      expect([...seen].sort().reverse()).toEqual(seen);
      const text = await get<{ data: Logged[] }>('/admin/messages', { q: 'NOMOR 7' });
      expect(text.data.map((message) => message.content.body)).toEqual(['pesan nomor 7']);
      const user = await get<{ data: Logged[] }>('/admin/messages', { q: '+6282222222222' });
      expect(user.data).toHaveLength(11);
      const wamid = await customerWrites('6283333333333', 'cari saya');
      expect((await get<{ data: Logged[] }>('/admin/messages', { q: wamid })).data.map((message) => message.id)).toEqual([wamid]);
      expect((await get<{ data: Logged[] }>('/admin/messages', { direction: 'outbound' })).data).toEqual([]);
      expect((await get<{ data: Logged[] }>('/admin/messages', { status: 'received' })).data).toHaveLength(24);
    });

    it('shows a reply’s status timeline and every webhook it caused, with attempts, response codes and latency', async () => {
      await customerWrites('6281234567890', 'Halo');
      const sent = await t.kabar.app.inject({ method: 'POST', url: '/admin/messages', headers: t.admin, payload: { phone_number_id: t.demo.phoneNumberId, to: '6281234567890', text: 'Ada, kak!' } });
      expect(sent.statusCode, sent.body).toBe(201);
      const wamid = (sent.json() as { id: string }).id;
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '10s' } });
      await t.kabar.services.settle();
      const detail = await get<Detail>(`/admin/messages/${encodeURIComponent(wamid)}`);
      expect(detail.timeline.map((entry) => entry.status)).toEqual(['accepted', 'sent', 'delivered', 'read']);
      expect(detail.deliveries.map((delivery) => delivery.event).sort()).toEqual(['status:delivered', 'status:read', 'status:sent']);
      for (const delivery of detail.deliveries) {
        expect(delivery.status).toBe('delivered');
        expect(delivery.attempts).toEqual([expect.objectContaining({ response_status: 200, duration_ms: expect.any(Number) })]);
      }
    });

    it('shows a send refused by the window as accepted then failed with its code', async () => {
      const sent = await t.kabar.app.inject({ method: 'POST', url: '/admin/messages', headers: t.admin, payload: { phone_number_id: t.demo.phoneNumberId, to: '6289999999999', text: 'Promo!' } });
      const detail = await get<Detail>(`/admin/messages/${encodeURIComponent((sent.json() as { id: string }).id)}`);
      expect(detail.timeline).toEqual([expect.objectContaining({ status: 'accepted' }), expect.objectContaining({ status: 'failed', error_code: 131047 })]);
    });

    it('replays a failed delivery as a new webhook with the same bytes, and supersedes the one still retrying', async () => {
      sink.status = 500;
      const wamid = await customerWrites('6281234567890', 'Tolong');
      await t.kabar.services.settle();
      const [failed] = (await get<Detail>(`/admin/messages/${encodeURIComponent(wamid)}`)).deliveries;
      expect(failed?.attempts.map((attempt) => attempt.response_status)).toEqual([500]);
      sink.status = 200;
      const arrived = sink.next((webhook) => webhook.raw.includes('Tolong'));
      const replay = await t.kabar.app.inject({ method: 'POST', url: `/admin/webhooks/outbox/${failed?.key ?? ''}/replay`, headers: t.admin });
      expect(replay.statusCode, replay.body).toBe(201);
      await t.kabar.services.settle();
      await arrived;
      const after = (await get<Detail>(`/admin/messages/${encodeURIComponent(wamid)}`)).deliveries;
      expect(after.map((delivery) => delivery.status)).toEqual(['dead', 'delivered']);
      const again = await t.kabar.app.inject({ method: 'POST', url: `/admin/webhooks/outbox/${after[1]?.key ?? ''}/replay`, headers: t.admin });
      expect(again.statusCode).toBe(400);
    });
  });
}
