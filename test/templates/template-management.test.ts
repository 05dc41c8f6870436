import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTemplate, templateSaved, type TemplateDraft } from '../../src/core/templates/index.js';
import { record, unitOf } from '../../src/core/shared/index.js';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { WebhookSink } from '../support/webhook-sink.js';

/** Template management as Graph clients send it: JSON bodies with nested components, form bodies, query filters. */
const orderUpdate = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1042'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.', example: { body_text: [['Pablo', '860198-230332']] } },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop updates' }, { type: 'URL', text: 'Track', url: 'https://ex.com/t/{{1}}', example: ['ABC123'] }] },
  ],
};

interface GraphError {
  readonly error: { readonly code: number; readonly error_subcode?: number; readonly error_user_title?: string; readonly error_user_msg?: string };
}

for (const dialect of dialects) {
  describe(`template management over Graph on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;
    let orderId = '';

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });

    afterAll(() => close());

    const graph = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
      t.kabar.app.inject({ method, url: `/v21.0/${url}`, headers: t.auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    const advance = (by: string) => t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by } });

    it('lists Meta\'s hello_world sample in a new WABA, approved', async () => {
      const list = await graph('GET', `${t.demo.wabaId}/message_templates`);
      expect(list.statusCode).toBe(200);
      const [hello] = list.json<{ data: Record<string, unknown>[] }>().data;
      expect(hello).toMatchObject({ name: 'hello_world', language: 'en_US', status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL' });
      expect(hello?.['components']).toEqual([
        { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
        { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.' },
        { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
      ]);
    });

    it('creates a template PENDING and approves it after the simulated review delay, with a status webhook', async () => {
      const created = await graph('POST', `${t.demo.wabaId}/message_templates`, orderUpdate);
      expect(created.statusCode).toBe(200);
      expect(created.json()).toEqual({ id: expect.stringMatching(/^\d+$/) as unknown, status: 'PENDING', category: 'UTILITY' });
      orderId = created.json<{ id: string }>().id;
      await advance('59s');
      expect((await graph('GET', `${orderId}?fields=status`)).json()).toEqual({ id: orderId, status: 'PENDING' });
      await advance('1s');
      const node = await graph('GET', orderId);
      expect(node.json()).toMatchObject({ id: orderId, name: 'order_update', status: 'APPROVED', rejected_reason: 'NONE', components: orderUpdate.components });
      await t.kabar.services.settle();
      const webhook = await sink.next((received) => received.raw.includes('message_template_status_update') && received.raw.includes(orderId));
      expect((webhook.json as { entry: { changes: { value: unknown }[] }[] }).entry[0]?.changes[0]?.value).toEqual({
        event: 'APPROVED',
        message_template_id: Number(orderId),
        message_template_name: 'order_update',
        message_template_language: 'en_US',
        reason: 'NONE',
        message_template_category: 'UTILITY',
      });
    });

    it('accepts a form-encoded create whose components are a JSON string', async () => {
      const form = new URLSearchParams({ name: 'order_update', language: 'id', category: 'UTILITY', components: JSON.stringify([{ type: 'BODY', text: 'Halo {{1}}, pesanan Anda {{2}} dikirim hari ini.', example: { body_text: [['Siti', '#77']] } }]) });
      const created = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.wabaId}/message_templates`, headers: { ...t.auth, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
      expect(created.statusCode).toBe(200);
      expect(created.json()).toMatchObject({ status: 'PENDING' });
    });

    it('refuses what Meta refuses at creation, with its subcodes and a title for people', async () => {
      const cases: [Record<string, unknown>, number, number | undefined][] = [
        [orderUpdate, 100, 2388024],
        [{ ...orderUpdate, name: 'long_footer', components: [orderUpdate.components[1], { type: 'FOOTER', text: 'x'.repeat(61) }] }, 100, 2388040],
        [{ ...orderUpdate, name: 'bad_header', components: [{ type: 'HEADER', format: 'TEXT', text: 'Line\nbreak' }, orderUpdate.components[1]] }, 100, 2388047],
        [{ ...orderUpdate, name: 'bad_body', components: [{ type: 'BODY', text: 'Hi {{1}} {{2}}, your order ships today.', example: { body_text: [['a', 'b']] } }] }, 100, 2388072],
        [{ ...orderUpdate, name: 'bad_footer', components: [orderUpdate.components[1], { type: 'FOOTER', text: 'For {{1}}' }] }, 100, 2388073],
        [{ ...orderUpdate, name: 'dense', components: [{ type: 'BODY', text: 'Hi {{1}}, {{2}}, {{3}} ok.', example: { body_text: [['a', 'b', 'c']] } }] }, 100, 2388293],
        [{ ...orderUpdate, name: 'dangling', components: [{ type: 'BODY', text: 'Your order ships today, {{1}}', example: { body_text: [['Pablo']] } }] }, 100, 2388299],
        [{ ...orderUpdate, name: 'Bad Name' }, 100, undefined],
        [{ ...orderUpdate, name: 'no_body', components: [{ type: 'FOOTER', text: 'hi' }] }, 100, undefined],
        [{ ...orderUpdate, name: 'too_many_buttons', components: [orderUpdate.components[1], { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, index) => ({ type: 'QUICK_REPLY', text: `Option ${index}` })) }] }, 100, undefined],
      ];
      for (const [body, code, subcode] of cases) {
        const refused = await graph('POST', `${t.demo.wabaId}/message_templates`, body);
        expect(refused.statusCode, JSON.stringify(body)).toBe(400);
        const { error } = refused.json<GraphError>();
        expect(error.code).toBe(code);
        expect(error.error_subcode).toBe(subcode);
        expect(error.error_user_title?.length).toBeGreaterThan(0);
        expect(error.error_user_msg?.length).toBeGreaterThan(0);
      }
    });

    it('rejects in review what breaks a review rule, with rejected_reason and a rejection webhook', async () => {
      const promo = { name: 'order_promo', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, your order shipped. Enjoy 20% off your next purchase!', example: { body_text: [['Pablo']] } }] };
      const created = await graph('POST', `${t.demo.wabaId}/message_templates`, promo);
      const id = created.json<{ id: string }>().id;
      await advance('1m');
      expect((await graph('GET', `${id}?fields=status,rejected_reason`)).json()).toEqual({ id, status: 'REJECTED', rejected_reason: 'INCORRECT_CATEGORY' });
      await t.kabar.services.settle();
      const webhook = await sink.next((received) => received.raw.includes('"REJECTED"') && received.raw.includes(id));
      expect(webhook.raw).toContain('rejection_info');

      const approved = await t.kabar.app.inject({ method: 'POST', url: `/admin/templates/${id}/review`, headers: t.admin, payload: { status: 'APPROVED', note: 'Checked by hand.' } });
      expect(approved.json()).toMatchObject({ status: 'APPROVED' });
    });

    it('filters by name, status, category and language and pages with cursors', async () => {
      for (const name of ['alpha_notice', 'beta_notice', 'gamma_notice']) {
        const created = await graph('POST', `${t.demo.wabaId}/message_templates`, { name, language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: `Your ${name.split('_')[0] ?? ''} account {{1}} was updated today, thank you.`, example: { body_text: [['A-1']] } }] });
        expect(created.statusCode).toBe(200);
      }
      const byName = await graph('GET', `${t.demo.wabaId}/message_templates?name=notice&fields=name,status`);
      expect(byName.json<{ data: { name: string }[] }>().data.map((entry) => entry.name).sort()).toEqual(['alpha_notice', 'beta_notice', 'gamma_notice']);
      const approved = await graph('GET', `${t.demo.wabaId}/message_templates?status=approved&fields=name`);
      expect(approved.json<{ data: { name: string }[] }>().data.map((entry) => entry.name)).toContain('hello_world');
      expect(approved.json<{ data: { name: string }[] }>().data.map((entry) => entry.name)).not.toContain('alpha_notice');
      const indonesian = await graph('GET', `${t.demo.wabaId}/message_templates?language=id&category=UTILITY&fields=name,language`);
      expect(indonesian.json<{ data: unknown[] }>().data).toEqual([{ name: 'order_update', language: 'id', id: expect.any(String) as unknown }]);

      const seen: string[] = [];
      let url = `${t.demo.wabaId}/message_templates?limit=2&fields=name`;
      for (let page = 0; page < 10; page += 1) {
        const response = await graph('GET', url);
        const body = response.json<{ data: { id: string }[]; paging: { cursors: { after: string }; next?: string } }>();
        seen.push(...body.data.map((entry) => entry.id));
        if (body.paging.next === undefined) break;
        expect(body.paging.next).toContain(`after=${body.paging.cursors.after}`);
        url = `${t.demo.wabaId}/message_templates?limit=2&fields=name&after=${body.paging.cursors.after}`;
      }
      const all = await graph('GET', `${t.demo.wabaId}/message_templates?limit=100&fields=name`);
      expect(seen).toEqual(all.json<{ data: { id: string }[] }>().data.map((entry) => entry.id));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('edits an approved template once per 24 hours, never its category, and sends the edit back to review', async () => {
      const components = [orderUpdate.components[0], { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today from Jakarta.', example: { body_text: [['Pablo', '1']] } }];
      expect((await graph('POST', orderId, { category: 'MARKETING' })).json<GraphError>().error).toMatchObject({ code: 100, error_user_title: "This template can't be edited" });
      expect((await graph('POST', orderId, { components })).json()).toEqual({ success: true });
      expect((await graph('GET', `${orderId}?fields=status`)).json()).toMatchObject({ status: 'PENDING' });
      await advance('1m');
      expect((await graph('GET', `${orderId}?fields=status`)).json()).toMatchObject({ status: 'APPROVED' });
      const again = await graph('POST', orderId, { components: orderUpdate.components });
      expect(again.statusCode).toBe(400);
      expect(again.json<GraphError>().error).toMatchObject({ code: 100, error_user_title: 'Edit limit reached' });
      await advance('24h');
      expect((await graph('POST', orderId, { components: orderUpdate.components })).json()).toEqual({ success: true });
    });

    it('announces a category reassignment 24 hours ahead, then applies it (template_category_update)', async () => {
      const created = await graph('POST', `${t.demo.wabaId}/message_templates`, { name: 'recategorised', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Thanks for visiting our store yesterday, we hope to see you again.' }] });
      const id = created.json<{ id: string }>().id;
      await advance('1m');
      const announced = await t.kabar.app.inject({ method: 'POST', url: `/admin/templates/${id}/category`, headers: t.admin, payload: { category: 'MARKETING' } });
      expect(announced.json()).toMatchObject({ category: 'UTILITY', correct_category: 'MARKETING' });
      await advance('24h');
      await t.kabar.services.settle();
      expect((await graph('GET', `${id}?fields=category,previous_category`)).json()).toEqual({ id, category: 'MARKETING', previous_category: 'UTILITY' });
      const updates = sink.received.filter((received) => received.raw.includes('template_category_update') && received.raw.includes(id)).map((received) => (received.json as { entry: { changes: { value: Record<string, unknown> }[] }[] }).entry[0]?.changes[0]?.value);
      expect(updates).toEqual([
        expect.objectContaining({ new_category: 'UTILITY', correct_category: 'MARKETING', category_update_timestamp: expect.any(Number) as unknown }),
        expect.objectContaining({ previous_category: 'UTILITY', new_category: 'MARKETING' }),
      ]);
    });

    it('deletes one language by hsm_id or every language by name, and blocks the name 30 days', async () => {
      const list = await graph('GET', `${t.demo.wabaId}/message_templates?name=order_update&fields=name,language`);
      const indonesian = list.json<{ data: { id: string; language: string }[] }>().data.find((entry) => entry.language === 'id');
      expect((await graph('DELETE', `${t.demo.wabaId}/message_templates?name=order_update&hsm_id=${indonesian?.id ?? ''}`)).json()).toEqual({ success: true });
      expect((await graph('GET', `${t.demo.wabaId}/message_templates?name=order_update&fields=language`)).json<{ data: { language: string }[] }>().data.map((entry) => entry.language)).toEqual(['en_US']);
      expect((await graph('DELETE', `${t.demo.wabaId}/message_templates?name=order_update`)).json()).toEqual({ success: true });
      expect((await graph('GET', orderId)).json<GraphError>().error).toMatchObject({ code: 100, error_subcode: 33 });
      const recreated = await graph('POST', `${t.demo.wabaId}/message_templates`, orderUpdate);
      expect(recreated.json<GraphError>().error).toMatchObject({ code: 100, error_subcode: 2388023 });
      expect((await graph('DELETE', `${t.demo.wabaId}/message_templates?name=no_such_template`)).statusCode).toBe(400);
    });

    it('refuses the 251st template of an unverified business with 2388019', async () => {
      // The demo business is verified (it onboards like any business); an express signup is not.
      const signup = (await t.kabar.app.inject({ method: 'POST', url: '/admin/signups', headers: t.admin, payload: { mode: 'express', business_name: 'Unverified Co' } })).json<{ waba_id: string; access_token: string }>();
      const asSignup = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
        t.kabar.app.inject({ method, url: `/v21.0/${url}`, headers: { authorization: `Bearer ${signup.access_token}` }, ...(payload === undefined ? {} : { payload }) });
      const waba = await t.kabar.services.accounts.findWaba(signup.waba_id);
      if (waba === undefined) throw new Error('signup WABA missing');
      const live = (await asSignup('GET', `${signup.waba_id}/message_templates?limit=1000&fields=name`)).json<{ data: unknown[] }>().data.length;
      const filler = Array.from({ length: 250 - live }, (_, index) => {
        const draft: TemplateDraft = { name: `filler_${index}`, language: 'en_US', category: 'UTILITY', parameterFormat: 'POSITIONAL', components: [{ type: 'BODY', text: `Filler ${index}`, examples: [] }], subCategory: null, messageSendTtlSeconds: null };
        return record(templateSaved, { ...newTemplate(t.kabar.services, waba, draft, t.clock.now()), status: 'APPROVED' });
      });
      await t.kabar.services.committer.commit(unitOf(filler));
      const refused = await asSignup('POST', `${signup.waba_id}/message_templates`, { ...orderUpdate, name: 'one_too_many' });
      expect(refused.json<GraphError>().error).toMatchObject({ code: 100, error_subcode: 2388019 });
    });

    it('answers another business\'s WABA and template like missing ones (100/33)', async () => {
      const business = await t.kabar.app.inject({ method: 'POST', url: '/admin/businesses', headers: t.admin, payload: { name: 'Other' } });
      const waba = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${business.json<{ id: string }>().id}/wabas`, headers: t.admin, payload: { name: 'Other WABA' } });
      const otherWaba = waba.json<{ id: string }>().id;
      expect((await graph('GET', `${otherWaba}/message_templates`)).json<GraphError>().error).toMatchObject({ code: 100, error_subcode: 33 });
      const theirs = await t.kabar.app.inject({ method: 'GET', url: `/admin/wabas/${otherWaba}/templates`, headers: t.admin });
      const hello = theirs.json<{ data: { id: string; name: string }[] }>().data.find((entry) => entry.name === 'hello_world');
      expect((await graph('GET', hello?.id ?? '')).json<GraphError>().error).toMatchObject({ code: 100, error_subcode: 33 });
      expect((await graph('POST', hello?.id ?? '', { components: [] })).json<GraphError>().error).toMatchObject({ code: 100, error_subcode: 33 });
    });
  });
}
