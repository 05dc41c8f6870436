import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { buildApp, type KabarApp } from '../../src/server/index.js';
import { freshDatabase } from '../support/databases.js';
import { adminToken, testEpoch } from '../support/kabar.js';
import { provisionTenant } from '../support/tenant.js';
import { WebhookSink } from '../support/webhook-sink.js';

describe('callbacks on a shared deployment (KABAR_CALLBACK_HOSTS=public)', () => {
  const database = freshDatabase('sqlite');
  const admin = { authorization: `Bearer ${adminToken}` };
  let kabar: KabarApp;
  let sink: WebhookSink;

  beforeAll(async () => {
    kabar = await buildApp({ ...database.options, clock: SimClock.frozenAt(testEpoch), pollIntervalMs: 0, adminToken, callbackPolicy: 'public' });
    sink = await WebhookSink.start();
  });

  afterAll(async () => {
    await kabar.close();
    await sink.close();
    await database.cleanup();
  });

  it('refuses to verify a loopback callback, without calling it', async () => {
    const demo = await kabar.services.ensureDemo(undefined);
    const response = await kabar.app.inject({
      method: 'POST',
      url: `/v21.0/${demo.wabaId}/subscribed_apps`,
      headers: { authorization: `Bearer ${demo.accessToken}` },
      payload: { override_callback_uri: sink.url, verify_token: sink.verifyToken },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: number; error_data: { details: string } } }>().error).toMatchObject({ code: 2200, error_data: { details: expect.stringContaining('private or reserved') as unknown } });
  });

  it('does not deliver to an app callback that points into a private network', async () => {
    const tenant = await provisionTenant(kabar.app, admin, { name: 'Tenant', phoneNumber: '+6281100003333', callbackUrl: sink.url });
    await kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: admin, payload: { from: '6281200004444', to: tenant.phoneNumberId, text: 'hello' } });
    await kabar.services.settle();
    const attempts = await kabar.app.inject({ method: 'GET', url: `/admin/webhooks/attempts?business_id=${tenant.businessId}`, headers: admin });
    expect(attempts.json<{ data: { error: string; response_status: number | null }[] }>().data).toMatchObject([{ response_status: null, error: expect.stringContaining('callback refused') as unknown }]);
    expect(sink.received).toEqual([]);
  });
});
