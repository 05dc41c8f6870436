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
 * started in the test, on both engines: simulated users blocking a number bring its quality to Low
 * and the number to Flagged, and the limits engine's own notifications reach the business's
 * registered address with their subjects and numbers; a kind the business turned off for a channel
 * is not told there, and a kind Kabar never tells is refused; a failing SMTP server delays the
 * e-mail, never loses it, and its password never reaches a log line or the stored error.
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
    let business = { business_id: '', waba_id: '', access_token: '' };
    let phoneNumberId = '';

    const admin = async (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ status: number; json: unknown }> => {
      const response = await kabar.app.inject({ method, url, headers: { authorization: `Bearer ${adminToken}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
      return { status: response.statusCode, json: response.json() };
    };

    /** Tells a notification of a real kind by hand, for the tests about channels rather than about what causes it. */
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

    it("e-mails the limits engine's quality and flag notifications when users' blocks bring the number to Low and Flagged", { timeout: 60_000 }, async () => {
      const added = await admin('POST', `/admin/wabas/${business.waba_id}/phone_numbers`, { phone_number: '+6281210002000', verified_name: 'Toko Maju' });
      expect(added.status).toBeLessThan(300);
      phoneNumberId = (added.json as { id: string }).id;
      expect((await admin('POST', `/admin/phone_numbers/${phoneNumberId}/throughput`, { level: 'UNLIMITED' })).status).toBe(200);
      expect((await admin('POST', `/admin/phone_numbers/${phoneNumberId}/escalation_path`, { kind: 'email', value: 'cs@toko-maju.test' })).status).toBe(200);
      const customers = Array.from({ length: 40 }, (_, index) => String(6281300000000 + index));
      for (const to of customers) {
        const sent = await kabar.app.inject({
          method: 'POST',
          url: `/v21.0/${phoneNumberId}/messages`,
          headers: { authorization: `Bearer ${business.access_token}` },
          payload: { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
        });
        expect(sent.statusCode, sent.body).toBe(200);
      }
      for (const waId of customers.slice(0, 20)) expect((await admin('POST', `/sim/users/${waId}/block`, { phone_number_id: phoneNumberId })).status).toBe(200);
      // The number is rated again in the hour after a block.
      await admin('POST', '/sim/clock/advance', { by: '1h' });
      await kabar.services.settle();

      const limits = (await admin('GET', `/admin/phone_numbers/${phoneNumberId}/limits`)).json as { messaging_limit_tier: string; status: string; quality_rating: string; quality: { score: number } };
      expect(limits).toMatchObject({ messaging_limit_tier: 'TIER_50', status: 'FLAGGED', quality_rating: 'RED' });
      const { score } = limits.quality;
      expect(score).toBeLessThan(60);

      const quality = await smtp.next((mail) => mail.subject === '[Kabar] Quality of +62 812 1000 2000 is Low');
      expect(quality.to).toEqual(['owner@toko-maju.test']);
      expect(quality.from).toBe('notices@kabar.test');
      expect(quality.text).toContain('Quality of +62 812 1000 2000 is now Low (was High): ');
      expect(quality.text).toContain(`score ${score}/100 (High ≥ 80, Medium ≥ 60): 20 blocks (20 in the last 24 h) out of 100 recipients`);
      expect(quality.text).toContain('display phone number: 6281210002000');
      expect(quality.text).toContain('quality rating: RED');
      expect(quality.text).toContain('previous quality rating: GREEN');
      expect(quality.text).toContain(`score: ${score}`);
      expect(quality.text).toContain('messaging limit tier: TIER_50');
      expect(quality.text).toContain(`Business: Toko Maju (${business.business_id})`);
      expect(quality.text).toContain(`Phone number id: ${phoneNumberId}`);
      expect(quality.text).toContain('Notification: limits.quality (warning)');

      const flagged = await smtp.next((mail) => mail.subject === '[Kabar] +62 812 1000 2000 is Flagged: its quality is Low');
      expect(flagged.to).toEqual(['owner@toko-maju.test']);
      expect(flagged.text).toContain('+62 812 1000 2000 is Flagged: its quality is Low. If quality is back to Medium or High by 2026-12-02T10:00:00.000Z, it returns to Connected at 50; otherwise to Connected one tier lower (1,000).');
      expect(flagged.text).toContain('event: FLAGGED');
      expect(flagged.text).toContain('current limit: TIER_50');
      expect(flagged.text).toContain('quality rating: RED');
      expect(flagged.text).toContain(`score: ${score}`);
      expect(flagged.text).toContain('Notification: limits.flagged (warning)');

      const sent = await emails();
      expect(sent.filter((email) => email.kind.startsWith('limits.')).map((email) => [email.kind, email.status, email.attempts])).toEqual(
        expect.arrayContaining([['limits.quality', 'sent', 1], ['limits.flagged', 'sent', 1]]),
      );
    });

    it('does not e-mail a kind the business turned off, and keeps it in the feed and the other kinds in the mail', async () => {
      const changed = await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'limits.quality', email: false });
      expect(changed.json).toMatchObject({ email_address: 'owner@toko-maju.test', email_enabled: true, kinds: { 'limits.quality': { webhook: true, feed: true, email: false } } });
      expect((changed.json as { known_kinds: string[] }).known_kinds).toEqual(expect.arrayContaining(['limits.quality', 'limits.flagged', 'limits.downgrade', 'limits.restricted', 'limits.human_escalation_path_missing']));
      const before = smtp.mails.length;
      await tell({ kind: 'limits.quality', phoneNumberId, title: 'Quality of +62 812 1000 2000 is Medium', data: { quality_rating: 'YELLOW', score: 70 } });
      await tell({ kind: 'limits.unflagged', phoneNumberId, title: '+62 812 1000 2000 is Connected again', data: { event: 'UNFLAGGED', current_limit: 'TIER_50' } });
      await smtp.next((mail) => mail.subject === '[Kabar] +62 812 1000 2000 is Connected again');
      expect(smtp.mails.slice(before).map((mail) => mail.subject)).toEqual(['[Kabar] +62 812 1000 2000 is Connected again']);
      const feed = (await admin('GET', `/admin/notifications?business_id=${business.business_id}&kind=limits.quality`)).json as { data: { title: string }[] };
      expect(feed.data.map((entry) => entry.title)).toEqual(['Quality of +62 812 1000 2000 is Medium', 'Quality of +62 812 1000 2000 is Low']);
    });

    it('leaves a kind out of the feed, or its webhook out of the outbox, when the business turned that channel off', async () => {
      await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'limits.restricted', feed: false });
      await tell({ kind: 'limits.restricted', phoneNumberId, title: 'Phone number restricted', data: { status: 'RESTRICTED' } });
      await smtp.next((mail) => mail.subject === '[Kabar] Phone number restricted');
      const feed = (await admin('GET', `/admin/notifications?business_id=${business.business_id}&kind=limits.restricted`)).json as { data: unknown[] };
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
        const records = await notify(kabar.services, { businessId: demo.businessId, wabaId: demo.wabaId, kind: 'limits.increased_capabilities_eligibility_deferred', severity: 'warning', title: marker, body: marker, webhook: { field: 'account_alerts', value: alert(marker) } }, kabar.services.clock.now());
        await kabar.services.committer.commit(unitOf(records));
        await kabar.services.settle();
      };
      const outboxHas = async (marker: string): Promise<boolean> =>
        ((await admin('GET', '/admin/webhooks/outbox?limit=1000')).json as { data: { body: unknown }[] }).data.some((row) => JSON.stringify(row.body).includes(marker));
      await tellDemo('WEBHOOK_ON_MARKER');
      expect(await outboxHas('WEBHOOK_ON_MARKER')).toBe(true);
      await admin('POST', `/admin/businesses/${demo.businessId}/notification-preferences`, { kind: 'limits.increased_capabilities_eligibility_deferred', webhook: false });
      await tellDemo('WEBHOOK_OFF_MARKER');
      expect(await outboxHas('WEBHOOK_OFF_MARKER')).toBe(false);
      const demoFeed = (await admin('GET', `/admin/notifications?business_id=${demo.businessId}&kind=limits.increased_capabilities_eligibility_deferred`)).json as { data: { title: string }[] };
      expect(demoFeed.data.map((entry) => entry.title)).toContain('WEBHOOK_OFF_MARKER');
      // The demo business has no registered address: nothing is e-mailed for it.
      expect(smtp.mails.some((mail) => mail.subject.includes('MARKER'))).toBe(false);

      expect((await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'limits.restricted', sms: true })).status).toBe(400);
      expect((await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind: 'limits.restricted' })).status).toBe(400);
    });

    it('refuses a kind Kabar never tells, naming the kinds it does', async () => {
      for (const kind of ['phone_number_quality_update', 'account_alerts', 'limits.qualiti']) {
        const refused = await admin('POST', `/admin/businesses/${business.business_id}/notification-preferences`, { kind, email: false });
        expect(refused.status).toBe(400);
        const { error } = refused.json as { error: { code: number; message: string; error_data: { details: string } } };
        expect(error.code).toBe(100);
        expect(error.error_data.details).toContain(`Unknown notification kind '${kind}'. Kabar tells these kinds: business.signup, business.verification,`);
        expect(error.error_data.details).toContain('limits.quality, limits.flagged, limits.unflagged, limits.upgrade, limits.downgrade, limits.restricted, limits.human_escalation_path_missing,');
      }
      const shown = (await admin('GET', `/admin/businesses/${business.business_id}/notification-preferences`)).json as { kinds: Record<string, unknown> };
      expect(Object.keys(shown.kinds).sort()).toEqual(['limits.quality', 'limits.restricted']);
    });

    it('keeps an e-mail the SMTP server refuses and sends it once the server is back, never writing the password anywhere', async () => {
      smtp.failing = true;
      const before = smtp.mails.length;
      await tell({ kind: 'limits.downgrade', phoneNumberId, title: 'Messaging limit lowered', data: { current_limit: 'TIER_1K', old_limit: 'TIER_10K' } });
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
      expect(JSON.parse(shown.stdout)).toMatchObject({ default: { webhook: true, feed: true, email: true }, kinds: { 'limits.quality': { email: false }, 'template.status': { email: false } } });
      const refused = await run('notifications', 'preferences', business.business_id, 'phone_number_quality_update', '--email', 'off');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("Unknown notification kind 'phone_number_quality_update'. Kabar tells these kinds: business.signup,");
      expect(refused.stderr).toContain('limits.quality, limits.flagged,');
    }, 60_000);
  });
}
