import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { messagesOf, type WebhookSink } from '../support/webhook-sink.js';

interface OutboxView {
  readonly status: string;
  readonly attempts: number;
  readonly last_error: string | null;
}

for (const dialect of dialects) {
  describe(`webhook retries on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });

    afterAll(() => close());

    const outbox = async (text: string): Promise<OutboxView | undefined> => {
      const response = await t.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/outbox?limit=1000', headers: t.admin });
      return response
        .json<{ data: (OutboxView & { body: unknown })[] }>()
        .data.find((row) => JSON.stringify(row.body).includes(text));
    };
    const advance = async (by: string): Promise<void> => {
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by } });
      await t.kabar.services.settle();
    };
    const userWrites = async (text: string): Promise<void> => {
      await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '15550100021', text } });
      await t.kabar.services.settle();
    };

    it('retries a failed delivery after 5 s, then 10 s, and stops once the receiver answers 2xx', async () => {
      sink.status = 500;
      await userWrites('retry me');
      expect(await outbox('retry me')).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 500' });
      await advance('4s');
      expect((await outbox('retry me'))?.attempts).toBe(1);
      await advance('1s');
      expect((await outbox('retry me'))?.attempts).toBe(2);
      sink.status = 200;
      await advance('9s');
      expect((await outbox('retry me'))?.attempts).toBe(2);
      await advance('1s');
      expect(await outbox('retry me')).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
      expect(sink.received.filter((webhook) => messagesOf(webhook).some((message) => message.text?.body === 'retry me'))).toHaveLength(1);
    });

    it('gives a webhook up once its retries would pass 7 days', async () => {
      sink.status = 503;
      await userWrites('never answered');
      await advance('6d');
      expect(await outbox('never answered')).toMatchObject({ status: 'pending', attempts: 2 });
      await advance('2d');
      expect(await outbox('never answered')).toMatchObject({ status: 'dead', attempts: 3, last_error: 'HTTP 503' });
      const summary = await t.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/summary', headers: t.admin });
      expect(summary.json<{ dead: number }>().dead).toBe(1);
      sink.status = 200;
    });
  });
}
