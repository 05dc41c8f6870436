import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFeatures, type KabarFeature } from '../../src/server/index.js';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { ReceivedWebhook, WebhookSink } from '../support/webhook-sink.js';

const user = '6281255556666';
const seen: string[] = [];

/** An inbound stage of another module (identity, consent keywords…): it sees every kind of inbound message. */
const identity: KabarFeature = {
  name: 'identity-probe',
  setup: () => ({
    inboundStages: [
      {
        name: 'identity',
        onInbound: (context) => {
          seen.push(context.message.type);
          return Promise.resolve({ contact: { identity_key_hash: 'DF2lS5v2W6x=' } });
        },
      },
    ],
  }),
};

interface Inbound {
  readonly contacts: { readonly identity_key_hash?: string }[];
  readonly messages: { readonly id: string; readonly type: string }[];
}

const valueOf = (webhook: ReceivedWebhook): Inbound => (webhook.json as { entry: { changes: { value: Inbound }[] }[] }).entry[0]?.changes[0]?.value ?? { contacts: [], messages: [] };

for (const dialect of dialects) {
  describe(`inbound stages for every kind of inbound message on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      seen.length = 0;
      ({ t, sink, close } = await startKabarWithSink(dialect, { features: [...defaultFeatures, identity] }));
    });

    afterAll(() => close());

    const simulate = async (path: string, payload: Record<string, unknown>): Promise<string> => {
      const response = await t.kabar.app.inject({ method: 'POST', url: path, headers: t.admin, payload });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ message: { id: string } }>().message.id;
    };

    it('adds what the stages add to the webhook of a location, a tap, a reaction and an order', async () => {
      const location = await simulate(`/sim/users/${user}/messages`, { location: { latitude: 1, longitude: 2 } });
      const catalogId = (await t.kabar.app.inject({ method: 'GET', url: `/admin/wabas/${t.demo.wabaId}/catalog`, headers: t.admin })).json<{ catalog: { id: string } }>().catalog.id;
      const send = (interactive: Record<string, unknown>) =>
        t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: user, type: 'interactive', interactive } });
      const buttons = (await send({ type: 'button', body: { text: 'Ya?' }, action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Ya' } }] } })).json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      const product = (await send({ type: 'product', action: { catalog_id: catalogId, product_retailer_id: 'kopi-gayo-250' } })).json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '2s' } });
      const tap = await simulate(`/sim/users/${user}/tap`, { message_id: buttons, id: 'y' });
      const reaction = await simulate(`/sim/users/${user}/react`, { message_id: buttons, emoji: '👍' });
      const order = await simulate(`/sim/users/${user}/order`, { message_id: product, items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 1 }] });
      await t.kabar.services.settle();
      for (const wamid of [location, tap, reaction, order]) {
        const value = valueOf(await sink.next((webhook) => valueOf(webhook).messages?.some((message) => message.id === wamid) === true));
        expect(value.contacts[0]?.identity_key_hash, wamid).toBe('DF2lS5v2W6x=');
      }
      expect(seen).toEqual(['location', 'interactive', 'reaction', 'order']);
    });
  });
}
