import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { Text } from 'whatsapp-api-js/messages';
import type { OnMessageArgs, OnStatusArgs } from 'whatsapp-api-js/emitters';
import { dialects } from '../support/databases.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { WebhookSink, type ReceivedWebhook } from '../support/webhook-sink.js';

const user = '6281234567890';

/**
 * A third-party Cloud API client, unchanged but for where its fetch goes: it sends through Kabar's
 * Graph routes and verifies Kabar's webhooks with its own signature check.
 */
for (const dialect of dialects) {
  describe(`whatsapp-api-js against Kabar on ${dialect}`, () => {
    let kabar: RunningKabar;
    let sink: WebhookSink;
    let client: WhatsAppAPI;
    const statuses: OnStatusArgs[] = [];
    const messages: OnMessageArgs[] = [];
    const accepted: ReceivedWebhook[] = [];
    const rejected: ReceivedWebhook[] = [];

    beforeAll(async () => {
      kabar = await listenKabar(dialect);
      sink = await WebhookSink.start();
      client = new WhatsAppAPI({
        token: kabar.demo.accessToken,
        appSecret: kabar.demo.appSecret,
        v: 'v24.0',
        ponyfill: { fetch: (input, init) => fetch(String(input instanceof Request ? input.url : input).replace('https://graph.facebook.com', kabar.baseUrl), init) },
      });
      client.on.status = (args) => {
        statuses.push(args);
      };
      client.on.message = (args) => {
        messages.push(args);
      };
      const subscribed = await fetch(`${kabar.baseUrl}/v24.0/${kabar.demo.wabaId}/subscribed_apps`, {
        method: 'POST',
        headers: { ...kabar.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ override_callback_uri: sink.url, verify_token: sink.verifyToken }),
      });
      expect(await subscribed.json()).toEqual({ success: true });
    });

    afterAll(async () => {
      await kabar.close();
      await sink.close();
      await kabar.database.cleanup();
    });

    /** Hands every webhook received so far to the library, exactly as a receiving server would. */
    async function feedLibrary(): Promise<void> {
      for (const webhook of sink.received.splice(0)) {
        try {
          await client.post(webhook.json as Parameters<WhatsAppAPI['post']>[0], webhook.raw, String(webhook.headers['x-hub-signature-256']));
          accepted.push(webhook);
        } catch {
          rejected.push(webhook);
        }
      }
    }

    async function until(check: () => boolean): Promise<void> {
      for (let round = 0; round < 50 && !check(); round += 1) {
        await kabar.kabar.services.settle();
        await sink.next(() => true, 2_000).catch(() => undefined);
        await feedLibrary();
      }
      expect(check()).toBe(true);
    }

    it('delivers a user\'s message as a signed webhook the library accepts', async () => {
      await kabar.operator('POST', '/sim/messages', { from: user, text: 'Halo, ada stok?', name: 'Siti' });
      await until(() => messages.length === 1);
      expect(messages[0]).toMatchObject({ phoneID: kabar.demo.phoneNumberId, from: user, name: 'Siti', message: { type: 'text', text: { body: 'Halo, ada stok?' } } });
      expect(rejected).toEqual([]);
    });

    it('sends a text and receives sent, delivered and read, each verified by the library', async () => {
      const response = await client.sendMessage(kabar.demo.phoneNumberId, user, new Text('Ada, kak!'));
      expect('messages' in response).toBe(true);
      const wamid = 'messages' in response ? (response.messages[0]?.id ?? '') : '';
      expect(wamid.startsWith('wamid.')).toBe(true);
      await kabar.operator('POST', '/sim/clock/advance', { by: '5s' });
      await until(() => statuses.filter((status) => status.id === wamid).length === 3);
      // Meta does not promise delivery order; the timestamps carry the real order.
      const mine = statuses.filter((status) => status.id === wamid);
      const at = (name: string): number => Number(mine.find((status) => status.status === name)?.timestamp);
      expect(mine.map((status) => status.status).sort()).toEqual(['delivered', 'read', 'sent']);
      expect(at('sent')).toBeLessThan(at('delivered'));
      expect(at('delivered')).toBeLessThan(at('read'));
      expect(statuses[0]?.phone).toBe(user);
      expect(rejected).toEqual([]);
    });

    it('carries a reply with non-ASCII text and emoji as pure-ASCII JSON whose signature still verifies', async () => {
      const text = 'Terima kasih! Café ☕ 🎉 — sampai jumpa';
      await kabar.operator('POST', '/sim/messages', { from: user, text });
      await kabar.kabar.services.settle();
      const webhook = await sink.next((received) => received.raw.includes('sampai jumpa'));
      expect(/^[\x20-\x7e]*$/.test(webhook.raw)).toBe(true);
      expect(webhook.raw).toContain('\\ud83c\\udf89');
      expect(webhook.headers['content-length']).toBe(String(Buffer.byteLength(webhook.raw)));
      await until(() => messages.some((message) => message.message.type === 'text' && message.message.text.body === text));
      expect(rejected).toEqual([]);
    });

    it('rejects a webhook whose bytes were altered (the signature covers exactly the bytes sent)', async () => {
      await kabar.operator('POST', '/sim/messages', { from: user, text: 'original' });
      await kabar.kabar.services.settle();
      const webhook = await sink.next((received) => received.raw.includes('original'));
      sink.received.splice(sink.received.indexOf(webhook), 1);
      const signature = String(webhook.headers['x-hub-signature-256']);
      const tampered = webhook.raw.replace('original', 'tampered');
      await expect(client.post(JSON.parse(tampered) as Parameters<WhatsAppAPI['post']>[0], tampered, signature)).rejects.toThrow();
      await expect(client.post(JSON.parse(webhook.raw) as Parameters<WhatsAppAPI['post']>[0], webhook.raw, signature)).resolves.toBeUndefined();
    });

    it('ends a text send in 131047 after the clock is advanced 25 h', async () => {
      await kabar.operator('POST', '/sim/clock/advance', { by: '25h' });
      const response = await client.sendMessage(kabar.demo.phoneNumberId, user, new Text('Masih ada promo?'));
      const wamid = 'messages' in response ? (response.messages[0]?.id ?? '') : '';
      await until(() => statuses.some((status) => status.id === wamid && status.status === 'failed'));
      const failed = statuses.find((status) => status.id === wamid && status.status === 'failed');
      expect(failed?.error?.code).toBe(131047);
      expect(rejected).toEqual([]);
    });
  });
}
