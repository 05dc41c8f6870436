import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { isStatus, statusesOf, type WebhookSink } from '../support/webhook-sink.js';

/**
 * Users' own choices: a marketing opt-out makes later marketing templates fail with 131050 (and is
 * told as a user_preferences webhook), a block makes every send fail with 131026, and every event
 * is in the feedback store; behaviour profiles per user, group and network react the same on every run.
 */
const marketing = {
  name: 'flash_sale',
  language: 'en_US',
  category: 'MARKETING',
  components: [
    { type: 'BODY', text: 'Hi {{1}}, our flash sale starts tomorrow morning at nine.', example: { body_text: [['Ana']] } },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }] },
  ],
};

for (const dialect of dialects) {
  describe(`user feedback on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
      await t.kabar.app.inject({ method: 'POST', url: '/admin/templates/review-settings', headers: t.admin, payload: { delay_ms: 0 } });
      const created = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.wabaId}/message_templates`, headers: t.auth, payload: marketing });
      expect(created.json()).toMatchObject({ status: 'APPROVED' });
    });

    afterAll(() => close());

    const sendTemplate = (to: string, name = 'flash_sale') =>
      t.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${t.demo.phoneNumberId}/messages`,
        headers: t.auth,
        payload: { messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: 'en_US' }, ...(name === 'flash_sale' ? { components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } : {}) } },
      });
    const act = (waId: string, action: string, body: Record<string, unknown> = {}) => t.kabar.app.inject({ method: 'POST', url: `/sim/users/${waId}/${action}`, headers: t.admin, payload: body });
    const failure = async (wamid: string): Promise<number | undefined> => statusesOf(await sink.next(isStatus(wamid, 'failed')))[0]?.errors?.[0]?.code;

    it('fails marketing templates with 131050 after the user stops marketing messages, but not utility ones', async () => {
      const user = '6281255500001';
      const first = await sendTemplate(user);
      const stopped = await act(user, 'stop-marketing');
      expect(stopped.json()).toMatchObject({ stopped_marketing: true, blocked: false, message_id: first.json<{ messages: { id: string }[] }>().messages[0]?.id });
      await t.kabar.services.settle();
      const preferences = await sink.next((webhook) => webhook.raw.includes('"user_preferences"'));
      expect((preferences.json as { entry: { changes: { field: string; value: { user_preferences: unknown[] } }[] }[] }).entry[0]?.changes[0]).toMatchObject({
        field: 'user_preferences',
        value: { user_preferences: [{ wa_id: user, category: 'marketing_messages', value: 'stop' }] },
      });
      const refused = await sendTemplate(user);
      expect(refused.statusCode).toBe(200);
      expect(await failure(refused.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '')).toBe(131050);
      const utility = await sendTemplate(user, 'hello_world');
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '2s' } });
      await sink.next(isStatus(utility.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '', 'sent'));
      await act(user, 'resume-marketing');
      const again = await sendTemplate(user);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '2s' } });
      await sink.next(isStatus(again.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '', 'sent'));
    });

    it('fails every send to a user who blocked the number with 131026 until they unblock it', async () => {
      const user = '6281255500002';
      await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: user, text: 'hi' } });
      await act(user, 'block');
      const text = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: user, text: { body: 'hello?' } } });
      expect(await failure(text.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '')).toBe(131026);
      expect(await failure((await sendTemplate(user, 'hello_world')).json<{ messages: { id: string }[] }>().messages[0]?.id ?? '')).toBe(131026);
      expect((await act(user, 'unblock')).json()).toMatchObject({ blocked: false });
      const after = await sendTemplate(user, 'hello_world');
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '2s' } });
      await sink.next(isStatus(after.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '', 'sent'));
    });

    it('keeps every event in the feedback store, with the template a block or report concerns', async () => {
      const user = '6281255500003';
      const sent = await sendTemplate(user);
      await act(user, 'report', { message_id: sent.json<{ messages: { id: string }[] }>().messages[0]?.id });
      const events = await t.kabar.app.inject({ method: 'GET', url: `/admin/feedback?wa_id=${user}`, headers: t.admin });
      const [report] = events.json<{ data: Record<string, unknown>[] }>().data;
      expect(report).toMatchObject({ kind: 'report', wa_id: user, phone_number_id: t.demo.phoneNumberId, category: 'marketing', template_id: expect.stringMatching(/^\d+$/) as unknown });
      const all = await t.kabar.app.inject({ method: 'GET', url: `/admin/feedback?phone_number_id=${t.demo.phoneNumberId}&limit=100`, headers: t.admin });
      expect(new Set(all.json<{ data: { kind: string }[] }>().data.map((entry) => entry.kind))).toEqual(new Set(['stop_marketing', 'resume_marketing', 'block', 'unblock', 'report', 'read']));
    });

    it('reacts by profile: the user\'s own beats their group\'s, which beats the default, the same way on every run', async () => {
      expect((await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/default', headers: t.admin, payload: { profile: { reply: 1, delay_ms: [1000, 1000], reply_texts: ['default reply'] } } })).statusCode).toBe(200);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/groups/blockers', headers: t.admin, payload: { profile: { block: 1, delay_ms: [1000, 1000] }, prefix: '62812777' } });
      await t.kabar.app.inject({ method: 'POST', url: '/sim/users/6281277700009/behaviour', headers: t.admin, payload: { profile: { stop_marketing: 1, delay_ms: [1000, 1000] } } });
      const invalid = await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/default', headers: t.admin, payload: { profile: { block: 0.7, report: 0.7 } } });
      expect(invalid.statusCode).toBe(400);
      for (const user of ['6281288800001', '6281277700001', '6281277700009']) await sendTemplate(user);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '1m' } });
      const kindsOf = async (waId: string): Promise<string[]> =>
        (await t.kabar.app.inject({ method: 'GET', url: `/admin/feedback?wa_id=${waId}`, headers: t.admin })).json<{ data: { kind: string }[] }>().data.map((entry) => entry.kind).sort();
      expect(await kindsOf('6281288800001')).toEqual(['read', 'reply']);
      expect(await kindsOf('6281277700001')).toEqual(['block', 'read']);
      expect(await kindsOf('6281277700009')).toEqual(['read', 'stop_marketing']);
      const inbox = await t.kabar.app.inject({ method: 'GET', url: '/sim/users/6281288800001/messages?direction=sent', headers: t.admin });
      expect(inbox.json<{ data: { text: { body: string } }[] }>().data.map((message) => message.text.body)).toEqual(['default reply']);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/behaviour/default', headers: t.admin, payload: { profile: null } });
    });
  });
}
