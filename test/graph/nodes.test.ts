import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { WebhookSink } from '../support/webhook-sink.js';

for (const dialect of dialects) {
  describe(`Graph nodes, tenancy and subscriptions on ${dialect}`, () => {
    let t: TestKabar;
    let other: Tenant;
    let sink: WebhookSink;

    const adminPost = async <Body>(url: string, payload: Record<string, unknown>): Promise<Body> => {
      const response = await t.kabar.app.inject({ method: 'POST', url, headers: t.admin, payload });
      expect(response.statusCode).toBe(201);
      return response.json<Body>();
    };

    beforeAll(async () => {
      t = await startKabar(dialect);
      sink = await WebhookSink.start();
      other = await provisionTenant(t.kabar.app, t.admin, { name: 'Other', phoneNumber: '+62 812 3456 7890' });
    });

    afterAll(async () => {
      await t.close();
      await sink.close();
      await t.database.cleanup();
    });

    const get = (url: string, token = t.demo.accessToken) => t.kabar.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    it('reads the phone number node with Graph field names and honours ?fields', async () => {
      const response = await get(`/v21.0/${t.demo.phoneNumberId}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        id: t.demo.phoneNumberId,
        verified_name: 'Kabar Demo',
        display_phone_number: '+1 555 010 0000',
        quality_rating: 'GREEN',
        code_verification_status: 'VERIFIED',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
      });
      const selected = await get(`/v23.0/${t.demo.phoneNumberId}?fields=status,messaging_limit_tier,name_status`);
      expect(selected.json()).toEqual({ id: t.demo.phoneNumberId, status: 'CONNECTED', messaging_limit_tier: 'TIER_1K', name_status: 'APPROVED' });
      const unknown = await get(`/v23.0/${t.demo.phoneNumberId}?fields=colour`);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<{ error: { code: number; message: string } }>().error).toMatchObject({ code: 100, message: expect.stringContaining('nonexisting field (colour)') as unknown });
    });

    it('reads the WABA node with the fields Graph clients ask for', async () => {
      const all = await get(`/v21.0/${t.demo.wabaId}?fields=id,name,currency,timezone_id,message_template_namespace,account_review_status,ownership_type`);
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json()).toMatchObject({ id: t.demo.wabaId, account_review_status: 'APPROVED', ownership_type: 'SELF', message_template_namespace: expect.any(String) as unknown });
      const defaults = await get(`/v21.0/${t.demo.wabaId}`);
      expect(Object.keys(defaults.json<Record<string, unknown>>()).sort()).toEqual(['currency', 'id', 'message_template_namespace', 'name', 'timezone_id']);
    });

    it('lists the WABA\'s phone numbers in a Graph data/paging envelope', async () => {
      const response = await get(`/v21.0/${t.demo.wabaId}/phone_numbers`);
      const body = response.json<{ data: { id: string }[]; paging: { cursors: { before: string; after: string } } }>();
      expect(body.data.map((number) => number.id)).toEqual([t.demo.phoneNumberId]);
      expect(body.paging.cursors.before.length).toBeGreaterThan(0);
      const mine = await get(`/v21.0/${other.wabaId}/phone_numbers`, other.token);
      expect(mine.json<{ data: { display_phone_number: string }[] }>().data[0]?.display_phone_number).toBe('+62 812 3456 7890');
    });

    it('reads the business portfolio and the WABAs it owns; none is shared with it', async () => {
      const business = await get(`/v21.0/${t.demo.businessId}`);
      expect(business.statusCode).toBe(200);
      expect(business.json()).toEqual({ id: t.demo.businessId, name: expect.any(String) as unknown });
      const detailed = (await get(`/v21.0/${t.demo.businessId}?fields=name,verification_status,created_time,timezone_id`)).json<Record<string, string>>();
      expect(detailed['timezone_id']).toMatch(/^\d+$/);
      const credit = (await get(`/v21.0/${t.demo.businessId}/extendedcredits`)).json<{ data: { id: string; legal_entity_name: string }[] }>();
      expect(credit.data).toEqual([{ id: expect.stringMatching(/^\d{15}$/) as unknown, legal_entity_name: detailed['name'] }]);
      expect((await get(`/v21.0/${other.businessId}/extendedcredits`)).statusCode).toBe(400);
      expect(detailed['verification_status']).toMatch(/^(not_verified|pending|verified|rejected)$/);
      expect(detailed['created_time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      expect((await get(`/v21.0/${t.demo.businessId}?fields=colour`)).json<{ error: { code: number } }>().error.code).toBe(100);

      const owned = (await get(`/v21.0/${t.demo.businessId}/owned_whatsapp_business_accounts`)).json<{ data: { id: string; name: string; currency: string }[]; paging: unknown }>();
      expect(owned.data.map((waba) => waba.id)).toEqual([t.demo.wabaId]);
      expect(owned.data[0]).toMatchObject({ name: expect.any(String) as unknown, currency: expect.any(String) as unknown, message_template_namespace: expect.any(String) as unknown });
      expect(owned.paging).toMatchObject({ cursors: { before: expect.any(String) as unknown, after: expect.any(String) as unknown } });
      expect((await get(`/v21.0/${t.demo.businessId}/owned_whatsapp_business_accounts?fields=name`)).json<{ data: unknown[] }>().data).toEqual([{ name: owned.data[0]?.name, id: t.demo.wabaId }]);
      expect((await get(`/v21.0/${t.demo.businessId}/client_whatsapp_business_accounts`)).json()).toEqual({ data: [] });

      // Another business's portfolio looks like a missing node, on the node and on its edges.
      for (const path of [`/v21.0/${other.businessId}`, `/v21.0/${other.businessId}/owned_whatsapp_business_accounts`, `/v21.0/${other.businessId}/client_whatsapp_business_accounts`]) {
        const refused = await get(path);
        expect(refused.statusCode).toBe(400);
        expect(refused.json<{ error: { code: number; error_subcode: number } }>().error).toMatchObject({ code: 100, error_subcode: 33 });
      }
      expect((await get(`/v21.0/${other.businessId}/owned_whatsapp_business_accounts`, other.token)).json<{ data: { id: string }[] }>().data.map((waba) => waba.id)).toEqual([other.wabaId]);
    });

    it('debugs a token of its own business as Meta\'s access-token debugger does', async () => {
      const debug = async (input: string, token = t.demo.accessToken) => (await get(`/v21.0/debug_token?input_token=${encodeURIComponent(input)}`, token)).json<{ data: Record<string, unknown> }>().data;
      expect(await debug(t.demo.accessToken)).toEqual({
        app_id: t.demo.appId,
        type: 'SYSTEM_USER',
        application: expect.any(String) as unknown,
        data_access_expires_at: 0,
        expires_at: 0,
        is_valid: true,
        issued_at: expect.any(Number) as unknown,
        scopes: expect.arrayContaining(['whatsapp_business_management', 'whatsapp_business_messaging']) as unknown,
        granular_scopes: expect.arrayContaining([{ scope: 'whatsapp_business_messaging', target_ids: [t.demo.wabaId] }]) as unknown,
        user_id: expect.any(String) as unknown,
      });
      // Another business's token, or none at all, is not valid to this caller; nothing about it leaks.
      expect(await debug(other.token)).toEqual({ is_valid: false, error: { code: 190, message: expect.stringContaining('Invalid OAuth access token') as unknown }, scopes: [] });
      expect((await debug('EAAnot-a-token')).is_valid).toBe(false);
      expect((await get('/v21.0/debug_token')).json<{ error: { code: number } }>().error.code).toBe(100);
      expect((await get(`/v21.0/debug_token?input_token=${t.demo.accessToken}`, 'wrong')).statusCode).toBe(401);
    });

    it('answers 100/33 for another business\'s nodes, exactly as for nodes that do not exist', async () => {
      for (const url of [`/v21.0/${other.phoneNumberId}`, `/v21.0/${other.wabaId}/phone_numbers`, `/v21.0/${other.wabaId}/subscribed_apps`, '/v21.0/123456789']) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(400);
        expect(response.json<{ error: { code: number; error_subcode: number; type: string } }>().error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
      }
      const send = await t.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${other.phoneNumberId}/messages`,
        headers: t.auth,
        payload: { messaging_product: 'whatsapp', to: '15550100001', text: { body: 'not mine' } },
      });
      expect(send.json<{ error: { error_subcode: number } }>().error.error_subcode).toBe(33);
    });

    it('refuses another business\'s message as a reply context or a read receipt', async () => {
      const inbound = await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '15550100001', text: 'to the demo number' } });
      const wamid = inbound.json<{ message: { id: string } }>().message.id;
      const headers = { authorization: `Bearer ${other.token}` };
      const url = `/v21.0/${other.phoneNumberId}/messages`;
      const reply = await t.kabar.app.inject({ method: 'POST', url, headers, payload: { messaging_product: 'whatsapp', to: '15550100001', text: { body: 'x' }, context: { message_id: wamid } } });
      expect(reply.json<{ error: { code: number } }>().error.code).toBe(131009);
      const read = await t.kabar.app.inject({ method: 'POST', url, headers, payload: { messaging_product: 'whatsapp', status: 'read', message_id: wamid } });
      expect(read.json<{ error: { code: number } }>().error.code).toBe(131009);
    });

    it('refuses a send with a token that lacks whatsapp_business_messaging (10, 403)', async () => {
      const token = await adminPost<{ access_token: string }>(`/admin/apps/${other.appId}/tokens`, { permissions: ['whatsapp_business_management'] });
      const response = await t.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${other.phoneNumberId}/messages`,
        headers: { authorization: `Bearer ${token.access_token}` },
        payload: { messaging_product: 'whatsapp', to: '15550100001', text: { body: 'x' } },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json<{ error: { code: number } }>().error.code).toBe(10);
    });

    it('accepts the token as an access_token query parameter', async () => {
      const response = await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${t.demo.phoneNumberId}?access_token=${encodeURIComponent(t.demo.accessToken)}` });
      expect(response.statusCode).toBe(200);
    });

    it('subscribes with an override callback only after the hub.challenge handshake succeeds', async () => {
      const url = `/v21.0/${other.wabaId}/subscribed_apps`;
      const headers = { authorization: `Bearer ${other.token}` };
      const refused = await t.kabar.app.inject({ method: 'POST', url, headers, payload: { override_callback_uri: sink.url, verify_token: 'wrong-token' } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { code: number } }>().error.code).toBe(2200);
      expect((await t.kabar.app.inject({ method: 'GET', url, headers })).json()).toEqual({ data: [] });

      const accepted = await t.kabar.app.inject({ method: 'POST', url, headers, payload: { override_callback_uri: sink.url, verify_token: sink.verifyToken } });
      expect(accepted.json()).toEqual({ success: true });
      const listed = await t.kabar.app.inject({ method: 'GET', url, headers });
      expect(listed.json()).toEqual({ data: [{ whatsapp_business_api_data: { id: other.appId, name: 'Other App' }, override_callback_uri: sink.url }] });

      const deleted = await t.kabar.app.inject({ method: 'DELETE', url, headers });
      expect(deleted.json()).toEqual({ success: true });
      expect((await t.kabar.app.inject({ method: 'GET', url, headers })).json()).toEqual({ data: [] });
    });

    it('takes the subscription as form fields too', async () => {
      const url = `/v21.0/${other.wabaId}/subscribed_apps`;
      const headers = { authorization: `Bearer ${other.token}`, 'content-type': 'application/x-www-form-urlencoded' };
      const payload = new URLSearchParams({ override_callback_uri: sink.url, verify_token: sink.verifyToken }).toString();
      expect((await t.kabar.app.inject({ method: 'POST', url, headers, payload })).json()).toEqual({ success: true });
      const listed = await t.kabar.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${other.token}` } });
      expect(listed.json<{ data: { override_callback_uri: string }[] }>().data[0]?.override_callback_uri).toBe(sink.url);
    });

    it('subscribes without a callback override (the app\'s own callback applies)', async () => {
      const url = `/${other.wabaId}/subscribed_apps`;
      const headers = { authorization: `Bearer ${other.token}` };
      expect((await t.kabar.app.inject({ method: 'POST', url, headers })).json()).toEqual({ success: true });
      expect((await t.kabar.app.inject({ method: 'GET', url, headers })).json()).toEqual({ data: [{ whatsapp_business_api_data: { id: other.appId, name: 'Other App' } }] });
    });

    it('guards the admin and simulator APIs with the operator token', async () => {
      for (const headers of [{}, t.auth]) {
        const response = await t.kabar.app.inject({ method: 'POST', url: '/admin/businesses', headers, payload: { name: 'x' } });
        expect(response.statusCode).toBe(401);
        const clock = await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers, payload: { by: '1h' } });
        expect(clock.statusCode).toBe(401);
      }
    });

    it('rejects a bad duration and a bad sim sender without a 500', async () => {
      const clock = await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: 'soon' } });
      expect(clock.statusCode).toBe(400);
      const inbound = await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: 'abc', text: 'x' } });
      expect(inbound.statusCode).toBe(400);
    });
  });
}
