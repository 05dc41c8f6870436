import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { errorOf, isField, startOnboarding, type Client, type SignedUp } from '../support/onboarding.js';
import type { WebhookSink } from '../support/webhook-sink.js';

/** A number that fails its Commerce Policy review goes Offline and may not send (368); a line that cannot receive SMS never gets the code. */
for (const dialect of dialects) {
  describe(`the Commerce Policy review and verification codes on ${dialect}`, () => {
    let sink: WebhookSink;
    let client: Client;
    let close: () => Promise<void>;
    let account: SignedUp;

    beforeAll(async () => {
      ({ sink, client, close } = await startOnboarding(dialect));
      account = await client.signup('express', 'Obat Kuat');
      await client.subscribe(account, sink);
    });

    afterAll(() => close());

    it('takes a number that fails its review Offline, refuses its sends with 368, and connects it when a new review passes', async () => {
      await client.operator('POST', '/admin/onboarding/settings', { reviewers: { commerce_policy: { outcome: 'reject', delay: '5m', reason: 'Sells prescription drugs.' } } });
      const id = (await client.addNumber(account, '62', '81100009101', 'Obat Kuat')).json<{ id: string }>().id;
      await client.verify(account, id, '6281100009101');
      await client.graph('POST', `/${id}/register`, account.access_token, { messaging_product: 'whatsapp', pin: '999888' });
      await client.advance('5m');
      expect((await client.graph('GET', `/${id}?fields=status,platform_type`, account.access_token)).json()).toEqual({ id, status: 'DISCONNECTED', platform_type: 'CLOUD_API' });
      await sink.next(isField('account_review_update', (value) => value['decision'] === 'REJECTED'));
      const feed = (await client.operator('GET', `/admin/notifications?business_id=${account.business_id}&kind=number.review`)).json<{ data: { severity: string; body: string }[] }>().data;
      expect(feed[0]).toMatchObject({ severity: 'critical', body: expect.stringContaining('Sells prescription drugs.') as unknown });
      const refused = await client.graph('POST', `/${id}/messages`, account.access_token, { messaging_product: 'whatsapp', to: '6281200004444', text: { body: 'promo' } });
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused)).toMatchObject({ code: 368, error_data: { details: expect.stringContaining('failed its Commerce Policy review') as unknown } });

      // Registering again asks for a new review; the operator passes it.
      await client.operator('POST', '/admin/onboarding/settings', { reviewers: { commerce_policy: { outcome: 'approve', delay: '10m', reason: null } } });
      await client.graph('POST', `/${id}/register`, account.access_token, { messaging_product: 'whatsapp', pin: '999888' });
      expect(await client.field(account, id, 'status')).toBe('PENDING');
      await client.advance('10m');
      expect(await client.field(account, id, 'status')).toBe('CONNECTED');
      const history = (await client.operator('GET', `/admin/phone_numbers/${id}`)).json<{ status_history: { from: string; to: string; event: string }[] }>().status_history;
      expect(history.map((change) => `${change.from}→${change.to} (${change.event})`)).toEqual([
        'PENDING→CONNECTED (commerce_review_passed)',
        'DISCONNECTED→PENDING (registered)',
        'PENDING→DISCONNECTED (commerce_review_failed)',
      ]);
    });

    it('sends the code into the void when the line cannot receive that way, and by voice when it can', async () => {
      await client.operator('POST', '/sim/accounts/6281100009102', { account: 'none', sms: false });
      const id = (await client.addNumber(account, '62', '81100009102', 'Obat Kuat Cabang')).json<{ id: string }>().id;
      expect((await client.graph('POST', `/${id}/request_code`, account.access_token, { code_method: 'SMS', language: 'id' })).json()).toEqual({ success: true });
      expect((await client.operator('GET', `/sim/codes/${id}`)).json()).toMatchObject({ data: [{ method: 'SMS', delivered: false, code: null, text: null }] });
      await client.graph('POST', `/${id}/request_code`, account.access_token, { code_method: 'VOICE', language: 'id' });
      const inbox = (await client.operator('GET', '/sim/codes/6281100009102')).json<{ data: { method: string; delivered: boolean; code: string }[] }>();
      expect(inbox.data[0]).toMatchObject({ method: 'VOICE', delivered: true });
      // Codes expire after 10 minutes.
      await client.advance('11m');
      expect(errorOf(await client.graph('POST', `/${id}/verify_code`, account.access_token, { code: inbox.data[0]?.code }))).toMatchObject({ code: 136025, error_data: { details: expect.stringContaining('expired') as unknown } });
      expect(errorOf(await client.graph('POST', `/${id}/request_code`, account.access_token, { code_method: 'FAX', language: 'id' }))).toMatchObject({ code: 100 });
    });
  });
}
