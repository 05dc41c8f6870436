import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch } from '../support/kabar.js';
import { WebhookSink, messagesOf } from '../support/webhook-sink.js';

for (const dialect of dialects) {
  describe(`webhooks across a restart on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    it('delivers after the restart a webhook that could not be delivered before it', async () => {
      const sink = await WebhookSink.start();
      sink.status = 503;
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      await before.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${before.demo.wabaId}/subscribed_apps`,
        headers: before.auth,
        payload: { override_callback_uri: sink.url, verify_token: sink.verifyToken },
      });
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
      const attempts = await after.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/attempts', headers: after.admin });
      expect(attempts.json<{ data: { attempt: number; response_status: number }[] }>().data.map((attempt) => [attempt.attempt, attempt.response_status])).toEqual([
        [2, 200],
        [1, 503],
      ]);
      await after.close();
      await sink.close();
    });
  });
}
