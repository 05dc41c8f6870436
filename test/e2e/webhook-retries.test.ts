import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { messagesOf, type WebhookSink } from '../support/webhook-sink.js';

for (const dialect of dialects) {
  describe(`webhook retries on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });

    afterAll(() => close());

    it('retries a failed delivery after 5 s, then 10 s, and stops once the receiver answers 2xx', async () => {
      sink.status = 500;
      await t.userWrites('retry me');
      expect(await t.outboxRow('retry me')).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 500' });
      await t.advance('4s');
      expect((await t.outboxRow('retry me'))?.attempts).toBe(1);
      await t.advance('1s');
      expect((await t.outboxRow('retry me'))?.attempts).toBe(2);
      sink.status = 200;
      await t.advance('9s');
      expect((await t.outboxRow('retry me'))?.attempts).toBe(2);
      await t.advance('1s');
      expect(await t.outboxRow('retry me')).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
      expect(sink.received.filter((webhook) => messagesOf(webhook).some((message) => message.text?.body === 'retry me'))).toHaveLength(1);
    });

    it('gives a webhook up once its retries would pass 7 days', async () => {
      sink.status = 503;
      await t.userWrites('never answered');
      await t.advance('6d');
      expect(await t.outboxRow('never answered')).toMatchObject({ status: 'pending', attempts: 2 });
      await t.advance('2d');
      expect(await t.outboxRow('never answered')).toMatchObject({ status: 'dead', attempts: 3, last_error: 'HTTP 503' });
      const summary = await t.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/summary', headers: t.admin });
      expect(summary.json<{ dead: number }>().dead).toBe(1);
      sink.status = 200;
    });
  });
}
