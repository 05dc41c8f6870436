import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { setThroughput, startKabar, testEpoch } from '../support/kabar.js';
import { jpegBytes } from '../support/media-files.js';
import { listenKabarWithSink, type GraphAnswer, type RunningKabar } from '../support/running-kabar.js';
import { messagesOf, type WebhookSink } from '../support/webhook-sink.js';
import { errorOf, sendTemplate, tenant } from '../limits/support.js';

/** A Flow JSON with one screen that ends the Flow. */
const flowJson = JSON.stringify({
  version: '6.0',
  screens: [
    {
      id: 'PESANAN',
      title: 'Pesanan',
      terminal: true,
      success: true,
      data: {},
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextInput', name: 'alamat', label: 'Alamat' },
          { type: 'Footer', label: 'Kirim', 'on-click-action': { name: 'complete', payload: { alamat: '${form.alamat}' } } },
        ],
      },
    },
  ],
});

/**
 * Meta's throughput per number is "inclusive of inbound and outbound messages and all message
 * types": every message a user sends the number takes from its 80 messages a second, on both
 * engines, over real HTTP with the simulated clock standing still unless a test moves it. Inbound
 * is never refused; a flood of it leaves an empty second, not a debt; `UNLIMITED` counts nothing.
 */
for (const dialect of dialects) {
  describe(`inbound messages and the number's throughput on ${dialect}`, () => {
    let running: RunningKabar;
    let sink: WebhookSink;
    let userSerial = 0;

    const nextUser = (): string => {
      userSerial += 1;
      return `62813${String(userSerial).padStart(7, '0')}`;
    };

    const sendBody = (body: Record<string, unknown>): Promise<GraphAnswer> => running.graph('POST', `/${running.demo.phoneNumberId}/messages`, { messaging_product: 'whatsapp', ...body });
    const send = (to: string): Promise<GraphAnswer> => sendBody({ to, type: 'text', text: { body: 'Pesanan Anda sudah dikirim.' } });

    /** A business send that must go through; answers its wamid. */
    async function sent(body: Record<string, unknown>): Promise<string> {
      const answer = await sendBody(body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      return answer.json.messages?.[0]?.id ?? '';
    }

    /** A simulated user's action over the simulator API; answers the wamid of what reached the business. */
    async function userDoes(path: string, body: Record<string, unknown>): Promise<string> {
      const answer = (await running.operator('POST', path, body)) as { message: { id: string; status: string }; withheld?: unknown };
      expect(answer.withheld).toBeUndefined();
      return answer.message.id;
    }

    const writes = (from: string, text = 'Halo'): Promise<string> => userDoes('/sim/messages', { from, text });

    async function sendsImage(from: string): Promise<string> {
      const form = new FormData();
      form.set('image', new Blob([new Uint8Array(jpegBytes())], { type: 'image/jpeg' }), 'struk.jpg');
      form.set('caption', 'Bukti transfer');
      const response = await fetch(`${running.baseUrl}/sim/users/${from}/media`, { method: 'POST', headers: running.admin, body: form });
      expect(response.status, await response.clone().text()).toBe(200);
      return ((await response.json()) as { message: { id: string } }).message.id;
    }

    /** Sends to each of `waIds` in turn until `count` sends; every one must be answered 200. */
    async function sendsThrough(waIds: readonly string[], count: number): Promise<void> {
      for (let index = 0; index < count; index += 1) {
        const answer = await send(waIds[index % waIds.length] ?? '');
        expect(answer.status, `send ${index + 1}: ${JSON.stringify(answer.json)}`).toBe(200);
      }
    }

    /** Resolves once the business's webhook received every one of `wamids` as an inbound message. */
    async function allArrived(wamids: readonly string[]): Promise<void> {
      const seen = new Set<string>();
      const pending = new Set(wamids);
      await sink.next((webhook) => {
        for (const message of messagesOf(webhook)) seen.add(message.id);
        for (const wamid of [...pending]) if (seen.has(wamid)) pending.delete(wamid);
        return pending.size === 0;
      }, 20_000).catch(() => undefined);
      for (const webhook of sink.received) for (const message of messagesOf(webhook)) seen.add(message.id);
      expect(wamids.filter((wamid) => !seen.has(wamid))).toEqual([]);
      expect(new Set(wamids).size).toBe(wamids.length);
    }

    let close: () => Promise<void>;

    beforeAll(async () => {
      // The demo WABA's webhooks go to a receiver: level changes and inbound messages are told there.
      ({ running, sink, close } = await listenKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('counts 40 inbound messages of every kind in one instant: the 41st send of that instant is refused with 130429, all 40 reach the webhook, and the second refills', async () => {
      await running.advance('1h');
      const catalogId = ((await running.operator('GET', `/admin/wabas/${running.demo.wabaId}/catalog`)) as { catalog: { id: string } }).catalog.id;
      await running.operator('POST', '/admin/templates/review-settings', { delay_ms: 0 });
      const template = await running.graph('POST', `/${running.demo.wabaId}/message_templates`, {
        name: 'promo_balas',
        language: 'id',
        category: 'MARKETING',
        components: [
          { type: 'BODY', text: 'Promo akhir pekan: diskon 20% untuk semua produk di toko kami.' },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promo' }] },
        ],
      });
      expect(template.json).toMatchObject({ status: 'APPROVED' });
      const flow = await running.graph('POST', `/${running.demo.wabaId}/flows`, { name: 'Alamat kirim', categories: ['OTHER'], flow_json: flowJson, publish: true });
      expect(flow.status, JSON.stringify(flow.json)).toBe(200);
      const flowId = (flow.json as { id?: string }).id ?? '';

      // Before the instant: the users write in (their windows open) and the business sends what they will answer.
      const [siti = '', budi = '', ani = '', dewi = ''] = [nextUser(), nextUser(), nextUser(), nextUser()];
      const first = await writes(siti, 'Halo, ada stok?');
      for (const waId of [budi, ani, dewi]) await writes(waId);
      const buttons = await sent({
        to: siti,
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'Jadwal ulang pengiriman?' }, action: { buttons: [{ type: 'reply', reply: { id: 'ya', title: 'Ya' } }, { type: 'reply', reply: { id: 'tidak', title: 'Tidak' } }] } },
      });
      const list = await sent({
        to: siti,
        type: 'interactive',
        interactive: { type: 'list', body: { text: 'Pilih pengiriman' }, action: { button: 'Pilihan', sections: [{ title: 'Cepat', rows: [{ id: 'express', title: 'Express' }] }] } },
      });
      const products = await sent({
        to: siti,
        type: 'interactive',
        interactive: { type: 'product_list', header: { type: 'text', text: 'Toko Maju' }, body: { text: 'Katalog kami' }, action: { catalog_id: catalogId, sections: [{ title: 'Minuman', product_items: [{ product_retailer_id: 'kopi-gayo-250' }] }] } },
      });
      const flowMessage = await sent({
        to: siti,
        type: 'interactive',
        interactive: { type: 'flow', body: { text: 'Isi alamat' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: flowId, flow_cta: 'Isi', flow_action_payload: { screen: 'PESANAN' } } } },
      });
      const promo = await sent({ to: siti, type: 'template', template: { name: 'promo_balas', language: { code: 'id' } } });
      // The phone receives them (delivered after 2 s on the test schedule); then a fresh second starts.
      await running.advance('3s');

      // One instant: 40 messages from users, of every kind.
      const inbound: string[] = [
        await writes(siti, 'Masih ada?'),
        await userDoes(`/sim/users/${siti}/messages`, { text: 'Ya, yang itu', context: buttons }),
        await userDoes(`/sim/users/${siti}/messages`, { location: { latitude: -6.2088, longitude: 106.8456, name: 'Monas' } }),
        await userDoes(`/sim/users/${siti}/messages`, { contacts: [{ name: { formatted_name: 'Budi Santoso', first_name: 'Budi' }, phones: [{ phone: '+62 811 1111 2222', type: 'CELL' }] }] }),
        await userDoes(`/sim/users/${siti}/messages`, { unsupported: { type: 'poll_creation' } }),
        await userDoes(`/sim/users/${siti}/messages`, { text: 'Saya lihat iklan', referral: { source_url: 'https://fb.me/3cr4Wqqkv', source_id: '120211234567890' } }),
        await userDoes(`/sim/users/${siti}/react`, { message_id: first, emoji: '🙏' }),
        await userDoes(`/sim/users/${siti}/react`, { message_id: first, emoji: '' }),
        await userDoes(`/sim/users/${siti}/tap`, { message_id: buttons, id: 'ya' }),
        await userDoes(`/sim/users/${siti}/tap`, { message_id: list, id: 'express' }),
        await userDoes(`/sim/users/${siti}/tap`, { message_id: promo, id: '0' }),
        await userDoes(`/sim/users/${siti}/order`, { message_id: products, items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 2 }] }),
        await userDoes(`/sim/users/${siti}/flow`, { message_id: flowMessage, data: { alamat: 'Jl. Merdeka 1' } }),
        await sendsImage(siti),
      ];
      while (inbound.length < 40) inbound.push(await writes([budi, ani, dewi][inbound.length % 3] ?? '', `pesan ${inbound.length}`));

      // 40 of the number's 80 are gone: 40 sends go through, the 41st is refused.
      await sendsThrough([budi, ani, dewi, siti], 40);
      const refused = await send(dewi);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
      expect(refused.json.error?.error_data.details).toContain('may send 80 messages per second');
      // No message from a user was lost or held back.
      await allArrived(inbound);

      // The second refills: one more after 12.5 ms, a whole 80 after a second.
      await running.advance('13ms');
      expect((await send(budi)).status).toBe(200);
      expect((await send(budi)).json.error?.code).toBe(130429);
      await running.advance('1s');
      await sendsThrough([budi, ani, dewi, siti], 80);
      expect((await send(ani)).json.error?.code).toBe(130429);
    }, 120_000);

    it('never refuses a flood of inbound messages and leaves no debt: 200 in one instant all arrive, the second is spent, and a send fits 12.5 ms later', async () => {
      await running.advance('1h');
      const [flooder = '', other = ''] = [nextUser(), nextUser()];
      await writes(other);
      await running.advance('1s');
      const inbound: string[] = [];
      for (let index = 0; index < 200; index += 1) inbound.push(await writes(flooder, `banjir ${index}`));
      await allArrived(inbound);

      expect((await send(other)).json.error?.code).toBe(130429);
      // An empty second, not 200 messages' worth (2.5 s) of debt.
      await running.advance('13ms');
      expect((await send(other)).status).toBe(200);
      expect((await send(flooder)).json.error?.code).toBe(130429);
      await running.advance('1s');
      await sendsThrough([other, flooder], 80);
      expect((await send(other)).json.error?.code).toBe(130429);
    }, 60_000);

    it('takes nothing at UNLIMITED: inbound received there leaves the whole second when the number is back at STANDARD', async () => {
      await running.advance('1h');
      await setThroughput(running, 'UNLIMITED');
      const waIds = [nextUser(), nextUser()];
      const inbound: string[] = [];
      for (let index = 0; index < 100; index += 1) inbound.push(await writes(waIds[index % 2] ?? '', `pesan ${index}`));
      await setThroughput(running, 'STANDARD');
      await sendsThrough(waIds, 80);
      expect((await send(waIds[0] ?? '')).json.error?.code).toBe(130429);
      await allArrived(inbound);
    }, 60_000);
  });
}

if (dialects.includes('postgres')) {
  describe('inbound messages on one PostgreSQL node take from the budget the other node sends from', () => {
    const database = freshDatabase('postgres');
    afterAll(() => database.cleanup());

    it('40 inbound on the first node leave 40 sends for the second: its 41st is refused with 130429, and so is the first node\'s', async () => {
      const first = await startKabar('postgres', database, SimClock.frozenAt(testEpoch), 'fixed', { nodeTag: 1 });
      const second = await startKabar('postgres', database, SimClock.frozenAt(testEpoch), 'fixed', { nodeTag: 2 });
      try {
        const business = await tenant(first, 'Toko Dua Node Masuk');
        const level = await first.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${business.phoneNumberId}/throughput`, headers: first.admin, payload: { level: 'STANDARD' } });
        expect(level.statusCode, level.body).toBe(200);
        const waIds = Array.from({ length: 41 }, (_, index) => `6282700${String(index).padStart(6, '0')}`);
        const received = await Promise.all(
          waIds.slice(0, 40).map((from) => first.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: first.admin, payload: { from, to: business.phoneNumberId, text: 'Halo' } })),
        );
        expect(received.filter((response) => response.statusCode !== 200).map((response) => response.body)).toEqual([]);
        for (const waId of waIds.slice(0, 40)) {
          const answer = await sendTemplate(second, business, waId);
          expect(answer.statusCode, answer.body).toBe(200);
        }
        expect(errorOf(await sendTemplate(second, business, waIds[40] ?? ''))).toMatchObject({ code: 130429 });
        expect(errorOf(await sendTemplate(first, business, waIds[40] ?? ''))).toMatchObject({ code: 130429 });
        await Promise.all([first.advance('1s'), second.advance('1s')]);
        expect((await sendTemplate(second, business, waIds[40] ?? '')).statusCode).toBe(200);
      } finally {
        await first.close();
        await second.close();
      }
    }, 60_000);
  });
}
