import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWamid } from '../../src/wire/index.js';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { isStatus, statusesOf, type WebhookSink } from '../support/webhook-sink.js';

const user = '15550100001';

for (const dialect of dialects) {
  describe(`POST /{phone-number-id}/messages on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });

    afterAll(() => close());

    const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: { ...t.auth, ...headers }, payload: body });
    const userWrites = (text: string, from = user) =>
      t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from, text } });
    const advance = (by: string) => t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by } });

    it('answers a text send with the Cloud API shape and a wamid that decodes to the recipient', async () => {
      await userWrites('hi');
      const response = await send({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+1 (555) 010-0001', type: 'text', text: { body: 'Hello', preview_url: false } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const body = response.json<{ messaging_product: string; contacts: { input: string; wa_id: string }[]; messages: { id: string }[] }>();
      expect(body.messaging_product).toBe('whatsapp');
      expect(body.contacts).toEqual([{ input: '+1 (555) 010-0001', wa_id: user }]);
      const wamid = body.messages[0]?.id ?? '';
      expect(wamid).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
      expect(decodeWamid(wamid)?.waId).toBe(user);
    });

    it('reports sent, delivered and read in order on the simulated schedule, echoing biz_opaque_callback_data', async () => {
      await userWrites('ping');
      const response = await send({ messaging_product: 'whatsapp', to: user, text: { body: 'tracked' }, biz_opaque_callback_data: 'campaign-7' });
      const wamid = response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await advance('1s');
      const sent = await sink.next(isStatus(wamid, 'sent'));
      expect(statusesOf(sent)[0]).toMatchObject({ recipient_id: user, biz_opaque_callback_data: 'campaign-7' });
      expect(sink.received.some(isStatus(wamid, 'delivered'))).toBe(false);
      await advance('1s');
      await sink.next(isStatus(wamid, 'delivered'));
      await advance('3s');
      const read = await sink.next(isStatus(wamid, 'read'));
      expect(Number(statusesOf(read)[0]?.timestamp)).toBe(Math.floor(t.clock.now() / 1000));
    });

    it('accepts a free-form send 25 h after the last inbound message, then fails it with 131047', async () => {
      await userWrites('last words', '15550100002');
      await advance('25h');
      const response = await send({ messaging_product: 'whatsapp', to: '15550100002', type: 'text', text: { body: 'too late' } });
      expect(response.statusCode).toBe(200);
      const wamid = response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      const failed = await sink.next(isStatus(wamid, 'failed'));
      const status = statusesOf(failed)[0];
      expect(status?.errors?.[0]?.code).toBe(131047);
      expect(JSON.stringify(status)).toContain('more than 24 hours');
    });

    it('fails with 131026 when the recipient is not on WhatsApp', async () => {
      await t.kabar.app.inject({ method: 'POST', url: '/sim/users', headers: t.admin, payload: { wa_id: '15550100003', on_whatsapp: false } });
      await userWrites('hello', '15550100003');
      const response = await send({ messaging_product: 'whatsapp', to: '15550100003', text: { body: 'x' } });
      const wamid = response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      const failed = await sink.next(isStatus(wamid, 'failed'));
      expect(statusesOf(failed)[0]?.errors?.[0]?.code).toBe(131026);
    });

    it('returns the first answer to a retried send with the same Idempotency-Key and stores one message', async () => {
      await userWrites('again');
      const body = { messaging_product: 'whatsapp', to: user, text: { body: 'only once' } };
      const [first, second] = await Promise.all([send(body, { 'idempotency-key': 'order-42' }), send(body, { 'idempotency-key': 'order-42' })]);
      const third = await send(body, { 'idempotency-key': 'order-42' });
      for (const response of [first, second, third]) {
        expect(response.statusCode).toBe(200);
        expect(response.json<{ contacts: unknown[] }>().contacts).toEqual([{ input: user, wa_id: user }]);
      }
      const ids = [first, second, third].map((response) => response.json<{ messages: { id: string }[] }>().messages[0]?.id);
      expect(new Set(ids).size).toBe(1);
      const stored = await t.kabar.services.messages.listByUser(user, { direction: 'outbound', limit: 100 });
      expect(stored.filter((message) => message.content.body === 'only once')).toHaveLength(1);
    });

    it('refuses an Idempotency-Key reused for a different message', async () => {
      await userWrites('another');
      expect((await send({ messaging_product: 'whatsapp', to: user, text: { body: 'first' } }, { 'idempotency-key': 'order-43' })).statusCode).toBe(200);
      const reused = await send({ messaging_product: 'whatsapp', to: user, text: { body: 'something else' } }, { 'idempotency-key': 'order-43' });
      expect(reused.statusCode).toBe(400);
      expect(reused.json<{ error: { code: number; error_data: { details: string } } }>().error).toMatchObject({ code: 131009, error_data: { details: expect.stringContaining('order-43') as unknown } });
    });

    it('refuses to move the clock absurdly far', async () => {
      const response = await advance('1000000y');
      expect(response.statusCode).toBe(400);
      expect(Number.isFinite(new Date(t.clock.now()).getTime())).toBe(true);
    });

    it('keeps the reply context and accepts the unversioned path', async () => {
      const inbound = await userWrites('question?');
      const inboundId = inbound.json<{ message: { id: string } }>().message.id;
      const response = await t.kabar.app.inject({
        method: 'POST',
        url: `/${t.demo.phoneNumberId}/messages`,
        headers: t.auth,
        payload: { messaging_product: 'whatsapp', to: user, text: { body: 'answer' }, context: { message_id: inboundId } },
      });
      expect(response.statusCode).toBe(200);
      const key = decodeWamid(response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '')?.key ?? '';
      expect((await t.kabar.services.messages.findMessage(key))?.contextKey).toBe(decodeWamid(inboundId)?.key);
    });

    it('marks an inbound message read', async () => {
      const inbound = await userWrites('read me');
      const response = await send({ messaging_product: 'whatsapp', status: 'read', message_id: inbound.json<{ message: { id: string } }>().message.id });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
    });

    it('marks an inbound message read with PUT, as Meta\'s Postman collection does; the user sees it read', async () => {
      const id = (await userWrites('put me read')).json<{ message: { id: string } }>().message.id;
      const put = (payload: Record<string, unknown>) => t.kabar.app.inject({ method: 'PUT', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload });
      const read = await put({ messaging_product: 'whatsapp', status: 'read', message_id: id });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual({ success: true });
      const phone = await t.kabar.app.inject({ method: 'GET', url: `/sim/users/${user}/messages?direction=sent&limit=500`, headers: t.admin });
      expect(phone.json<{ data: { id: string; status: string }[] }>().data.find((message) => message.id === id)?.status).toBe('read');
      // PUT only marks messages read: a send through it names what is missing.
      const send = await put({ messaging_product: 'whatsapp', to: user, text: { body: 'x' } });
      expect(send.statusCode).toBe(400);
      expect(send.json<{ error: { code: number; message: string } }>().error).toMatchObject({ code: 131008 });
      expect(send.json<{ error: { error_data: { details: string } } }>().error.error_data.details).toContain('status');
    });

    describe('rejects bad requests with the Graph error envelope', () => {
      it.each([
        ['no token', {}, undefined, 401, 190],
        ['a wrong token', { authorization: 'Bearer nope' }, undefined, 401, 190],
      ])('%s → %i/%i', async (_name, headers, _unused, status, code) => {
        const response = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers, payload: { messaging_product: 'whatsapp', to: user, text: { body: 'x' } } });
        expect(response.statusCode).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        const body = response.json<{ error: { code: number; type: string; fbtrace_id: string } }>();
        expect(body.error).toMatchObject({ code, type: 'OAuthException' });
        expect(body.error.fbtrace_id.length).toBeGreaterThan(0);
      });

      it.each([
        ['missing to', { messaging_product: 'whatsapp', text: { body: 'x' } }, 131008],
        ['missing text', { messaging_product: 'whatsapp', to: user, type: 'text' }, 131008],
        ['missing messaging_product', { to: user, text: { body: 'x' } }, 100],
        ['empty body text', { messaging_product: 'whatsapp', to: user, text: { body: '' } }, 100],
        ['body over 4096 characters', { messaging_product: 'whatsapp', to: user, text: { body: 'x'.repeat(4097) } }, 100],
        ['a wrong messaging_product', { messaging_product: 'sms', to: user, text: { body: 'x' } }, 100],
        ['letters as the recipient', { messaging_product: 'whatsapp', to: 'abc', text: { body: 'x' } }, 131009],
        ['an unknown context message', { messaging_product: 'whatsapp', to: user, text: { body: 'x' }, context: { message_id: 'wamid.nope' } }, 131009],
        ['the business number itself', { messaging_product: 'whatsapp', to: '15550100000', text: { body: 'x' } }, 131021],
        ['a type the Cloud API does not send', { messaging_product: 'whatsapp', to: user, type: 'poll', poll: { name: 'x' } }, 131051],
      ])('%s → %i', async (_name, body, code) => {
        const response = await send(body);
        expect(response.statusCode).toBe(400);
        expect(response.json<{ error: { code: number } }>().error.code).toBe(code);
      });

      it.each([
        ['an array', 'application/json', '[1,2]'],
        ['a JSON string', 'application/json', '"hello"'],
        ['plain text', 'text/plain', 'to=1&text=hi'],
        ['nothing', undefined, undefined],
      ])('answers %s as the body with 100, not 500', async (_name, contentType, payload) => {
        const response = await t.kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${t.demo.phoneNumberId}/messages`,
          headers: { ...t.auth, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
          ...(payload === undefined ? {} : { payload }),
        });
        expect(response.statusCode).toBe(400);
        expect(response.json<{ error: { code: number } }>().error.code).toBe(100);
      });

      it('answers malformed JSON with 100, not 500', async () => {
        const response = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: { ...t.auth, 'content-type': 'application/json' }, payload: '{"messaging_product":' });
        expect(response.statusCode).toBe(400);
        expect(response.json<{ error: { code: number } }>().error.code).toBe(100);
      });
    });
  });
}
