import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/core/notifications/index.js';
import { proceed } from '../../src/core/messaging/index.js';
import { SimClock, domainError, scheduleTimer, unitOf, type Timer } from '../../src/core/shared/index.js';
import { defaultFeatures, type KabarFeature } from '../../src/server/index.js';
import { notMine } from '../../src/server/graph/node-handlers.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch, type TestKabar } from '../support/kabar.js';
import { WebhookSink, isStatus, messagesOf, statusesOf } from '../support/webhook-sink.js';

/**
 * What a feature can plug in: send, status and inbound stages, durable timers run in simulated time,
 * Graph node handlers, admin routes, and the notification feed with its management webhook.
 */
const ran: { kind: string; subject: string; at: number; now: number }[] = [];
let clockOf: () => number = () => 0;

const probe: KabarFeature = {
  name: 'probe',
  setup(services) {
    clockOf = () => services.clock.now();
    return {
      sendStages: [
        {
          position: 100,
          stage: {
            name: 'refuse-blocked-words',
            check: (context) =>
              Promise.resolve((context.message.content.body ?? '').includes('forbidden') ? { outcome: 'refuse', error: domainError('PARAMETER_INVALID', 'That word is not allowed.') } : proceed),
          },
        },
        {
          position: 600,
          stage: { name: 'fail-unlucky', check: (context) => Promise.resolve((context.message.content.body ?? '').includes('unlucky') ? { outcome: 'fail', errorCode: 131026, details: 'unlucky' } : proceed) },
        },
      ],
      statusStages: [{ name: 'tag', onStatus: (context) => Promise.resolve(context.event === 'sent' ? { payload: { pricing: { billable: false, pricing_model: 'CBP', category: 'service' } } } : {}) }],
      inboundStages: [{ name: 'identity', onInbound: () => Promise.resolve({ contact: { identity_key_hash: 'DF2lS5v2W6x=' } }) }],
      timers: {
        'probe.tick': (timer: Timer, at: number) => {
          ran.push({ kind: timer.kind, subject: timer.subject, at, now: clockOf() });
          // A handler may schedule its successor (same kind and subject) and notify.
          return timer.subject === 'chain' && ran.filter((entry) => entry.subject === 'chain').length < 3
            ? Promise.resolve(unitOf([scheduleTimer(services.ids, { kind: 'probe.tick', subject: 'chain', dueAt: at + 60_000, payload: null })]))
            : notify(services, { businessId: (timer.payload as { businessId: string }).businessId, wabaId: (timer.payload as { wabaId: string }).wabaId, kind: 'limits.increased_capabilities_eligibility_deferred', severity: 'warning', title: 'Done', body: `Timer ${timer.subject} ran.`, webhook: { field: 'account_alerts', value: { entity_type: 'BUSINESS', entity_id: '1', alert_info: { alert_severity: 'WARNING', alert_status: 'ACTIVE', alert_type: 'PROBE', alert_description: 'ran' } } } }, at).then((notes) => unitOf(notes));
        },
        'probe.broken': () => Promise.reject(new Error('handler bug')),
      },
      nodes: {
        post: [async ({ reply, nodeId }) => (nodeId === '424242' ? reply.send({ success: true, node: nodeId }) : notMine)],
      },
    };
  },
};

for (const dialect of dialects) {
  describe(`features on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    const database = freshDatabase(dialect);

    beforeAll(async () => {
      ran.length = 0;
      t = await startKabar(dialect, database, SimClock.frozenAt(testEpoch), 'fixed', { features: [...defaultFeatures, probe] });
      sink = await WebhookSink.start();
      await t.subscribe(sink);
    });

    afterAll(async () => {
      await t.close();
      await sink.close();
      await database.cleanup();
    });

    const send = (body: string) =>
      t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: '15550100001', text: { body } } });

    it('runs send stages in position order: a refusal stores nothing, a failure is accepted then failed', async () => {
      await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '15550100001', text: 'hi' } });
      const inbound = await sink.next((webhook) => messagesOf(webhook).length > 0);
      expect((inbound.json as { entry: { changes: { value: { contacts: { identity_key_hash?: string }[] } }[] }[] }).entry[0]?.changes[0]?.value.contacts[0]?.identity_key_hash).toBe('DF2lS5v2W6x=');

      const refused = await send('a forbidden word');
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { code: number } }>().error.code).toBe(131009);
      expect((await t.kabar.services.messages.listByUser('15550100001', { direction: 'outbound', limit: 10 })).length).toBe(0);

      const failed = await send('an unlucky message');
      const failedId = failed.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      const status = statusesOf(await sink.next(isStatus(failedId, 'failed')))[0];
      expect(status?.errors?.[0]?.code).toBe(131026);

      const fine = await send('a fine message');
      const fineId = fine.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '1s' } });
      const sent = statusesOf(await sink.next(isStatus(fineId, 'sent')))[0] as unknown as { pricing?: unknown };
      expect(sent.pricing).toEqual({ billable: false, pricing_model: 'CBP', category: 'service' });
    });

    it('runs durable timers at their own time, in order, while the clock travels, and survives a restart', async () => {
      const { ids, committer } = t.kabar.services;
      const start = t.clock.now();
      const payload = { businessId: t.demo.businessId, wabaId: t.demo.wabaId };
      await committer.commit(
        unitOf([
          scheduleTimer(ids, { kind: 'probe.tick', subject: 'late', dueAt: start + 7 * 86_400_000, payload }),
          scheduleTimer(ids, { kind: 'probe.tick', subject: 'chain', dueAt: start + 3_600_000, payload }),
          scheduleTimer(ids, { kind: 'probe.tick', subject: 'replaced', dueAt: start + 1_000, payload }),
          scheduleTimer(ids, { kind: 'probe.broken', subject: 'x', dueAt: start + 2_000, payload }),
        ]),
      );
      // Scheduling again with the same kind and subject replaces the pending timer.
      await committer.commit(unitOf([scheduleTimer(ids, { kind: 'probe.tick', subject: 'replaced', dueAt: start + 7_200_000, payload })]));
      const advanced = await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '1d' } });
      expect(advanced.json<{ timers_run: number }>().timers_run).toBe(5);
      expect(ran.map((entry) => [entry.subject, entry.at - start])).toEqual([
        ['chain', 3_600_000],
        ['chain', 3_660_000],
        ['chain', 3_720_000],
        ['replaced', 7_200_000],
      ]);
      // Each timer ran with the clock standing at its due time.
      for (const entry of ran) expect(entry.now).toBe(entry.at);
      expect((await t.kabar.services.deadLetters.list(10)).map((letter) => letter.subject)).toContain('probe.broken:x');

      await t.kabar.close();
      t = await startKabar(dialect, database, SimClock.frozenAt(t.clock.now()), 'fixed', { features: [...defaultFeatures, probe] });
      await t.subscribe(sink);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '7d' } });
      expect(ran.map((entry) => entry.subject)).toContain('late');
      expect(ran.find((entry) => entry.subject === 'late')?.at).toBe(start + 7 * 86_400_000);
    });

    it('lists notifications newest first, marks them read, and sends the management webhook', async () => {
      const feed = await t.kabar.app.inject({ method: 'GET', url: `/admin/notifications?business_id=${t.demo.businessId}&unread=true`, headers: t.admin });
      const entries = feed.json<{ data: { id: string; kind: string; severity: string; body: string }[] }>().data;
      expect(entries.length).toBeGreaterThanOrEqual(2);
      expect(entries[0]).toMatchObject({ kind: 'limits.increased_capabilities_eligibility_deferred', severity: 'warning', body: 'Timer late ran.' });
      const alert = await sink.next((webhook) => (webhook.json as { entry: { changes: { field: string }[] }[] }).entry[0]?.changes[0]?.field === 'account_alerts');
      expect((alert.json as { entry: { time: number }[] }).entry[0]?.time).toEqual(expect.any(Number));
      const id = entries[0]?.id ?? '';
      expect((await t.kabar.app.inject({ method: 'POST', url: `/admin/notifications/${id}/read`, headers: t.admin })).json()).toEqual({ success: true });
      const unread = await t.kabar.app.inject({ method: 'GET', url: `/admin/notifications?business_id=${t.demo.businessId}&unread=true`, headers: t.admin });
      expect(unread.json<{ data: { id: string }[] }>().data.map((entry) => entry.id)).not.toContain(id);
    });

    it('asks each feature for the Graph nodes it owns and answers 100/33 for the rest', async () => {
      const mine = await t.kabar.app.inject({ method: 'POST', url: '/v21.0/424242', headers: t.auth, payload: {} });
      expect(mine.json()).toEqual({ success: true, node: '424242' });
      const nobody = await t.kabar.app.inject({ method: 'POST', url: '/v21.0/434343', headers: t.auth, payload: {} });
      expect(nobody.statusCode).toBe(400);
      expect(nobody.json<{ error: { code: number; error_subcode: number } }>().error).toMatchObject({ code: 100, error_subcode: 33 });
    });

    it('keeps each business\'s dated policy profiles, defaulting to 2022-09 limits, 2022-02 pricing, 2021-09 templates and 2021-09 marketing (no per-user limit)', async () => {
      const url = `/admin/businesses/${t.demo.businessId}/policy`;
      expect((await t.kabar.app.inject({ method: 'GET', url, headers: t.admin })).json()).toEqual({ limits: '2022-09', pricing: '2022-02', templates: '2021-09', marketing: '2021-09' });
      expect((await t.kabar.app.inject({ method: 'POST', url, headers: t.admin, payload: { pricing: '2025-07' } })).json()).toEqual({ limits: '2022-09', pricing: '2025-07', templates: '2021-09', marketing: '2021-09' });
      expect((await t.kabar.app.inject({ method: 'POST', url, headers: t.admin, payload: { limits: '2019-01' } })).statusCode).toBe(400);
      expect((await t.kabar.app.inject({ method: 'GET', url: '/admin/businesses/999/policy', headers: t.admin })).statusCode).toBe(400);
    });
  });
}
