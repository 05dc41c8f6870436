import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionFlow, Body, Interactive } from 'whatsapp-api-js/messages';
import { dialects } from '../support/databases.js';
import { setThroughput } from '../support/kabar.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';
import type { WebhookSink } from '../support/webhook-sink.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';

const user = '6281298760001';

interface GraphError {
  readonly error: { readonly code: number; readonly message: string; readonly error_subcode?: number; readonly error_user_title?: string; readonly error_data?: { readonly details: string } };
}
interface ValidationError {
  readonly error: string;
  readonly error_type: string;
  readonly message: string;
  readonly line_start?: number;
  readonly column_start?: number;
  readonly pointers?: readonly { readonly path: string; readonly line_start: number }[];
}
interface FlowView {
  readonly id: string;
  readonly name?: string;
  readonly status?: string;
  readonly categories?: readonly string[];
  readonly validation_errors?: readonly ValidationError[];
  readonly json_version?: string;
  readonly preview?: { readonly preview_url: string; readonly expires_at: string };
  readonly health_status?: { readonly can_send_message: string };
  readonly whatsapp_business_account?: { readonly id: string };
}
interface Envelope {
  readonly entry: readonly { readonly id: string; readonly time?: number; readonly changes: readonly { readonly field: string; readonly value: Record<string, unknown> }[] }[];
}

/** A Flow JSON with one screen that ends the Flow, pretty-printed so that errors have lines to point at. */
function flowJson(overrides: Record<string, unknown> = {}): string {
  const flow = {
    version: '6.0',
    screens: [
      {
        id: 'BOOKING',
        title: 'Pesan jadwal',
        terminal: true,
        success: true,
        data: {},
        layout: {
          type: 'SingleColumnLayout',
          children: [
            { type: 'TextHeading', text: 'Jadwal servis' },
            { type: 'TextInput', name: 'nama', label: 'Nama' },
            { type: 'Footer', label: 'Kirim', 'on-click-action': { name: 'complete', payload: { nama: '${form.nama}' } } },
          ],
        },
      },
    ],
    ...overrides,
  };
  return JSON.stringify(flow, null, 2);
}

/**
 * Meta's Flows API on Kabar's Graph surface, over real HTTP on both engines: create, validate,
 * fix through an asset upload, publish, send with whatsapp-api-js, the user completes the Flow and
 * the business gets the nfm_reply; the lifecycle's refusals; another business's token; bad input.
 */
for (const dialect of dialects) {
  describe(`WhatsApp Flows on ${dialect}`, () => {
    let kabar: RunningKabar;
    let library: LibraryClient;
    let sink: WebhookSink;
    let close: () => Promise<void>;
    let tenant: Tenant;
    let wabaId: string;

    beforeAll(async () => {
      ({ kabar, library, sink, close } = await startWithLibrary(dialect));
      wabaId = kabar.demo.wabaId;
      await setThroughput(kabar, 'UNLIMITED');
      tenant = await provisionTenant(kabar.kabar.app, kabar.admin, { name: 'Toko Flow Lain', phoneNumber: '+6281300000091' });
      // The user writes first, so that the business may answer with a Flow message.
      await kabar.operator('POST', '/sim/messages', { from: user, text: 'Mau servis motor' });
    });

    afterAll(() => close());

    async function graph<Body>(method: string, path: string, options: { body?: unknown; token?: string; form?: FormData } = {}): Promise<{ status: number; body: Body }> {
      const response = await fetch(`${kabar.baseUrl}/v24.0${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token ?? kabar.demo.accessToken}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.form === undefined ? {} : { body: options.form }),
      });
      return { status: response.status, body: (await response.json()) as Body };
    }

    function assetForm(json: string, fields: Record<string, string> = { name: 'flow.json', asset_type: 'FLOW_JSON' }): FormData {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      form.set('file', new Blob([json], { type: 'application/json' }), 'flow.json');
      return form;
    }

    async function sendFlow(parameters: Record<string, unknown>): Promise<{ status: number; body: { messages?: { id: string }[] } & Partial<GraphError> }> {
      return graph('POST', `/${kabar.demo.phoneNumberId}/messages`, {
        body: {
          messaging_product: 'whatsapp',
          to: user,
          type: 'interactive',
          interactive: { type: 'flow', body: { text: 'Pesan jadwal servis' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Pesan', flow_action_payload: { screen: 'BOOKING' }, ...parameters } } },
        },
      });
    }

    /** The `flows` webhooks received so far (those the library was handed as well). */
    async function flowWebhooks(count: number): Promise<Record<string, unknown>[]> {
      const values = (): Record<string, unknown>[] =>
        [...library.accepted, ...library.rejected, ...sink.received].flatMap((webhook) => (webhook.json as Envelope).entry.flatMap((entry) => entry.changes.filter((change) => change.field === 'flows').map((change) => change.value)));
      for (let round = 0; round < 20 && values().length < count; round += 1) {
        await kabar.kabar.services.settle();
        await sink.next(() => values().length >= count, 1_000).catch(() => undefined);
      }
      return values();
    }

    let flowId = '';

    it('creates a Flow whose JSON has errors, reports them with lines, and refuses to publish it', async () => {
      const broken = flowJson({ version: '1.0', extra: true, screens: [{ id: 'BOOKING', layout: { type: 'SingleColumnLayout', children: [] } }] });
      const created = await graph<{ id: string; success: boolean; validation_errors: ValidationError[] }>('POST', `/${wabaId}/flows`, {
        body: { name: 'Servis motor', categories: ['APPOINTMENT_BOOKING'], flow_json: broken },
      });
      expect(created.status).toBe(200);
      expect(created.body.id).toMatch(/^\d+$/);
      expect(created.body.success).toBe(true);
      flowId = created.body.id;
      // The schema pass reports the property that does not belong, at its line and column.
      expect(created.body.validation_errors).toEqual([
        expect.objectContaining({ error: 'INVALID_PROPERTY', error_type: 'JSON_SCHEMA_ERROR', message: 'The property "extra" cannot be specified at "$root".', line_start: 12, column_start: 3 }),
      ]);

      const fixedShape = await graph<{ success: boolean; validation_errors: ValidationError[] }>('POST', `/${flowId}/assets`, {
        form: assetForm(flowJson({ version: '1.0', screens: [{ id: 'BOOKING', layout: { type: 'SingleColumnLayout', children: [] } }], routing_model: { BOOKING: ['NOWHERE'] } })),
      });
      expect(fixedShape.body.success).toBe(true);
      expect(fixedShape.body.validation_errors.map((error) => error.error)).toEqual(['INVALID_FLOW_JSON_VERSION', 'MISSING_TERMINAL_SCREEN', 'INVALID_ROUTING_MODEL']);
      expect(fixedShape.body.validation_errors[2]?.pointers?.[0]?.path).toBe('routing_model.BOOKING[0]');

      const read = await graph<FlowView>('GET', `/${flowId}`);
      expect(read.body).toEqual({ id: flowId, name: 'Servis motor', status: 'DRAFT', categories: ['APPOINTMENT_BOOKING'], validation_errors: fixedShape.body.validation_errors });

      const refused = await graph<GraphError>('POST', `/${flowId}/publish`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 139002, error_user_title: 'Publishing Flow with validation errors' });
    });

    it('takes a fixed flow.json through the assets edge, serves it back, and publishes with a flows webhook', async () => {
      const notJson = await graph<{ validation_errors: ValidationError[] }>('POST', `/${flowId}/assets`, { form: assetForm('{"version": "6.0",\n  "screens": [}') });
      // The parser stopped at the '}' that cannot close an array: line 2, column 15.
      expect(notJson.body.validation_errors).toEqual([expect.objectContaining({ error: 'INVALID_JSON', error_type: 'JSON_SCHEMA_ERROR', line_start: 2, line_end: 2, column_start: 15 })]);

      const fixed = await graph<{ success: boolean; validation_errors: ValidationError[] }>('POST', `/${flowId}/assets`, { form: assetForm(flowJson()) });
      expect(fixed.body).toEqual({ success: true, validation_errors: [] });

      const assets = await graph<{ data: { name: string; asset_type: string; download_url: string }[] }>('GET', `/${flowId}/assets`);
      expect(assets.body.data).toEqual([{ name: 'flow.json', asset_type: 'FLOW_JSON', download_url: expect.stringMatching(new RegExp(`^${kabar.baseUrl}/whatsapp_business/flow_assets/${flowId}/flow.json\\?`)) as unknown }]);
      const url = assets.body.data[0]?.download_url ?? '';
      const downloaded = await fetch(url, { headers: kabar.auth });
      expect(downloaded.status).toBe(200);
      expect(await downloaded.text()).toBe(flowJson());
      // Authenticated like media downloads: no token, or another business's, gets nothing.
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${tenant.token}` } })).status).toBe(404);

      const details = await graph<FlowView>('GET', `/${flowId}?fields=id,name,status,json_version,health_status,whatsapp_business_account`);
      expect(details.body).toMatchObject({ id: flowId, status: 'DRAFT', json_version: '6.0', health_status: { can_send_message: 'AVAILABLE' }, whatsapp_business_account: { id: wabaId } });

      // A draft goes out only in draft mode, for testing.
      const notDraftMode = await sendFlow({ flow_id: flowId });
      expect(notDraftMode.status).toBe(400);
      expect(notDraftMode.body.error?.code).toBe(131009);
      expect((await sendFlow({ flow_id: flowId, mode: 'draft' })).status).toBe(200);

      expect((await graph<{ success: boolean }>('POST', `/${flowId}/publish`)).body).toEqual({ success: true });
      const [change] = await flowWebhooks(1);
      expect(change).toEqual({ event: 'FLOW_STATUS_CHANGE', message: 'Flow Servis motor changed status from DRAFT to PUBLISHED', flow_id: flowId, old_status: 'DRAFT', new_status: 'PUBLISHED' });
      expect((await graph<FlowView>('GET', `/${flowId}?fields=status`)).body).toEqual({ status: 'PUBLISHED', id: flowId });
    });

    it('sends the published Flow with whatsapp-api-js; the user completes it and the business gets the nfm_reply', async () => {
      const sent = (await library.client.sendMessage(
        kabar.demo.phoneNumberId,
        user,
        new Interactive(new ActionFlow({ flow_id: flowId, flow_cta: 'Pesan jadwal', flow_token: 'booking-7781', flow_action: 'navigate', flow_action_payload: { screen: 'BOOKING' } }), new Body('Pilih jadwal servis')),
      )) as { messages?: { id: string }[] };
      const wamid = sent.messages?.[0]?.id ?? '';
      expect(wamid).toMatch(/^wamid\./);
      // By name as well: the name is unique within the WABA.
      expect((await sendFlow({ flow_name: 'Servis motor' })).status).toBe(200);
      await kabar.operator('POST', '/sim/clock/advance', { by: '2s' });

      const completed = (await kabar.operator('POST', `/sim/users/${user}/flow`, { message_id: wamid, data: { nama: 'Sari', flow_token: 'forged' } })) as { message: { id: string } };
      const replyId = completed.message.id;
      expect(await library.until(() => library.messages.some((args) => args.message.id === replyId))).toBe(true);
      // whatsapp-api-js reads `metadata` of every change, so it throws on management fields such as `flows`; it refuses nothing else.
      expect(library.rejected.filter((webhook) => !webhook.raw.includes('"field":"flows"'))).toEqual([]);
      const envelope = library.messages.find((args) => args.message.id === replyId)?.raw as unknown as Envelope;
      const message = (envelope.entry[0]?.changes[0]?.value['messages'] as Record<string, unknown>[])[0];
      expect(message).toEqual({
        from: user,
        id: replyId,
        timestamp: String(Math.floor(kabar.clock.now() / 1000)),
        type: 'interactive',
        interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"booking-7781","nama":"Sari"}' } },
        context: { from: kabar.demo.phoneNumber, id: wamid },
      });

      // A message that is not a Flow cannot be completed.
      const text = (await graph<{ messages: { id: string }[] }>('POST', `/${kabar.demo.phoneNumberId}/messages`, { body: { messaging_product: 'whatsapp', to: user, type: 'text', text: { body: 'Terima kasih' } } })).body.messages[0]?.id ?? '';
      await kabar.operator('POST', '/sim/clock/advance', { by: '2s' });
      const notFlow = await fetch(`${kabar.baseUrl}/sim/users/${user}/flow`, { method: 'POST', headers: { ...kabar.admin, 'content-type': 'application/json' }, body: JSON.stringify({ message_id: text }) });
      expect(notFlow.status).toBe(400);
    });

    it('refuses to edit or delete a published Flow, deprecates it once, and then refuses to send it', async () => {
      const edit = await graph<GraphError>('POST', `/${flowId}`, { body: { name: 'Servis mobil' } });
      expect(edit.status).toBe(400);
      expect(edit.body.error).toMatchObject({ code: 139001, error_user_title: "Flow can't be updated" });
      const upload = await graph<GraphError>('POST', `/${flowId}/assets`, { form: assetForm(flowJson()) });
      expect(upload.body.error.code).toBe(139001);
      const removed = await graph<GraphError>('DELETE', `/${flowId}`);
      expect(removed.status).toBe(400);
      expect(removed.body.error).toMatchObject({ code: 139004, error_user_title: "Can't delete published Flow" });
      const republish = await graph<GraphError>('POST', `/${flowId}/publish`);
      expect(republish.body.error).toMatchObject({ code: 139002, error_user_title: 'Publishing Flow in invalid state' });

      // Meta's health checks block it: sends are refused with 132068 until it is restored.
      await kabar.operator('POST', `/sim/flows/${flowId}/health`, { status: 'BLOCKED' });
      const blocked = await sendFlow({ flow_id: flowId });
      expect(blocked.body.error?.code).toBe(132068);
      await kabar.operator('POST', `/sim/flows/${flowId}/health`, { status: 'PUBLISHED' });
      await kabar.operator('POST', `/sim/flows/${flowId}/health`, { status: 'THROTTLED' });
      expect((await sendFlow({ flow_id: flowId })).body.error?.code).toBe(132069);
      expect((await graph<FlowView>('GET', `/${flowId}?fields=health_status`)).body.health_status?.can_send_message).toBe('LIMITED');
      await kabar.operator('POST', `/sim/flows/${flowId}/health`, { status: 'PUBLISHED' });
      expect((await sendFlow({ flow_id: flowId })).status).toBe(200);

      expect((await graph<{ success: boolean }>('POST', `/${flowId}/deprecate`)).body).toEqual({ success: true });
      const again = await graph<GraphError>('POST', `/${flowId}/deprecate`);
      expect(again.body.error).toMatchObject({ code: 139003, error_user_title: 'Flow is already deprecated' });
      const deprecated = await sendFlow({ flow_id: flowId });
      expect(deprecated.status).toBe(400);
      expect(deprecated.body.error?.code).toBe(131009);
      const statuses = (await flowWebhooks(6)).map((value) => `${String(value['old_status'])}>${String(value['new_status'])}`);
      expect(statuses).toEqual(['DRAFT>PUBLISHED', 'PUBLISHED>BLOCKED', 'BLOCKED>PUBLISHED', 'PUBLISHED>THROTTLED', 'THROTTLED>PUBLISHED', 'PUBLISHED>DEPRECATED']);
    });

    it('updates and deletes a draft, clones a Flow, lists with paging, and serves a preview that can be invalidated', async () => {
      const draft = await graph<{ id: string }>('POST', `/${wabaId}/flows`, { body: { name: 'Survei kepuasan', categories: ['SURVEY'] } });
      expect(draft.body).toEqual({ id: expect.stringMatching(/^\d+$/) as unknown });
      expect((await graph<{ success: boolean }>('POST', `/${draft.body.id}`, { body: { name: 'Survei pelanggan', categories: ['SURVEY', 'OTHER'], endpoint_uri: 'https://example.com/flow' } })).body).toEqual({ success: true });
      const read = await graph<FlowView & { endpoint_uri?: string }>('GET', `/${draft.body.id}?fields=name,categories,endpoint_uri`);
      expect(read.body).toEqual({ name: 'Survei pelanggan', categories: ['SURVEY', 'OTHER'], endpoint_uri: 'https://example.com/flow', id: draft.body.id });

      // Listed newest first: the clone comes a second after the draft.
      await kabar.operator('POST', '/sim/clock/advance', { by: '1s' });
      const clone = await graph<{ id: string; validation_errors: ValidationError[] }>('POST', `/${wabaId}/flows`, { body: { name: 'Servis motor v2', categories: ['APPOINTMENT_BOOKING'], clone_flow_id: flowId, publish: true } });
      expect(clone.body.validation_errors).toEqual([]);
      expect((await graph<FlowView>('GET', `/${clone.body.id}?fields=status`)).body.status).toBe('PUBLISHED');

      const first = await graph<{ data: FlowView[]; paging: { cursors: { after: string }; next?: string } }>('GET', `/${wabaId}/flows?limit=2`);
      expect(first.body.data.map((flow) => flow.name)).toEqual(['Servis motor v2', 'Survei pelanggan']);
      expect(first.body.data[0]).toEqual({ id: clone.body.id, name: 'Servis motor v2', status: 'PUBLISHED', categories: ['APPOINTMENT_BOOKING'], validation_errors: [] });
      const next = await fetch(first.body.paging.next ?? '', { headers: kabar.auth });
      expect(((await next.json()) as { data: FlowView[] }).data.map((flow) => flow.name)).toEqual(['Servis motor']);

      const preview = await graph<FlowView>('GET', `/${clone.body.id}?fields=preview.invalidate(false)`);
      const url = preview.body.preview?.preview_url ?? '';
      expect(url.startsWith(`${kabar.baseUrl}/whatsapp_business/flow_preview/${clone.body.id}?`)).toBe(true);
      expect(preview.body.preview?.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Pesan jadwal');
      await graph<FlowView>('GET', `/${clone.body.id}?fields=preview.invalidate(true)`);
      expect((await fetch(url)).status).toBe(404);

      // Form fields as Meta's curl examples send them (-F), categories JSON-encoded; publish only works for a clean Flow JSON.
      const form = new FormData();
      form.set('name', 'Formulir rusak');
      form.set('categories', '["LEAD_GENERATION"]');
      form.set('flow_json', flowJson({ screens: [] }));
      form.set('publish', 'true');
      const broken = await graph<{ id: string; validation_errors: ValidationError[] }>('POST', `/${wabaId}/flows`, { form });
      expect(broken.body.validation_errors.map((error) => error.error)).toEqual(['INVALID_PROPERTY_VALUE']);
      expect((await graph<FlowView>('GET', `/${broken.body.id}?fields=status,categories`)).body).toEqual({ status: 'DRAFT', categories: ['LEAD_GENERATION'], id: broken.body.id });
      expect((await graph<{ success: boolean }>('DELETE', `/${broken.body.id}`)).body).toEqual({ success: true });

      expect((await graph<{ success: boolean }>('DELETE', `/${draft.body.id}`)).body).toEqual({ success: true });
      expect((await graph<GraphError>('GET', `/${draft.body.id}`)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
    });

    it("keeps one business's Flows from another business's token", async () => {
      const as = { token: tenant.token };
      for (const [method, path] of [['GET', `/${flowId}`], ['POST', `/${flowId}/publish`], ['POST', `/${flowId}/deprecate`], ['GET', `/${flowId}/assets`], ['DELETE', `/${flowId}`], ['GET', `/${wabaId}/flows`]] as const) {
        const answer = await graph<GraphError>(method, path, as);
        expect(answer.status, `${method} ${path}`).toBe(400);
        expect(answer.body.error, `${method} ${path}`).toMatchObject({ code: 100, error_subcode: 33 });
      }
      expect((await graph<{ data: FlowView[] }>('GET', `/${tenant.wabaId}/flows`, as)).body.data).toEqual([]);
      // Its own number cannot send the demo's Flow, nor clone it.
      const send = await graph<GraphError>('POST', `/${tenant.phoneNumberId}/messages`, {
        ...as,
        body: { messaging_product: 'whatsapp', to: user, type: 'interactive', interactive: { type: 'flow', body: { text: 'x' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Buka', flow_id: flowId, mode: 'draft', flow_action_payload: { screen: 'BOOKING' } } } } },
      });
      expect(send.status).toBe(400);
      expect(send.body.error.code).toBe(131009);
      const clone = await graph<GraphError>('POST', `/${tenant.wabaId}/flows`, { ...as, body: { name: 'Curian', categories: ['OTHER'], clone_flow_id: flowId } });
      expect(clone.body.error).toMatchObject({ code: 100, error_user_title: 'Flow with specified ID does not exist' });
    });

    it('answers bad input with the Graph error envelope, never a 500', async () => {
      const cases: { method: string; path: string; body?: unknown; form?: FormData; code: number; says?: string }[] = [
        { method: 'POST', path: `/${wabaId}/flows`, body: { categories: ['OTHER'] }, code: 100, says: 'name is required' },
        { method: 'POST', path: `/${wabaId}/flows`, body: { name: 'x', categories: [] }, code: 100, says: 'at least one category' },
        { method: 'POST', path: `/${wabaId}/flows`, body: { name: 'x', categories: ['PAYMENT'] }, code: 100, says: 'PAYMENT' },
        { method: 'POST', path: `/${wabaId}/flows`, body: { name: 'x', categories: 'not json [' }, code: 100 },
        { method: 'POST', path: `/${wabaId}/flows`, body: { name: 'x', categories: ['OTHER'], flow_json: { version: '6.0' } }, code: 100, says: 'flow_json must be a string' },
        { method: 'POST', path: `/${wabaId}/flows`, body: { name: 'x', categories: ['OTHER'], endpoint_uri: 'ftp://nope' }, code: 100 },
        { method: 'POST', path: `/${wabaId}/flows`, body: { name: 'Servis motor', categories: ['OTHER'] }, code: 100 },
        { method: 'POST', path: `/${wabaId}/flows`, body: { name: 'x', categories: ['OTHER'], clone_flow_id: '999999' }, code: 100 },
        { method: 'GET', path: `/${flowId}?fields=colour`, code: 100, says: 'nonexisting field (colour)' },
        { method: 'GET', path: `/${flowId}?fields=preview.invalidate(`, code: 100 },
        { method: 'GET', path: `/${wabaId}/flows?after=bm90LWEtY3Vyc29y`, code: 100 },
        { method: 'POST', path: `/${flowId}/assets`, body: { name: 'flow.json' }, code: 100, says: 'multipart' },
        { method: 'POST', path: `/${flowId}/assets`, form: assetForm('{}', { name: 'other.json', asset_type: 'FLOW_JSON' }), code: 100, says: 'flow.json' },
        { method: 'POST', path: '/123456789/publish', code: 100 },
      ];
      for (const { method, path, body, form, code, says } of cases) {
        const answer = await graph<GraphError>(method, path, { ...(body === undefined ? {} : { body }), ...(form === undefined ? {} : { form }) });
        expect(answer.status, `${method} ${path}`).toBe(400);
        expect(answer.body.error.code, `${method} ${path} ${JSON.stringify(body)}`).toBe(code);
        if (says !== undefined) expect(JSON.stringify(answer.body.error), `${method} ${path}`).toContain(says);
      }
      const unknownFlow = await sendFlow({ flow_id: '424242' });
      expect(unknownFlow.status).toBe(400);
      expect(unknownFlow.body.error?.code).toBe(131009);
      const health = await fetch(`${kabar.baseUrl}/sim/flows/${flowId}/health`, { method: 'POST', headers: { ...kabar.admin, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'BLOCKED' }) });
      expect(health.status).toBe(400);
    });
  });
}
