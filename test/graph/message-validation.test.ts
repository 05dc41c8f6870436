import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { isStatus, statusesOf, type WebhookSink } from '../support/webhook-sink.js';

const user = '15550100001';

const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });
const buttons = (...given: unknown[]) => ({ type: 'interactive', interactive: { type: 'button', body: { text: 'Pilih' }, action: { buttons: given } } });
const rows = (count: number, prefix = 'r') => Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, title: `Row ${index}` }));
const listOf = (sections: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'interactive', interactive: { type: 'list', body: { text: 'Pilih' }, action: { button: 'Pilihan', sections }, ...extra } });

/**
 * Meta's limits for each type, one rule a row: what a client sends, the Graph code, and what the
 * details say. Nothing refused is stored.
 */
const refusals: [string, Record<string, unknown>, number, string][] = [
  ['image without its object', { type: 'image' }, 131008, 'The parameter image is required.'],
  ['image with neither id nor link', { type: 'image', image: { caption: 'x' } }, 131008, "The parameter image['id'] or image['link'] is required."],
  ['image with both id and link', { type: 'image', image: { id: '1', link: 'https://example.com/a.jpg' } }, 131009, 'Param image must have either an id or a link, not both.'],
  ['image with a caption over 1024 characters', { type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'x'.repeat(1025) } }, 131009, 'Caption length invalid. Min length: 0, Max length: 1024'],
  ['video with a file name', { type: 'video', video: { link: 'https://example.com/a.mp4', filename: 'a.mp4' } }, 131009, "Param video['filename'] is not allowed"],
  ['document with an ftp link', { type: 'document', document: { link: 'ftp://example.com/a.pdf' } }, 100, "(#100) Param document['link'] is not a valid URL"],
  ['location without a latitude', { type: 'location', location: { longitude: 1 } }, 131008, "The parameter location['latitude'] is required."],
  ['location at latitude 91', { type: 'location', location: { latitude: 91, longitude: 0 } }, 131009, "Param location['latitude'] must be a number from -90 to 90."],
  ['contacts as a string that is not JSON', { type: 'contacts', contacts: 'Ana' }, 100, 'Param contacts must be an array of contact objects'],
  ['contacts without a formatted name', { type: 'contacts', contacts: [{ name: { first_name: 'Ana' } }] }, 131008, "The parameter contacts[0]['name']['formatted_name'] is required."],
  ['no contact at all', { type: 'contacts', contacts: [] }, 131009, 'Invalid contacts count. Min allowed contacts: 1'],
  ['reaction without a message id', { type: 'reaction', reaction: { emoji: '👍' } }, 131008, "The parameter reaction['message_id'] is required."],
  ['reaction with a word for an emoji', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: 'ok' } }, 131009, "Param reaction['emoji'] must be a single emoji"],
  ['reaction with a context', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' }, context: { message_id: 'wamid.x' } }, 131009, 'Param context is not allowed on a reaction'],
  ['interactive without its object', { type: 'interactive' }, 131008, 'The parameter interactive is required.'],
  ['interactive without an action', { type: 'interactive', interactive: { type: 'button', body: { text: 'x' } } }, 131008, "The parameter interactive['action'] is required."],
  ['interactive of an unknown type', { type: 'interactive', interactive: { type: 'carousel', body: { text: 'x' }, action: {} } }, 131009, "Param interactive['type'] must be one of button, list"],
  ['buttons as an object', { type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: { type: 'reply' } } } }, 100, "Param interactive['action']['buttons'] must be array."],
  ['no reply button', buttons(), 131009, 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3'],
  ['four reply buttons', buttons(reply('a', 'A'), reply('b', 'B'), reply('c', 'C'), reply('d', 'D')), 131009, 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3'],
  ['a button title over 20 characters', buttons(reply('a', 'x'.repeat(21))), 131009, 'Button title length invalid. Min length: 1, Max length: 20'],
  ['an empty button title', buttons(reply('a', '')), 131009, 'Button title length invalid. Min length: 1, Max length: 20'],
  ['a button id over 256 characters', buttons(reply('x'.repeat(257), 'A')), 131009, 'Button id length invalid. Min length: 1, Max length: 256'],
  ['a button id with a trailing space', buttons(reply('a ', 'A')), 131009, 'Button id cannot have leading or trailing whitespace.'],
  ['two buttons with the same id', buttons(reply('a', 'A'), reply('a', 'B')), 131009, 'Button ids must be unique within the message.'],
  ['two buttons with the same title', buttons(reply('a', 'A'), reply('b', 'A')), 131009, 'Button titles must be unique within the message.'],
  ['a button of another type', buttons({ type: 'url', reply: { id: 'a', title: 'A' } }), 131009, "Param interactive['action']['buttons'][0]['type'] must be reply."],
  ['a body over 1024 characters on buttons', { type: 'interactive', interactive: { type: 'button', body: { text: 'x'.repeat(1025) }, action: { buttons: [reply('a', 'A')] } } }, 131009, 'Body text length invalid. Min length: 1, Max length: 1024'],
  ['a footer over 60 characters', { type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, footer: { text: 'x'.repeat(61) }, action: { buttons: [reply('a', 'A')] } } }, 131009, 'Footer text length invalid. Min length: 1, Max length: 60'],
  ['a header text over 60 characters', { type: 'interactive', interactive: { type: 'button', header: { type: 'text', text: 'x'.repeat(61) }, body: { text: 'x' }, action: { buttons: [reply('a', 'A')] } } }, 131009, 'Header text length invalid. Min length: 1, Max length: 60'],
  ['an image header on a list', listOf([{ rows: rows(1) }], { header: { type: 'image', image: { link: 'https://example.com/a.jpg' } } }), 131009, 'Header of type text is required for interactive type list.'],
  ['an image header with both id and link', { type: 'interactive', interactive: { type: 'button', header: { type: 'image', image: { id: '1', link: 'https://example.com/a.jpg' } }, body: { text: 'x' }, action: { buttons: [reply('a', 'A')] } } }, 131009, "Param interactive['header']['image'] must have either an id or a link, not both."],
  ['a list body over 4096 characters', { type: 'interactive', interactive: { type: 'list', body: { text: 'x'.repeat(4097) }, action: { button: 'B', sections: [{ rows: rows(1) }] } } }, 131009, 'Body text length invalid. Min length: 1, Max length: 4096'],
  ['a list button label over 20 characters', { type: 'interactive', interactive: { type: 'list', body: { text: 'x' }, action: { button: 'x'.repeat(21), sections: [{ rows: rows(1) }] } } }, 131009, 'Button text length invalid. Min length: 1, Max length: 20'],
  ['a list without sections', listOf([]), 131009, 'Invalid sections count. Min allowed sections: 1, Max allowed sections: 10'],
  ['a list of 11 sections', listOf(Array.from({ length: 11 }, (_, index) => ({ title: `S${index}`, rows: rows(1, `s${index}-`) }))), 131009, 'Invalid sections count. Min allowed sections: 1, Max allowed sections: 10'],
  ['a list of 11 rows', listOf([{ rows: rows(11) }]), 131009, 'Total row count exceed max allowed count: 10'],
  ['two sections, one untitled', listOf([{ title: 'A', rows: rows(1, 'a') }, { rows: rows(1, 'b') }]), 131008, "The parameter interactive['action']['sections'][1]['title'] is required."],
  ['a section title over 24 characters', listOf([{ title: 'x'.repeat(25), rows: rows(1) }]), 131009, 'Section title length invalid. Min length: 1, Max length: 24'],
  ['a section without rows', listOf([{ title: 'A', rows: [] }]), 131009, 'Invalid rows count. Min allowed rows in a section: 1'],
  ['a row id over 200 characters', listOf([{ rows: [{ id: 'x'.repeat(201), title: 'A' }] }]), 131009, 'Row id length invalid. Min length: 1, Max length: 200'],
  ['a row title over 24 characters', listOf([{ rows: [{ id: 'a', title: 'x'.repeat(25) }] }]), 131009, 'Row title length invalid. Min length: 1, Max length: 24'],
  ['a row description over 72 characters', listOf([{ rows: [{ id: 'a', title: 'A', description: 'x'.repeat(73) }] }]), 131009, 'Row description length invalid. Min length: 0, Max length: 72'],
  ['two rows with the same id', listOf([{ title: 'A', rows: [{ id: 'a', title: 'A' }] }, { title: 'B', rows: [{ id: 'a', title: 'B' }] }]), 131009, 'Row ids must be unique within the list.'],
  ['a product with a header', { type: 'interactive', interactive: { type: 'product', header: { type: 'text', text: 'x' }, action: { catalog_id: '1', product_retailer_id: 'kopi-gayo-250' } } }, 131009, "Param interactive['header'] is not allowed for interactive type product."],
  ['a product without a retailer id', { type: 'interactive', interactive: { type: 'product', action: { catalog_id: '1' } } }, 131008, "The parameter interactive['action']['product_retailer_id'] is required."],
  ['a product of another catalog', { type: 'interactive', interactive: { type: 'product', action: { catalog_id: '999', product_retailer_id: 'kopi-gayo-250' } } }, 131009, 'Catalog 999 is not connected to this WhatsApp Business Account'],
  ['a product list without a header', { type: 'interactive', interactive: { type: 'product_list', body: { text: 'x' }, action: { catalog_id: '1', sections: [{ product_items: [{ product_retailer_id: 'a' }] }] } } }, 131008, "The parameter interactive['header'] is required."],
  ['a cta_url label over 20 characters', { type: 'interactive', interactive: { type: 'cta_url', body: { text: 'x' }, action: { name: 'cta_url', parameters: { display_text: 'x'.repeat(21), url: 'https://example.com' } } } }, 131009, 'Display text length invalid. Min length: 1, Max length: 20'],
  ['a cta_url named otherwise', { type: 'interactive', interactive: { type: 'cta_url', body: { text: 'x' }, action: { name: 'link', parameters: { display_text: 'Go', url: 'https://example.com' } } } }, 131009, "Param interactive['action']['name'] must be cta_url."],
  ['a flow with both id and name', { type: 'interactive', interactive: { type: 'flow', body: { text: 'x' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: '1', flow_name: 'n', flow_cta: 'Go', flow_action: 'data_exchange' } } } }, 131009, 'takes either flow_id or flow_name, not both.'],
  ['a flow with an emoji in its button', { type: 'interactive', interactive: { type: 'flow', body: { text: 'x' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: '1', flow_cta: 'Go 🚀', flow_action: 'data_exchange' } } } }, 131009, 'Flow CTA must not contain emoji.'],
  ['a navigate flow without a screen', { type: 'interactive', interactive: { type: 'flow', body: { text: 'x' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: '1', flow_cta: 'Go' } } } }, 131008, "['flow_action_payload']['screen'] is required."],
  ['a location request named otherwise', { type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'x' }, action: { name: 'location' } } }, 131009, "Param interactive['action']['name'] must be send_location."],
];

for (const dialect of dialects) {
  describe(`what each message type refuses, on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;
    let catalogId = '';

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
      await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: user, text: 'hi' } });
      catalogId = (await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${t.demo.wabaId}/product_catalogs`, headers: t.auth })).json<{ data: { id: string }[] }>().data[0]?.id ?? '';
    });

    afterAll(() => close());

    const send = (body: Record<string, unknown>) =>
      t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: user, ...body } });
    const storedMessages = async (): Promise<number> => Number((await sql<{ count: number }>`select count(*) as count from messages`.execute(t.kabar.services.database.db)).rows[0]?.count ?? 0);

    it.each(refusals)('refuses %s with %i', async (_name, body, code, details) => {
      const before = await storedMessages();
      const response = await send(body);
      const error = response.json<{ error: { code: number; message: string; error_data: { details: string } } }>().error;
      expect(response.statusCode).toBe(400);
      expect(error.code).toBe(code);
      expect(error.error_data.details).toContain(details);
      expect(error.message).toMatch(code === 100 ? /^\(#100\) / : new RegExp(`^\\(#${code}\\) `));
      expect(await storedMessages()).toBe(before);
    });

    it('takes the catalog id from GET /{waba-id}/product_catalogs and refuses a retailer id it lacks', async () => {
      expect(catalogId).toMatch(/^\d+$/);
      const unknown = await send({ type: 'interactive', interactive: { type: 'product_list', header: { type: 'text', text: 'T' }, body: { text: 'x' }, action: { catalog_id: catalogId, sections: [{ title: 'A', product_items: [{ product_retailer_id: 'kopi-gayo-250' }, { product_retailer_id: 'nasi-goreng' }] }] } } });
      expect(unknown.json<{ error: { code: number; error_data: { details: string } } }>().error).toMatchObject({ code: 131009, error_data: { details: 'Products not found in FB Catalog' } });
      const known = await send({ type: 'interactive', interactive: { type: 'product', action: { catalog_id: catalogId, product_retailer_id: 'sambal-roa-200' } } });
      expect(known.statusCode).toBe(200);
    });

    it('accepts contacts JSON-encoded in a string, as whatsapp-api-js sends them', async () => {
      const response = await send({ type: 'contacts', contacts: JSON.stringify([{ name: { formatted_name: 'Ana Ruiz', first_name: 'Ana' } }]) });
      expect(response.statusCode).toBe(200);
    });

    it('fails a reaction to a reaction, and to a message of another user, with 131009 in a webhook', async () => {
      const greeting = (await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: user, text: 'halo' } })).json<{ message: { id: string } }>().message.id;
      const first = (await send({ type: 'reaction', reaction: { message_id: greeting, emoji: '👍' } })).json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      const onReaction = (await send({ type: 'reaction', reaction: { message_id: first, emoji: '👍' } })).json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      const other = (await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '15550100002', text: 'halo' } })).json<{ message: { id: string } }>().message.id;
      const crossed = (await send({ type: 'reaction', reaction: { message_id: other, emoji: '👍' } })).json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await t.kabar.services.settle();
      for (const [wamid, details] of [[onReaction, 'A reaction cannot be reacted to.'], [crossed, 'not a message of this conversation']] as const) {
        const failed = statusesOf(await sink.next(isStatus(wamid, 'failed')))[0];
        expect(failed?.errors?.[0]?.code).toBe(131009);
        expect(JSON.stringify(failed)).toContain(details);
      }
    });

    it('fails a reaction to a message older than 30 days with 131009', async () => {
      const old = (await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '15550100003', text: 'lama' } })).json<{ message: { id: string } }>().message.id;
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '31d' } });
      await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '15550100003', text: 'baru' } });
      const response = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: '15550100003', type: 'reaction', reaction: { message_id: old, emoji: '👍' } } });
      const wamid = response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      const failed = statusesOf(await sink.next(isStatus(wamid, 'failed')))[0];
      expect(failed?.errors?.[0]).toMatchObject({ code: 131009, error_data: { details: 'The message reacted to is more than 30 days old.' } });
    });
  });
}
