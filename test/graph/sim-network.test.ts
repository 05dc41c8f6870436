import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch, type TestKabar } from '../support/kabar.js';
import { WebhookSink, statusesOf } from '../support/webhook-sink.js';

interface Timeline {
  readonly status: string;
  readonly afterSeconds: number;
}

/** Sends three messages to three users and returns, per message, when each status was stamped. */
async function scenario(t: TestKabar, sink: WebhookSink): Promise<Timeline[][]> {
  await t.subscribe(sink);
  const sentAt = Math.floor(t.clock.now() / 1000);
  const wamids: string[] = [];
  for (const user of ['15550100011', '15550100012', '15550100013']) {
    await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: user, text: 'hi' } });
    const response = await t.kabar.app.inject({
      method: 'POST',
      url: `/v21.0/${t.demo.phoneNumberId}/messages`,
      headers: t.auth,
      payload: { messaging_product: 'whatsapp', to: user, text: { body: 'hello' } },
    });
    wamids.push(response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '');
  }
  await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '2m' } });
  await t.kabar.services.settle();
  const statuses = sink.received.flatMap(statusesOf);
  return wamids.map((wamid) =>
    statuses
      .filter((status) => status.id === wamid)
      .map((status) => ({ status: status.status, afterSeconds: Number(status.timestamp) - sentAt }))
      .sort((left, right) => left.afterSeconds - right.afterSeconds || left.status.localeCompare(right.status)),
  );
}

const schedule = { sent_after_ms: [1_000, 5_000], delivered_after_sent_ms: [1_000, 20_000], read_after_delivered_ms: [5_000, 60_000], read_probability: 0.5 };

for (const dialect of dialects) {
  describe(`the simulated network's schedule on ${dialect}`, () => {
    const sinks: WebhookSink[] = [];
    const instances: TestKabar[] = [];

    async function fresh(seed: number): Promise<{ t: TestKabar; sink: WebhookSink }> {
      const t = await startKabar(dialect, freshDatabase(dialect), SimClock.frozenAt(testEpoch), 'stored');
      const sink = await WebhookSink.start();
      instances.push(t);
      sinks.push(sink);
      const configured = await t.kabar.app.inject({ method: 'POST', url: '/sim/network', headers: t.admin, payload: { seed, schedule } });
      expect(configured.statusCode).toBe(200);
      return { t, sink };
    }

    afterAll(async () => {
      for (const t of instances) {
        await t.close();
        await t.database.cleanup();
      }
      for (const sink of sinks) await sink.close();
    });

    let first: Timeline[][];

    beforeAll(async () => {
      const { t, sink } = await fresh(42);
      first = await scenario(t, sink);
    });

    it('replays the same timings with the same seed', async () => {
      const { t, sink } = await fresh(42);
      expect(await scenario(t, sink)).toEqual(first);
    });

    it('draws other timings with another seed, within the configured ranges', async () => {
      const { t, sink } = await fresh(7);
      const other = await scenario(t, sink);
      expect(other).not.toEqual(first);
      for (const timeline of [...first, ...other]) {
        const at = (status: string): number | undefined => timeline.find((entry) => entry.status === status)?.afterSeconds;
        expect(at('sent')).toBeGreaterThanOrEqual(1);
        expect(at('sent')).toBeLessThanOrEqual(5);
        expect((at('delivered') ?? 0) - (at('sent') ?? 0)).toBeGreaterThanOrEqual(0);
        expect((at('delivered') ?? 0) - (at('sent') ?? 0)).toBeLessThanOrEqual(21);
      }
    });

    it('keeps the configured seed and schedule across a restart and rejects an inverted range', async () => {
      const { t } = await fresh(9);
      instances.splice(instances.indexOf(t), 1);
      await t.kabar.close();
      const again = await startKabar(dialect, t.database, SimClock.frozenAt(testEpoch), 'stored');
      instances.push(again);
      const shown = await again.kabar.app.inject({ method: 'GET', url: '/sim/network', headers: again.admin });
      expect(shown.json()).toEqual({ seed: 9, schedule });
      const inverted = await again.kabar.app.inject({ method: 'POST', url: '/sim/network', headers: again.admin, payload: { schedule: { sent_after_ms: [500, 100] } } });
      expect(inverted.statusCode).toBe(400);
      expect(inverted.json<{ error: { code: number } }>().error.code).toBe(131009);
    });
  });
}
