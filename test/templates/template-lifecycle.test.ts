import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { setThroughput, startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { ReceivedWebhook, WebhookSink } from '../support/webhook-sink.js';

/**
 * A template's life moved with the simulated clock: submitted, approved after the reviewer's delay,
 * sent to 1,000 simulated users of whom a seeded share blocks the business, rated Low, FLAGGED, and
 * DISABLED 7 days later (sends fail with 132016, edits are refused); or, with better reactions
 * inside the 7 days, APPROVED again.
 */
const promo = {
  name: 'weekend_promo',
  language: 'id',
  category: 'MARKETING',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Promo akhir pekan' },
    { type: 'BODY', text: 'Halo {{1}}, semua sepatu diskon 30% sampai hari Minggu. Kunjungi toko kami atau pesan lewat WhatsApp.', example: { body_text: [['Siti']] } },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Berhenti promosi' }] },
  ],
};

const blocking = { block: 0.1, report: 0.02, reply: 0.2, categories: ['marketing'], delay_ms: [60_000, 600_000] };
const friendly = { block: 0, report: 0, reply: 0.5, categories: ['marketing'], delay_ms: [60_000, 600_000] };

interface TemplateEvent {
  readonly field: string;
  readonly value: Record<string, unknown>;
}

/**
 * One Kabar with a webhook receiver for the tests of a describe block. Its number is at throughput
 * level UNLIMITED: the tests send 1,000 templates in a moment of simulated time, which is about
 * template quality, not the 80 messages a second a STANDARD number may send.
 */
function useKabar(dialect: 'sqlite' | 'postgres'): { t: TestKabar; sink: WebhookSink } {
  const running = {} as { t: TestKabar; sink: WebhookSink; close: () => Promise<void> };
  beforeAll(async () => {
    Object.assign(running, await startKabarWithSink(dialect));
    await setThroughput(running.t, 'UNLIMITED');
  });
  afterAll(() => running.close());
  return running;
}

function templateEvents(sink: WebhookSink, templateId: string): TemplateEvent[] {
  return sink.received.flatMap((webhook: ReceivedWebhook) =>
    (webhook.json as { entry: { changes: TemplateEvent[] }[] }).entry.flatMap((entry) => entry.changes).filter((change) => change.value['message_template_id'] === Number(templateId)),
  );
}

for (const dialect of dialects) {
  describe(`template quality and lifecycle on ${dialect}`, () => {
    async function submitAndApprove(t: TestKabar): Promise<string> {
      const created = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.wabaId}/message_templates`, headers: t.auth, payload: promo });
      expect(created.json()).toMatchObject({ status: 'PENDING', category: 'MARKETING' });
      const id = created.json<{ id: string }>().id;
      await advance(t, '1m');
      const node = await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${id}?fields=status,quality_score`, headers: t.auth });
      expect(node.json()).toMatchObject({ status: 'APPROVED', quality_score: { score: 'UNKNOWN' } });
      return id;
    }

    async function advance(t: TestKabar, by: string): Promise<void> {
      const response = await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by } });
      expect(response.statusCode).toBe(200);
      await t.kabar.services.settle();
    }

    async function sendToMany(t: TestKabar, firstWaId: number, count: number): Promise<void> {
      for (let start = 0; start < count; start += 50) {
        const batch = Array.from({ length: Math.min(50, count - start) }, (_, index) =>
          t.kabar.app.inject({
            method: 'POST',
            url: `/v21.0/${t.demo.phoneNumberId}/messages`,
            headers: t.auth,
            payload: { messaging_product: 'whatsapp', to: String(firstWaId + start + index), type: 'template', template: { name: 'weekend_promo', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kak' }] }] } },
          }),
        );
        for (const response of await Promise.all(batch)) expect(response.statusCode).toBe(200);
      }
    }

    const status = async (t: TestKabar, id: string): Promise<{ status: string; quality_score: { score: string } }> =>
      (await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${id}?fields=status,quality_score`, headers: t.auth })).json();

    describe('without improvement', () => {
      const running = useKabar(dialect);
      let id: string;

      beforeAll(async () => {
        await running.t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/default', headers: running.t.admin, payload: { profile: blocking } });
        id = await submitAndApprove(running.t);
      });

      it('goes Low and FLAGGED once a tenth of 1,000 users block it', async () => {
        const { t, sink } = running;
        await sendToMany(t, 6281300000000, 1000);
        await advance(t, '2h');
        expect(await status(t, id)).toEqual({ id, status: 'FLAGGED', quality_score: expect.objectContaining({ score: 'RED' }) as unknown });
        const blocks = await t.kabar.app.inject({ method: 'GET', url: `/admin/feedback?template_id=${id}&kind=block&limit=1000`, headers: t.admin });
        const blockCount = blocks.json<{ data: unknown[] }>().data.length;
        expect(blockCount).toBeGreaterThan(50);
        expect(blockCount).toBeLessThan(150);
        const events = templateEvents(sink, id);
        expect(events).toContainEqual(expect.objectContaining({ field: 'message_template_quality_update', value: expect.objectContaining({ previous_quality_score: 'UNKNOWN', new_quality_score: 'RED' }) as unknown }));
        expect(events).toContainEqual(expect.objectContaining({ field: 'message_template_status_update', value: expect.objectContaining({ event: 'FLAGGED', message_template_name: 'weekend_promo' }) as unknown }));
        const feed = await t.kabar.app.inject({ method: 'GET', url: `/admin/notifications?business_id=${t.demo.businessId}&kind=template.status`, headers: t.admin });
        expect(feed.json<{ data: { title: string }[] }>().data[0]?.title).toContain('FLAGGED');
      });

      it('is DISABLED after 7 days flagged: sends fail with 132016 and edits are refused', async () => {
        const { t, sink } = running;
        await advance(t, '7d');
        expect((await status(t, id)).status).toBe('DISABLED');
        expect(templateEvents(sink, id)).toContainEqual(expect.objectContaining({ value: expect.objectContaining({ event: 'DISABLED', disable_info: expect.anything() as unknown }) as unknown }));
        const send = await t.kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${t.demo.phoneNumberId}/messages`,
          headers: t.auth,
          payload: { messaging_product: 'whatsapp', to: '6281399999999', type: 'template', template: { name: 'weekend_promo', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kak' }] }] } },
        });
        expect(send.statusCode).toBe(400);
        expect(send.json<{ error: { code: number } }>().error.code).toBe(132016);
        const edit = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${id}`, headers: t.auth, payload: { components: promo.components } });
        expect(edit.statusCode).toBe(400);
        expect(edit.json<{ error: { code: number; error_user_title: string } }>().error).toMatchObject({ code: 100, error_user_title: "This template can't be edited" });
      });
    });

    describe('under the 2023-01 templates profile', () => {
      const running = useKabar(dialect);

      it('pauses a Low template for 3 hours, then 6, and disables it the third time', async () => {
        const { t, sink } = running;
        await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/policy`, headers: t.admin, payload: { templates: '2023-01' } });
        await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/default', headers: t.admin, payload: { profile: { ...blocking, block: 0.3 } } });
        const id = await submitAndApprove(t);
        for (const [round, pause] of [[0, '3h'], [1, '6h']] as const) {
          await sendToMany(t, 6281500000000 + round * 1000, 100);
          await advance(t, '2h');
          expect((await status(t, id)).status).toBe('PAUSED');
          const paused = await t.kabar.app.inject({
            method: 'POST',
            url: `/v21.0/${t.demo.phoneNumberId}/messages`,
            headers: t.auth,
            payload: { messaging_product: 'whatsapp', to: '6281599999999', type: 'template', template: { name: 'weekend_promo', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kak' }] }] } },
          });
          expect(paused.json<{ error: { code: number } }>().error.code).toBe(132015);
          await advance(t, pause);
          expect(await status(t, id)).toEqual({ id, status: 'APPROVED', quality_score: expect.objectContaining({ score: 'UNKNOWN' }) as unknown });
        }
        await sendToMany(t, 6281500002000, 100);
        await advance(t, '2h');
        expect((await status(t, id)).status).toBe('DISABLED');
        const titles = templateEvents(sink, id).flatMap((event) => {
          const info = event.value['other_info'] as { title?: string } | undefined;
          return info?.title === undefined ? [] : [info.title];
        });
        expect(titles).toEqual(['FIRST_PAUSE', 'UNPAUSE', 'SECOND_PAUSE', 'UNPAUSE', 'DISABLED']);
      });
    });

    describe('with improvement inside 7 days', () => {
      const running = useKabar(dialect);

      it('is APPROVED again once the blocks age out and new readers reply, and stays so past the 7 days', async () => {
        const { t, sink } = running;
        await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/default', headers: t.admin, payload: { profile: blocking } });
        const id = await submitAndApprove(t);
        await sendToMany(t, 6281300000000, 1000);
        await advance(t, '2h');
        expect((await status(t, id)).status).toBe('FLAGGED');

        await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/default', headers: t.admin, payload: { profile: friendly } });
        await advance(t, '12h');
        await sendToMany(t, 6281400000000, 200);
        await advance(t, '1d');
        expect(await status(t, id)).toEqual({ id, status: 'APPROVED', quality_score: expect.objectContaining({ score: 'GREEN' }) as unknown });
        expect(templateEvents(sink, id).map((event) => event.value['event'] ?? event.value['new_quality_score'])).toEqual(['APPROVED', 'RED', 'FLAGGED', 'GREEN', 'APPROVED']);

        await advance(t, '7d');
        expect((await status(t, id)).status).toBe('APPROVED');
      });
    });
  });
}
