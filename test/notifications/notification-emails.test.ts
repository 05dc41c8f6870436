import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, type NotifyInput } from '../../src/core/notifications/index.js';
import { SimClock, unitOf } from '../../src/core/shared/index.js';
import type { DemoCredentials } from '../../src/core/onboarding/index.js';
import { buildApp, loggerOptions, type KabarApp } from '../../src/server/index.js';
import { dialects, freshDatabase, type TestDatabase } from '../support/databases.js';
import { testEpoch } from '../support/kabar.js';
import { TestSmtpServer } from '../support/smtp-server.js';
import { WebhookSink } from '../support/webhook-sink.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kabar.js');
const adminToken = 'mail-test-admin-token';
const password = 'p@ss w0rd/Sekr3t';

interface EmailView {
  readonly id: string;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly status: string;
  readonly attempts: number;
  readonly last_error: string | null;
}

/**
 * Notifications by e-mail over SMTP (`KABAR_SMTP_URL`, sent with nodemailer) to a real SMTP server
 * started in the test, on both engines: a quality notification told through notify() reaches the
 * business's registered address with its subject and numbers; a kind the business turned off for a
 * channel is not told there; a failing SMTP server delays the e-mail, never loses it, and its
 * password never reaches a log line or the stored error.
 */
for (const dialect of dialects) {
  describe(`notification e-mails on ${dialect}`, () => {
    const lines: string[] = [];
    let database: TestDatabase;
    let smtp: TestSmtpServer;
    let sink: WebhookSink;
    let kabar: KabarApp;
    let demo: DemoCredentials;
    let baseUrl = '';
    let business = { business_id: '', waba_id: '' };

    const admin = async (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ status: number; json: unknown }> => {
      const response = await kabar.app.inject({ method, url, headers: { authorization: `Bearer ${adminToken}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
      return { status: response.statusCode, json: response.json() };
    };

    async function tell(input: Partial<NotifyInput> & Pick<NotifyInput, 'kind' | 'title'>): Promise<void> {
      const records = await notify(
        kabar.services,
        { businessId: business.business_id, wabaId: business.waba_id, severity: 'warning', body: 'Something happened.', ...input },
        kabar.services.clock.now(),
      );
      await kabar.services.committer.commit(unitOf(records));
      await kabar.services.settle();
    }

    const emails = async (): Promise<EmailView[]> => ((await admin('GET', `/admin/notifications/emails?business_id=${business.business_id}`)).json as { data: EmailView[] }).data;

    beforeAll(async () => {
      database = freshDatabase(dialect);
      smtp = await TestSmtpServer.start('kabar-mailer', password);
      sink = await WebhookSink.start();
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      kabar = await buildApp({
        ...database.options,
        clock: SimClock.frozenAt(testEpoch),
        pollIntervalMs: 0,
        adminToken,
        logger: { ...loggerOptions('debug'), stream },
        smtpUrl: smtp.url,
        emailFrom: 'Kabar Notices <notices@kabar.test>',
      });
      demo = await kabar.services.ensureDemo(undefined);
      const signup = await admin('POST', '/admin/signups', { mode: 'express', business_name: 'Toko Maju', email: 'owner@toko-maju.test' });
      expect(signup.status).toBe(201);
      business = signup.json as typeof business;
      await kabar.app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(kabar.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await kabar.close();
      await smtp.close();
      await sink.close();
      await database.cleanup();
    });

    it('e-mails a quality notification to the registered address, with its subject and numbers', async () => {
      await tell({
        kind: 'phone_number_quality_update',
        phoneNumberId: '106540352242922',
        title: 'Quality of +62 812-1000-2000 is Low: the number is Flagged',
        body: 'Blocks by 12 of 400 users in 7 days brought the quality rating to RED; the messaging limit stays at 10K unless quality recovers within 7 days.',
        data: { display_phone_number: '6281210002000', event: 'FLAGGED', current_limit: 'TIER_10K', quality_rating: 'RED' },
        webhook: { field: 'phone_number_quality_update', value: { display_phone_number: '6281210002000', event: 'FLAGGED', current_limit: 'TIER_10K' } },
      });
      const mail = await smtp.next((candidate) => candidate.subject.includes('Flagged'));
      expect(mail.to).toEqual(['owner@toko-maju.test']);
      expect(mail.from).toBe('notices@kabar.test');
      expect(mail.subject).toBe('[Kabar] Quality of +62 812-1000-2000 is Low: the number is Flagged');
      expect(mail.text).toContain('Blocks by 12 of 400 users in 7 days brought the quality rating to RED');
      expect(mail.text).toContain('display phone number: 6281210002000');
      expect(mail.text).toContain('current limit: TIER_10K');
      expect(mail.text).toContain('event: FLAGGED');
      expect(mail.text).toContain(`Business: Toko Maju (${business.business_id})`);
      expect(mail.text).toContain('Notification: phone_number_quality_update (warning)');
      const [sent] = await emails();
      expect(sent).toMatchObject({ kind: 'phone_number_quality_update', to: 'owner@toko-maju.test', status: 'sent', attempts: 1, last_error: null });
    });

    it('does not e-mail a kind the business turned off, and keeps it in the feed and the other kinds in the mail', async () => {
      const changed = await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'phone_number_quality_update', email: false });
      expect(changed.json).toMatchObject({ email_address: 'owner@toko-maju.test', email_enabled: true, kinds: { phone_number_quality_update: { webhook: true, feed: true, email: false } } });
      const before = smtp.mails.length;
      await tell({ kind: 'phone_number_quality_update', title: 'Quality of +62 812-1000-2000 is Medium again', data: { current_limit: 'TIER_10K' } });
      await tell({ kind: 'account_alerts', title: 'Profile picture lost', data: { alert_type: 'PROFILE_PICTURE_LOST' } });
      await smtp.next((mail) => mail.subject === '[Kabar] Profile picture lost');
      expect(smtp.mails.slice(before).map((mail) => mail.subject)).toEqual(['[Kabar] Profile picture lost']);
      const feed = (await admin('GET', `/admin/notifications?business_id=${business.business_id}&kind=phone_number_quality_update`)).json as { data: { title: string }[] };
      expect(feed.data.map((entry) => entry.title)).toContain('Quality of +62 812-1000-2000 is Medium again');
    });

    it('leaves a kind out of the feed, or its webhook out of the outbox, when the business turned that channel off', async () => {
      await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'account_update', feed: false });
      await tell({ kind: 'account_update', title: 'Partner added', data: { event: 'PARTNER_ADDED' } });
      await smtp.next((mail) => mail.subject === '[Kabar] Partner added');
      const feed = (await admin('GET', `/admin/notifications?business_id=${business.business_id}&kind=account_update`)).json as { data: unknown[] };
      expect(feed.data).toEqual([]);

      // The demo WABA has a subscriber: the webhook goes to its outbox unless the demo business turned it off.
      const subscribed = await kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${demo.wabaId}/subscribed_apps`,
        headers: { authorization: `Bearer ${demo.accessToken}` },
        payload: { override_callback_uri: sink.url, verify_token: sink.verifyToken },
      });
      expect(subscribed.statusCode).toBe(200);
      const alert = (marker: string) => ({ entity_type: 'BUSINESS', entity_id: demo.businessId, alert_info: { alert_severity: 'WARNING', alert_status: 'ACTIVE', alert_type: marker, alert_description: marker } });
      const tellDemo = async (marker: string): Promise<void> => {
        const records = await notify(kabar.services, { businessId: demo.businessId, wabaId: demo.wabaId, kind: 'account_alerts', severity: 'warning', title: marker, body: marker, webhook: { field: 'account_alerts', value: alert(marker) } }, kabar.services.clock.now());
        await kabar.services.committer.commit(unitOf(records));
        await kabar.services.settle();
      };
      const outboxHas = async (marker: string): Promise<boolean> =>
        ((await admin('GET', '/admin/webhooks/outbox?limit=1000')).json as { data: { body: unknown }[] }).data.some((row) => JSON.stringify(row.body).includes(marker));
      await tellDemo('WEBHOOK_ON_MARKER');
      expect(await outboxHas('WEBHOOK_ON_MARKER')).toBe(true);
      await admin('POST', `/admin/businesses/${demo.businessId}/notification-preferences`, { kind: 'account_alerts', webhook: false });
      await tellDemo('WEBHOOK_OFF_MARKER');
      expect(await outboxHas('WEBHOOK_OFF_MARKER')).toBe(false);
      const demoFeed = (await admin('GET', `/admin/notifications?business_id=${demo.businessId}&kind=account_alerts`)).json as { data: { title: string }[] };
      expect(demoFeed.data.map((entry) => entry.title)).toContain('WEBHOOK_OFF_MARKER');
      // The demo business has no registered address: nothing is e-mailed for it.
      expect(smtp.mails.some((mail) => mail.subject.includes('MARKER'))).toBe(false);

      expect((await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'account_update', sms: true })).status).toBe(400);
      expect((await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'account_update' })).status).toBe(400);
    });

    it('keeps an e-mail the SMTP server refuses and sends it once the server is back, never writing the password anywhere', async () => {
      smtp.failing = true;
      const before = smtp.mails.length;
      await tell({ kind: 'account_alerts', title: 'Messaging limit lowered', data: { current_limit: 'TIER_1K', old_limit: 'TIER_10K' } });
      const [waiting] = await emails();
      expect(waiting).toMatchObject({ subject: '[Kabar] Messaging limit lowered', status: 'pending', attempts: 1 });
      expect(waiting?.last_error).toContain('451');
      smtp.failing = false;
      await kabar.services.settle();
      expect(smtp.mails.length).toBe(before);
      await admin('POST', '/sim/clock/advance', { by: '5s' });
      await kabar.services.settle();
      const mail = await smtp.next((candidate) => candidate.subject === '[Kabar] Messaging limit lowered');
      expect(mail.text).toContain('current limit: TIER_1K');
      expect(mail.text).toContain('old limit: TIER_10K');
      expect((await emails())[0]).toMatchObject({ status: 'sent', attempts: 2 });

      expect(lines.some((line) => line.includes('could not be sent'))).toBe(true);
      for (const secret of [password, encodeURIComponent(password)]) {
        expect(lines.filter((line) => line.includes(secret))).toEqual([]);
        expect(JSON.stringify(await emails())).not.toContain(secret);
      }
    });

    it('shows and changes the preferences with kabar notifications preferences', async () => {
      const run = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
        new Promise((resolve) => {
          execFile(process.execPath, [bin, ...args], { env: { ...process.env, KABAR_URL: baseUrl, KABAR_ADMIN_TOKEN: adminToken } }, (error, stdout, stderr) =>
            resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
          );
        });
      const changed = await run('notifications', 'preferences', business.business_id, 'template.status', '--email', 'off', '--webhook', 'off');
      expect(changed.code, changed.stderr).toBe(0);
      expect(JSON.parse(changed.stdout)).toMatchObject({ kinds: { 'template.status': { webhook: false, feed: true, email: false } } });
      const shown = await run('notifications', 'preferences', business.business_id);
      expect(JSON.parse(shown.stdout)).toMatchObject({ default: { webhook: true, feed: true, email: true }, kinds: { phone_number_quality_update: { email: false }, 'template.status': { email: false } } });
    }, 60_000);
  });
}
