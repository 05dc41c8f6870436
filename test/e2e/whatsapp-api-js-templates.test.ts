import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { BodyComponent, BodyParameter, Currency, DateTime, HeaderComponent, HeaderParameter, Image, PayloadComponent, Template, URLComponent } from 'whatsapp-api-js/messages';
import { templateSaved, type TemplateStatus } from '../../src/core/templates/index.js';
import { KyselyTemplatesRepository } from '../../src/store/index.js';
import { record, unitOf } from '../../src/core/shared/index.js';
import { decodeWamid } from '../../src/wire/index.js';
import { dialects } from '../support/databases.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';

const user = '6281234567890';

/** Templates created over plain HTTP (approved at once: review delay 0), then sent with whatsapp-api-js's Template classes. */
const templates = [
  {
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1042'] } },
      { type: 'BODY', text: 'Hi {{1}}, your order of {{2}} ships on {{3}} from our store.', example: { body_text: [['Pablo', 'Rp10.990', 'May 1']] } },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop updates' }, { type: 'URL', text: 'Track', url: 'https://tokomaju.co.id/t/{{1}}', example: ['ABC123'] }] },
    ],
  },
  {
    name: 'new_arrivals',
    language: 'id',
    category: 'MARKETING',
    parameter_format: 'NAMED',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARb'] } },
      { type: 'BODY', text: 'Halo {{first_name}}, koleksi {{season}} sudah tiba di toko kami minggu ini.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Siti' }, { param_name: 'season', example: 'lebaran' }] } },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Berhenti promosi' }, { type: 'QUICK_REPLY', text: 'Lihat koleksi' }] },
    ],
  },
  {
    name: 'login_code',
    language: 'en_US',
    category: 'AUTHENTICATION',
    components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 10 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] }],
  },
];

const orderUpdate = (...components: ConstructorParameters<typeof Template>[2][]): Template => new Template('order_update', 'en_US', ...components);
const orderHeader = new HeaderComponent(new HeaderParameter('#1042'));
const orderBody = new BodyComponent(new BodyParameter('Siti'), new BodyParameter(new Currency(10_990_000, 'IDR', 'Rp10.990')), new BodyParameter(new DateTime('1 Mei 2026')));

for (const dialect of dialects) {
  describe(`template sends through whatsapp-api-js on ${dialect}`, () => {
    let kabar: RunningKabar;
    let client: WhatsAppAPI;
    const ids = new Map<string, string>();

    beforeAll(async () => {
      kabar = await listenKabar(dialect);
      client = new WhatsAppAPI({
        token: kabar.demo.accessToken,
        appSecret: kabar.demo.appSecret,
        v: 'v24.0',
        ponyfill: { fetch: (input, init) => fetch(String(input instanceof Request ? input.url : input).replace('https://graph.facebook.com', kabar.baseUrl), init) },
      });
      await kabar.operator('POST', '/admin/templates/review-settings', { delay_ms: 0 });
      for (const template of templates) {
        const response = await fetch(`${kabar.baseUrl}/v24.0/${kabar.demo.wabaId}/message_templates`, { method: 'POST', headers: { ...kabar.auth, 'content-type': 'application/json' }, body: JSON.stringify(template) });
        const created = (await response.json()) as { id: string; status: string };
        expect(created.status, `${template.name}: ${JSON.stringify(created)}`).toBe('APPROVED');
        ids.set(template.name, created.id);
      }
    });

    afterAll(async () => {
      await kabar.close();
      await kabar.database.cleanup();
    });

    async function stored(response: Awaited<ReturnType<WhatsAppAPI['sendMessage']>>): Promise<{ type: string; category: string | null; content: Record<string, unknown> }> {
      if (!('messages' in response)) throw new Error(`send failed: ${JSON.stringify(response)}`);
      const key = decodeWamid(response.messages[0]?.id ?? '')?.key ?? '';
      const message = await kabar.kabar.services.messages.findMessage(key);
      if (message === undefined) throw new Error('message not stored');
      return message;
    }

    async function errorCode(template: Template): Promise<number | undefined> {
      const response = await client.sendMessage(kabar.demo.phoneNumberId, user, template);
      return 'error' in response ? (response.error as { code: number }).code : undefined;
    }

    it('sends Meta\'s hello_world sample unchanged, as the getting-started guide does', async () => {
      const message = await stored(await client.sendMessage(kabar.demo.phoneNumberId, user, new Template('hello_world', 'en_US')));
      expect(message).toMatchObject({ type: 'template', category: 'utility', content: { header: { type: 'text', text: 'Hello World' }, footer: 'WhatsApp Business Platform sample message' } });
      expect(message.content['body']).toContain('Welcome and congratulations!!');
    });

    it('hydrates positional header, body (text, currency, date_time) and button parameters, with tappable quick replies', async () => {
      const message = await stored(await client.sendMessage(kabar.demo.phoneNumberId, user, orderUpdate(orderHeader, orderBody, new PayloadComponent('STOP_ORDER'), new URLComponent('A%2F77'))));
      expect(message.category).toBe('utility');
      expect(message.content).toEqual({
        header: { type: 'text', text: 'Order #1042' },
        body: 'Hi Siti, your order of Rp10.990 ships on 1 Mei 2026 from our store.',
        footer: 'Reply STOP to opt out',
        buttons: [
          { id: '0', title: 'Stop updates', kind: 'quick_reply', payload: 'STOP_ORDER' },
          { id: '1', title: 'Track', kind: 'url', url: 'https://tokomaju.co.id/t/A%2F77' },
        ],
        template: { name: 'order_update', language: 'en_US', id: ids.get('order_update'), category: 'utility' },
      });
    });

    it('takes named parameters in any order and an image header by id; a quick reply without payload carries its text', async () => {
      const template = new Template(
        'new_arrivals',
        'id',
        // The library names every parameter of a named template, the header's too; Kabar ignores that name.
        new HeaderComponent(new HeaderParameter(new Image('1037543291543636', true), 'photo')),
        new BodyComponent(new BodyParameter('lebaran', 'season'), new BodyParameter('Siti', 'first_name')),
      );
      const message = await stored(await client.sendMessage(kabar.demo.phoneNumberId, user, template));
      expect(message).toMatchObject({
        category: 'marketing',
        content: {
          header: { type: 'image', media: { id: '1037543291543636' } },
          body: 'Halo Siti, koleksi lebaran sudah tiba di toko kami minggu ini.',
          buttons: [
            { id: '0', title: 'Berhenti promosi', kind: 'quick_reply', payload: 'Berhenti promosi' },
            { id: '1', title: 'Lihat koleksi', kind: 'quick_reply', payload: 'Lihat koleksi' },
          ],
        },
      });
    });

    it('sends an authentication code with Template.OTP in Meta\'s preset wording', async () => {
      const message = await stored(await client.sendMessage(kabar.demo.phoneNumberId, user, Template.OTP('login_code', 'en_US', '482913')));
      expect(message).toMatchObject({
        category: 'authentication',
        content: { body: '*482913* is your verification code. For your security, do not share this code.', footer: 'This code expires in 10 minutes.', buttons: [{ id: '0', kind: 'otp', title: 'Copy code', code: '482913' }] },
      });
    });

    it('answers 132001 for an unknown name or a language without a translation', async () => {
      expect(await errorCode(new Template('no_such_template', 'en_US'))).toBe(132001);
      expect(await errorCode(new Template('hello_world', 'en'))).toBe(132001);
    });

    it('answers 132000 when a parameter is missing, a named one is unknown, or a URL button has no value', async () => {
      expect(await errorCode(orderUpdate(orderHeader, new BodyComponent(new BodyParameter('Siti'))))).toBe(132000);
      expect(await errorCode(new Template('new_arrivals', 'id', new HeaderComponent(new HeaderParameter(new Image('1', true), 'photo')), new BodyComponent(new BodyParameter('Siti', 'first_name'), new BodyParameter('x', 'colour'))))).toBe(132000);
      expect(await errorCode(orderUpdate(orderHeader, orderBody))).toBe(132000);
      expect(await errorCode(new Template('new_arrivals', 'id', new BodyComponent(new BodyParameter('Siti', 'first_name'), new BodyParameter('lebaran', 'season'))))).toBe(132000);
    });

    it('answers 132012 when a parameter has the wrong format', async () => {
      expect(await errorCode(orderUpdate(new HeaderComponent(new HeaderParameter(new Image('1', true))), orderBody, new URLComponent('A1')))).toBe(132012);
      expect(await errorCode(new Template('new_arrivals', 'id', new HeaderComponent(new HeaderParameter('text header', 'photo')), new BodyComponent(new BodyParameter('Siti', 'first_name'), new BodyParameter('lebaran', 'season'))))).toBe(132012);
    });

    it('answers 132005 when the hydrated body is too long, 132007 for newlines in a parameter, 132008 for an empty fallback', async () => {
      expect(await errorCode(orderUpdate(orderHeader, new BodyComponent(new BodyParameter('S'.repeat(1000)), new BodyParameter('Rp1'), new BodyParameter('today')), new URLComponent('A1')))).toBe(132005);
      expect(await errorCode(orderUpdate(orderHeader, new BodyComponent(new BodyParameter('Siti\nGarcia'), new BodyParameter('Rp1'), new BodyParameter('today')), new URLComponent('A1')))).toBe(132007);
      expect(await errorCode(orderUpdate(orderHeader, new BodyComponent(new BodyParameter('Siti'), new BodyParameter(new Currency(1000, 'IDR', '')), new BodyParameter('today')), new URLComponent('A1')))).toBe(132008);
    });

    it('answers 132015 for a paused template, 132016 for a disabled one, 132001 for one not approved', async () => {
      const id = ids.get('order_update') ?? '';
      const repository = new KyselyTemplatesRepository(kabar.kabar.services.database.db);
      const setStatus = async (status: TemplateStatus): Promise<void> => {
        const template = await repository.findById(id);
        if (template === undefined) throw new Error('template missing');
        await kabar.kabar.services.committer.commit(unitOf([record(templateSaved, { ...template, status, pausedUntil: status === 'PAUSED' ? kabar.clock.now() + 3_600_000 : null })]));
        // Lookups by name are cached for a second.
        await kabar.operator('POST', '/sim/clock/advance', { by: '2s' });
        await new Promise((resolve) => setTimeout(resolve, 0));
      };
      const valid = orderUpdate(orderHeader, orderBody, new URLComponent('A1'));
      await setStatus('PAUSED');
      expect(await errorCode(valid)).toBe(132015);
      await setStatus('DISABLED');
      expect(await errorCode(valid)).toBe(132016);
      await setStatus('PENDING');
      expect(await errorCode(valid)).toBe(132001);
    });
  });
}
