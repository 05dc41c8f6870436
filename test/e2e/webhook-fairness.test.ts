import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxRecord } from '../../src/core/webhooks/index.js';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, startKabarWithSink, testEpoch, type TestKabar } from '../support/kabar.js';
import { HostileReceiver } from '../support/hostile-receiver.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { messagesOf, type WebhookSink } from '../support/webhook-sink.js';

/** Deliveries Kabar keeps in flight to one callback URL at the most. */
const perCallback = 4;

interface OutboxView {
  readonly status: string;
  readonly attempts: number;
}

for (const dialect of dialects) {
  describe(`webhooks to a callback that never answers, on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;
    let hanging: HostileReceiver;
    let tenant: Tenant;

    beforeEach(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
      hanging = await HostileReceiver.start();
      hanging.post = 'hang';
      tenant = await provisionTenant(t.kabar.app, t.admin, { name: 'Hanging', phoneNumber: '+6281100007777', callbackUrl: hanging.url });
    });

    afterEach(async () => {
      hanging.release();
      await t.kabar.services.settle();
      await close();
      await hanging.close();
    });

    const userWrites = (text: string, to?: string) =>
      t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '6281200005555', text, ...(to === undefined ? {} : { to }) } });
    const outboxOf = async (businessId: string): Promise<OutboxView[]> =>
      (await t.kabar.app.inject({ method: 'GET', url: `/admin/webhooks/outbox?business_id=${businessId}&limit=1000`, headers: t.admin })).json<{ data: OutboxView[] }>().data;
    /** Resolves with the first attempt the dispatcher records for `url`. */
    const recordedFor = (url: string): Promise<OutboxRecord> =>
      new Promise((resolve) => {
        const stop = t.kabar.services.dispatcher.onRecorded((records) => {
          const record = records.find((candidate) => candidate.url === url);
          if (record === undefined) return;
          stop();
          resolve(record);
        });
      });

    for (const backlog of [1, 200]) {
      it(`delivers another business's webhook while ${backlog} of its own ${backlog === 1 ? 'is' : 'are'} still hanging`, async () => {
        await Promise.all(Array.from({ length: backlog }, (_, index) => userWrites(`to the hanging tenant ${index}`, tenant.phoneNumberId)));
        const held = Math.min(backlog, perCallback);
        await hanging.until((receiver) => receiver.open === held, `${held} open requests`);

        const recorded = recordedFor(sink.url);
        await userWrites('for the demo business');
        await sink.next((webhook) => messagesOf(webhook).some((message) => message.text?.body === 'for the demo business'));
        expect(await recorded).toMatchObject({ status: 'delivered', attempts: 1 });

        // The demo business's delivery is recorded while the hanging tenant's POSTs are still open and unanswered.
        expect(hanging).toMatchObject({ open: held, answered: 0, closedByCaller: 0 });
        expect(await outboxOf(t.demo.businessId)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
        const stuck = await outboxOf(tenant.businessId);
        expect(stuck).toHaveLength(backlog);
        expect(stuck.every((row) => row.status === 'pending' && row.attempts === 0)).toBe(true);
      });
    }

    it(`keeps at most ${perCallback} deliveries in flight to one callback, and delivers its whole backlog once it answers`, async () => {
      await Promise.all(Array.from({ length: 200 }, (_, index) => userWrites(`backlog ${index}`, tenant.phoneNumberId)));
      await hanging.until((receiver) => receiver.open === perCallback, `${perCallback} open requests`);
      await userWrites('for the demo business');
      await sink.next((webhook) => messagesOf(webhook).some((message) => message.text?.body === 'for the demo business'));
      expect(hanging.open).toBe(perCallback);

      hanging.release();
      await t.kabar.services.settle();
      expect(hanging).toMatchObject({ requests: 200, answered: 200, maxOpen: perCallback, closedByCaller: 0 });
      const rows = await outboxOf(tenant.businessId);
      expect(rows.filter((row) => row.status === 'delivered' && row.attempts === 1)).toHaveLength(200);
    });
  });

  describe(`webhooks held for a callback that hangs when Kabar stops, on ${dialect}`, () => {
    it('delivers each of them once after the restart: none lost, none sent twice', async () => {
      const database = freshDatabase(dialect);
      const hanging = await HostileReceiver.start();
      hanging.post = 'hang';
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      const tenant = await provisionTenant(before.kabar.app, before.admin, { name: 'Hanging', phoneNumber: '+6281100007777', callbackUrl: hanging.url });
      await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          before.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: before.admin, payload: { from: '6281200005555', to: tenant.phoneNumberId, text: `held ${index}` } }),
        ),
      );
      await hanging.until((receiver) => receiver.open === perCallback, `${perCallback} open requests`);

      // Stop while rows are in flight and more are read ahead, then let the POSTs in flight finish.
      const stopped = before.kabar.services.dispatcher.stop();
      hanging.release();
      await stopped;
      await before.close();
      expect(hanging.answered).toBe(perCallback);

      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 60_000));
      await after.kabar.services.settle();
      expect(hanging).toMatchObject({ requests: 40, answered: 40, closedByCaller: 0 });
      const rows = (await after.kabar.app.inject({ method: 'GET', url: `/admin/webhooks/outbox?business_id=${tenant.businessId}&limit=1000`, headers: after.admin })).json<{ data: OutboxView[] }>().data;
      expect(rows).toHaveLength(40);
      expect(rows.every((row) => row.status === 'delivered' && row.attempts === 1)).toBe(true);
      await after.close();
      await hanging.close();
      await database.cleanup();
    });
  });
}
