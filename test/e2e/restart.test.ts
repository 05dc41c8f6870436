import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch } from '../support/kabar.js';
import { WebhookSink, isStatus, messagesOf, statusesOf } from '../support/webhook-sink.js';

for (const dialect of dialects) {
  describe(`webhooks across a restart on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    it('delivers after the restart a webhook that could not be delivered before it', async () => {
      const sink = await WebhookSink.start();
      sink.status = 503;
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      await before.subscribe(sink);
      await before.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: before.admin, payload: { from: '15550100001', text: 'survive the restart' } });
      await before.kabar.services.settle();
      const pending = await before.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/outbox?status=pending', headers: before.admin });
      expect(pending.json<{ data: { attempts: number; last_error: string }[] }>().data).toMatchObject([{ attempts: 1, last_error: 'HTTP 503' }]);
      await before.close();
      expect(sink.received).toEqual([]);

      sink.status = 200;
      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 60_000));
      await after.kabar.services.settle();
      const webhook = await sink.next((received) => messagesOf(received).some((message) => message.text?.body === 'survive the restart'));
      const expected = `sha256=${createHmac('sha256', after.demo.appSecret).update(webhook.raw).digest('hex')}`;
      expect(webhook.headers['x-hub-signature-256']).toBe(expected);
      expect((await after.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/summary', headers: after.admin })).json()).toEqual({ pending: 0, delivered: 1, dead: 0 });
      const attempts = await after.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/attempts', headers: after.admin });
      expect(attempts.json<{ data: { attempt: number; response_status: number }[] }>().data.map((attempt) => [attempt.attempt, attempt.response_status])).toEqual([
        [2, 200],
        [1, 503],
      ]);
      await after.close();
      await sink.close();
    });

    it('reports after a restart the statuses of a message that was still in flight', async () => {
      const sink = await WebhookSink.start();
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 120_000));
      await before.subscribe(sink);
      await before.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: before.admin, payload: { from: '15550100004', text: 'hi' } });
      const sent = await before.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${before.demo.phoneNumberId}/messages`,
        headers: before.auth,
        payload: { messaging_product: 'whatsapp', to: '15550100004', text: { body: 'in flight' } },
      });
      const wamid = sent.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await before.kabar.services.settle();
      expect(sink.received.some((webhook) => statusesOf(webhook).some((status) => status.id === wamid))).toBe(false);
      await before.close();

      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 120_000 + 10_000));
      await after.kabar.services.settle();
      for (const status of ['sent', 'delivered', 'read']) await sink.next(isStatus(wamid, status));
      expect(sink.received.flatMap(statusesOf).filter((status) => status.id === wamid).map((status) => status.status).sort()).toEqual(['delivered', 'read', 'sent']);
      await after.close();
      await sink.close();
    });
  });
}
