import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { SimClock, record, unitOf } from '../../src/core/shared/index.js';
import { messageStored } from '../../src/core/messaging/index.js';
import { buildApp } from '../../src/server/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { adminToken, setThroughput, startKabar, startKabarWithSink, testEpoch, type TestKabar } from '../support/kabar.js';
import { isStatus, statusesOf, type WebhookSink } from '../support/webhook-sink.js';

interface GraphError {
  readonly error: { readonly code: number; readonly message: string; readonly error_data: { readonly details: string } };
}

const user = '15550100001';

for (const dialect of dialects) {
  describe(`what a hostile client found, on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
      // Hostile clients send to one user far faster than the pair rate limit allows; these tests are
      // about what Kabar does with their requests, not about throughput.
      await setThroughput(t, 'UNLIMITED');
    });

    afterAll(() => close());

    const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: { ...t.auth, ...headers }, payload: body });
    const operator = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload }) });
    const wamidOf = (response: { json<T>(): T }): string => response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
    const rowCounts = async (): Promise<Record<string, number>> => {
      const counts: Record<string, number> = {};
      for (const table of ['messages', 'outbox', 'businesses', 'wabas', 'apps', 'waba_subscriptions', 'sim_users']) {
        const result = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table)}`.execute(t.kabar.services.database.db);
        counts[table] = Number(result.rows[0]?.count ?? 0);
      }
      return counts;
    };

    describe('simulated time is whole milliseconds', () => {
      it.each([['1.5ms'], ['1.5'], [1.5], ['tomorrow'], ['-5s'], [0]])('refuses the advance %j with 131009 and a sentence, leaving the clock alone', async (by) => {
        const before = t.clock.now();
        const response = await operator('POST', '/sim/clock/advance', { by });
        expect(response.statusCode).toBe(400);
        const body = response.json<GraphError>();
        expect(body.error.code).toBe(131009);
        expect(body.error.error_data.details).toMatch(/whole|duration|more than 0/);
        expect(t.clock.now()).toBe(before);
      });

      it('takes whole durations with units and keeps every send and status working after them', async () => {
        expect((await operator('POST', '/sim/clock/advance', { by: '1.5h' })).statusCode).toBe(200);
        expect((await operator('POST', '/sim/clock/advance', { by: '250' })).statusCode).toBe(200);
        expect(Number.isInteger(t.clock.now())).toBe(true);
        await operator('POST', '/sim/messages', { from: user, text: 'after travelling' });
        const response = await send({ messaging_product: 'whatsapp', to: user, text: { body: 'still fine' } });
        expect(response.statusCode).toBe(200);
        await operator('POST', '/sim/clock/advance', { by: '5s' });
        await sink.next(isStatus(wamidOf(response), 'read'));
      });
    });

    describe('a record that cannot be processed never stalls the others', () => {
      it('dead-letters a status whose message has a malformed key and applies the rest of its batch', async () => {
        await operator('POST', '/sim/messages', { from: user, text: 'hello again' });
        const good = await send({ messaging_product: 'whatsapp', to: user, text: { body: 'beside a bad one' } });
        const now = t.clock.now();
        const malformed = {
          key: '19ABA8C6B80.8000000A7',
          businessId: t.demo.businessId,
          wabaId: t.demo.wabaId,
          phoneNumberId: t.demo.phoneNumberId,
          direction: 'outbound' as const,
          waId: user,
          type: 'text' as const,
          content: { body: 'poisoned' },
          status: 'accepted' as const,
          errorCode: null,
          contextKey: null,
          bizOpaqueCallbackData: null,
          idempotencyKey: null,
          requestFingerprint: null,
          category: 'service' as const,
          createdAt: now,
          updatedAt: now,
        };
        await t.kabar.services.committer.commit(unitOf([record(messageStored, malformed)]));
        t.kabar.services.network.dispatch(malformed, [{ afterMs: 1_000, event: 'sent' }]);
        await operator('POST', '/sim/clock/advance', { by: '5s' });
        await sink.next(isStatus(wamidOf(good), 'read'));
        const letters = await operator('GET', '/admin/dead-letters?limit=10');
        expect(letters.json<{ data: { kind: string; subject: string; reason: string }[] }>().data.map((letter) => [letter.kind, letter.subject])).toContainEqual(['sim.status', malformed.key]);
        // Later sends still flow.
        const later = await send({ messaging_product: 'whatsapp', to: user, text: { body: 'after the bad one' } });
        await operator('POST', '/sim/clock/advance', { by: '5s' });
        await sink.next(isStatus(wamidOf(later), 'read'));
      });
    });

    describe('both engines answer a NUL character the same way, and store nothing', () => {
      const nul = 'a\u0000b';
      it.each([
        ['biz_opaque_callback_data', () => send({ messaging_product: 'whatsapp', to: user, text: { body: 'x' }, biz_opaque_callback_data: nul })],
        ['a text body', () => send({ messaging_product: 'whatsapp', to: user, text: { body: nul } })],
        ['verify_token', () => t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.wabaId}/subscribed_apps`, headers: t.auth, payload: { override_callback_uri: sink.url, verify_token: nul } })],
        ['a callback URL', () => t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.wabaId}/subscribed_apps`, headers: t.auth, payload: { override_callback_uri: `${sink.url}?x=${nul}`, verify_token: 'v' } })],
        ['an admin name', () => operator('POST', '/admin/businesses', { name: nul })],
        ['a simulated user\'s text', () => operator('POST', '/sim/messages', { from: user, text: nul })],
      ])('refuses a NUL in %s with 100', async (_where, request) => {
        const before = await rowCounts();
        const response = await request();
        expect(response.statusCode).toBe(400);
        const body = response.json<GraphError>();
        expect(body.error.code).toBe(100);
        expect(body.error.error_data.details).toContain('NUL');
        expect(await rowCounts()).toEqual(before);
      });

      it('names the parameter holding a NUL inside an array, by its index', async () => {
        const before = await rowCounts();
        const buttons = [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: nul } }];
        const response = await send({ messaging_product: 'whatsapp', to: user, type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons } } });
        expect(response.statusCode).toBe(400);
        expect(response.json<GraphError>().error.error_data.details).toContain("Param interactive['action']['buttons']['1']['reply']['title'] contains a NUL character");
        expect(await rowCounts()).toEqual(before);
      });
    });

    describe('authentication comes before the body', () => {
      it('answers 401 to a request without a token whatever its body', async () => {
        for (const payload of [{}, { to: user }, { messaging_product: 'sms' }]) {
          const response = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, payload });
          expect(response.statusCode).toBe(401);
          expect(response.json<GraphError>().error.code).toBe(190);
        }
        const admin = await t.kabar.app.inject({ method: 'POST', url: '/admin/businesses', payload: { wrong: true } });
        expect(admin.statusCode).toBe(401);
        const sim = await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', payload: { by: 'garbage' } });
        expect(sim.statusCode).toBe(401);
      });

      it('refuses a large body from a caller who showed no token, without reading it', async () => {
        const response = await t.kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${t.demo.phoneNumberId}/messages`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ messaging_product: 'whatsapp', to: user, text: { body: 'x'.repeat(100_000) } }),
        });
        expect(response.statusCode).toBe(401);
      });

      it('still takes the token as a form field in a small body', async () => {
        await operator('POST', '/sim/messages', { from: user, text: 'form please' });
        const response = await t.kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${t.demo.phoneNumberId}/messages`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ access_token: t.demo.accessToken, messaging_product: 'whatsapp', to: user, type: 'text', 'text[body]': 'hi' }).toString(),
        });
        expect(response.statusCode).not.toBe(401);
      });
    });

    describe('an idempotent retry must repeat the whole request', () => {
      it.each([
        ['biz_opaque_callback_data', { biz_opaque_callback_data: 'campaign-8' }],
        ['preview_url', { text: { body: 'same text', preview_url: true } }],
      ])('refuses the same key with another %s', async (_field, change) => {
        await operator('POST', '/sim/messages', { from: user, text: 'retry me' });
        const key = `order-${_field}`;
        const body = { messaging_product: 'whatsapp', to: user, text: { body: 'same text' }, biz_opaque_callback_data: 'campaign-7' };
        const first = await send(body, { 'idempotency-key': key });
        expect(first.statusCode).toBe(200);
        const changed = await send({ ...body, ...change }, { 'idempotency-key': key });
        expect(changed.statusCode).toBe(400);
        expect(changed.json<GraphError>().error.code).toBe(131009);
        const reordered = await send({ biz_opaque_callback_data: 'campaign-7', text: { body: 'same text' }, to: user, messaging_product: 'whatsapp' }, { 'idempotency-key': key });
        expect(wamidOf(reordered)).toBe(wamidOf(first));
      });
    });

    describe('a user who is not on WhatsApp', () => {
      it('fails with 131026 even when it never wrote, and cannot write', async () => {
        const ghost = '15550100077';
        await operator('POST', '/sim/users', { wa_id: ghost, on_whatsapp: false });
        const response = await send({ messaging_product: 'whatsapp', to: ghost, text: { body: 'anyone there?' } });
        expect(response.statusCode).toBe(200);
        await operator('POST', '/sim/clock/advance', { by: '1s' });
        const failed = await sink.next(isStatus(wamidOf(response), 'failed'));
        expect(statusesOf(failed)[0]?.errors?.[0]?.code).toBe(131026);
        const writes = await operator('POST', '/sim/messages', { from: ghost, text: 'let me in' });
        expect(writes.statusCode).toBe(400);
        expect(writes.json<GraphError>().error.error_data.details).toContain('not on WhatsApp');
      });
    });

    describe('bodies of the wrong content type say what was received and what is expected', () => {
      it('refuses JSON sent as a form (curl -d without a Content-Type)', async () => {
        const response = await t.kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${t.demo.phoneNumberId}/messages`,
          headers: { ...t.auth, 'content-type': 'application/x-www-form-urlencoded' },
          payload: JSON.stringify({ messaging_product: 'whatsapp', to: user, text: { body: 'hi' } }),
        });
        expect(response.statusCode).toBe(400);
        const body = response.json<GraphError>();
        expect(body.error.code).toBe(100);
        expect(body.error.error_data.details).toContain('Content-Type: application/json');
        expect(body.error.error_data.details).toContain('x-www-form-urlencoded');
      });

      it('refuses text/plain naming it', async () => {
        const response = await t.kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${t.demo.phoneNumberId}/messages`,
          headers: { ...t.auth, 'content-type': 'text/plain' },
          payload: '{"messaging_product":"whatsapp"}',
        });
        expect(response.statusCode).toBe(400);
        expect(response.json<GraphError>().error.error_data.details).toContain('text/plain');
      });
    });
  });

  describe(`restarts on ${dialect}`, () => {
    it('never reuses a message key after a restart with the clock frozen at the same time', async () => {
      const database = freshDatabase(dialect);
      const frozenAt = testEpoch + 3_600_000;
      const wamids = new Set<string>();
      for (const round of [0, 1]) {
        const started = await startKabar(dialect, database, SimClock.frozenAt(frozenAt));
        // 1,000 sends to one user at one frozen instant: about message keys, not throughput.
        await setThroughput(started, 'UNLIMITED');
        await started.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: started.admin, payload: { from: user, text: 'open the window' } });
        for (let index = 0; index < 1_000; index += 1) {
          const response = await started.kabar.app.inject({
            method: 'POST',
            url: `/v21.0/${started.demo.phoneNumberId}/messages`,
            headers: started.auth,
            payload: { messaging_product: 'whatsapp', to: user, text: { body: `round ${round} #${index}` } },
          });
          expect(response.statusCode).toBe(200);
          wamids.add(response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '');
        }
        await started.close();
      }
      expect(wamids.size).toBe(2_000);
      await database.cleanup();
    });

    it('repairs a stored clock holding a fraction of a millisecond and a message stored with a malformed key', async () => {
      const database = freshDatabase(dialect);
      const first = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      await first.kabar.services.settings.put('sim.clock', { mode: 'frozen', value: testEpoch + 0.5 }, testEpoch);
      const now = testEpoch;
      await first.kabar.services.committer.commit(
        unitOf([
          record(messageStored, {
            key: '19ABA8C6B80.8000000A7', businessId: first.demo.businessId, wabaId: first.demo.wabaId, phoneNumberId: first.demo.phoneNumberId, direction: 'outbound', waId: user,
            type: 'text', content: { body: 'poisoned' }, category: 'service', status: 'accepted', errorCode: null, contextKey: null, bizOpaqueCallbackData: null, idempotencyKey: null, requestFingerprint: null, createdAt: now, updatedAt: now,
          }),
        ]),
      );
      await first.close();

      const second = await buildApp({ ...database.options, adminToken, pollIntervalMs: 0, simSchedule: { sentAfterMs: [1_000, 1_000], deliveredAfterSentMs: [1_000, 1_000], readAfterDeliveredMs: [3_000, 3_000], readProbability: 1 } });
      expect(second.services.clock.now()).toBe(testEpoch);
      expect(await second.services.settings.get('sim.clock')).toEqual({ mode: 'frozen', value: testEpoch });
      const poisoned = await second.services.messages.findMessage('19ABA8C6B80.8000000A7');
      expect(poisoned?.status).toBe('failed');
      expect((await second.services.deadLetters.list(10)).map((letter) => letter.kind)).toContain('message.malformed-key');
      await second.close();
      await database.cleanup();
    });
  });
}
