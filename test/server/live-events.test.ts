import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { secondBusiness } from '../support/console-users.js';

interface ServerEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** A Server-Sent Events stream read over real HTTP, event by event. */
async function openStream(baseUrl: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/admin/events`, { headers, signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(kind?: string): Promise<ServerEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map(block.split('\n').filter((line) => !line.startsWith(':') && line.includes(': ')).map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)] as const));
          const event = fields.get('event');
          if (event === undefined || (kind !== undefined && event !== kind)) continue;
          return { id: fields.get('id'), event, data: JSON.parse(fields.get('data') ?? '{}') as Record<string, unknown> };
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error('the stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

for (const dialect of dialects) {
  describe(`live events on ${dialect}`, () => {
    let kabar: RunningKabar;
    beforeEach(async () => {
      kabar = await listenKabar(dialect);
    });
    afterEach(async () => {
      await kabar.close();
      await kabar.database.cleanup();
    });

    it('streams each change as it commits and replays what a reconnecting client missed', async () => {
      const stream = await openStream(kabar.baseUrl, kabar.admin);
      await stream.next('ready');
      await kabar.operator('POST', '/sim/messages', { from: '6281234567890', text: 'Halo' });
      const first = await stream.next('message');
      expect(first.data).toMatchObject({ business_id: kabar.demo.businessId, wa_id: '6281234567890', direction: 'inbound' });
      stream.close();

      await kabar.operator('POST', '/sim/messages', { from: '6281234567890', text: 'Masih di sana?' });
      const resumed = await openStream(kabar.baseUrl, { ...kabar.admin, 'last-event-id': first.id ?? '' });
      const missed = await resumed.next('message');
      expect(missed.data).toMatchObject({ wa_id: '6281234567890' });
      expect(missed.id).not.toBe(first.id);
      resumed.close();

      const stale = await openStream(kabar.baseUrl, { ...kabar.admin, 'last-event-id': 'from-another-start.7' });
      expect((await stale.next()).event).toBe('reset');
      stale.close();
    });

    it('streams a business only its own changes', async () => {
      const other = await secondBusiness(kabar);
      const created = (await kabar.operator('POST', '/admin/api-keys', { business_id: other.businessId, name: 'live', role: 'agent' })) as { key: string };
      const stream = await openStream(kabar.baseUrl, { authorization: `Bearer ${created.key}` });
      await stream.next('ready');
      await kabar.operator('POST', '/sim/messages', { from: '6281234567890', text: 'untuk toko demo' });
      await kabar.operator('POST', '/sim/messages', { from: '6281234567890', to: other.phoneNumberId, text: 'untuk toko lain' });
      const seen = await stream.next('message');
      expect(seen.data).toMatchObject({ business_id: other.businessId, phone_number_id: other.phoneNumberId });
      stream.close();
    });
  });
}
