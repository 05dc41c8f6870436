import { describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar } from '../support/kabar.js';
import { HostileReceiver } from '../support/hostile-receiver.js';
import { provisionTenant } from '../support/tenant.js';

for (const dialect of dialects) {
  describe(`a read of due webhooks that overlaps the storing of an attempt, on ${dialect}`, () => {
    it('does not send again a webhook whose attempt was stored while the read was under way', async () => {
      const t = await startKabar(dialect);
      const receiver = await HostileReceiver.start();
      receiver.post = 'hang';
      try {
        const tenant = await provisionTenant(t.kabar.app, t.admin, { name: 'Slow', phoneNumber: '+6281100007777', callbackUrl: receiver.url });
        await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '6281200005555', to: tenant.phoneNumberId, text: 'once' } });
        await receiver.until((held) => held.open === 1, 'the webhook in flight');

        // The next read finds the webhook still pending, and answers only after its attempt was stored.
        const { outbox, dispatcher } = t.kabar.services;
        const dueFor = outbox.dueFor.bind(outbox);
        let overlapped = false;
        outbox.dueFor = async (...args) => {
          const rows = await dueFor(...args);
          if (overlapped || rows.length === 0) return rows;
          overlapped = true;
          const stored = new Promise<void>((resolve) => {
            const stop = dispatcher.onRecorded(() => {
              stop();
              resolve();
            });
          });
          receiver.post = 'ok';
          receiver.release();
          await stored;
          return rows;
        };
        await dispatcher.runDue();

        expect(overlapped).toBe(true);
        expect(receiver.requests).toBe(1);
        const rows = (await t.kabar.app.inject({ method: 'GET', url: `/admin/webhooks/outbox?business_id=${tenant.businessId}`, headers: t.admin })).json<{ data: { status: string; attempts: number }[] }>().data;
        expect(rows).toMatchObject([{ status: 'delivered', attempts: 1 }]);
      } finally {
        receiver.release();
        await t.close();
        await receiver.close();
        await t.database.cleanup();
      }
    });
  });
}
