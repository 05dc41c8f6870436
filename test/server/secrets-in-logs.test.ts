import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { buildApp, loggerOptions, type KabarApp } from '../../src/server/index.js';
import { freshDatabase } from '../support/databases.js';
import { testEpoch } from '../support/kabar.js';

describe('logs', () => {
  const lines: string[] = [];
  const database = freshDatabase('sqlite');
  let kabar: KabarApp;
  let secrets: string[];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    kabar = await buildApp({ ...database.options, clock: SimClock.frozenAt(testEpoch), pollIntervalMs: 0, adminToken: 'admin-secret-token', logger: { ...loggerOptions('debug'), stream } });
    const demo = await kabar.services.ensureDemo(undefined);
    secrets = [demo.accessToken, demo.appSecret, 'admin-secret-token'];
    const send = { messaging_product: 'whatsapp', to: '15550100001', text: { body: 'x' } };
    await kabar.app.inject({ method: 'POST', url: `/v21.0/${demo.phoneNumberId}/messages`, headers: { authorization: `Bearer ${demo.accessToken}` }, payload: send });
    await kabar.app.inject({ method: 'POST', url: `/v21.0/${demo.phoneNumberId}/messages?access_token=${demo.accessToken}`, payload: send });
    await kabar.app.inject({ method: 'GET', url: `/v21.0/${demo.phoneNumberId}?access_token=${demo.accessToken}` });
    await kabar.app.inject({ method: 'GET', url: '/admin/webhooks/outbox', headers: { authorization: 'Bearer admin-secret-token' } });
    await kabar.app.inject({ method: 'GET', url: `/admin/webhooks/outbox?access_token=admin-secret-token` });
  });

  afterAll(async () => {
    await kabar.close();
    await database.cleanup();
  });

  it('record the requests', () => {
    expect(lines.some((line) => line.includes('/messages'))).toBe(true);
    expect(lines.some((line) => line.includes('access_token=[redacted]'))).toBe(true);
  });

  it('never contain a token or the app secret', () => {
    for (const secret of secrets) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
