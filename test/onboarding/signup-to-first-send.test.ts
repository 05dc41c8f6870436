import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { testEpoch, type TestKabar } from '../support/kabar.js';
import { errorOf, isField, startOnboarding, type Client, type SignedUp } from '../support/onboarding.js';
import { isStatus, type WebhookSink } from '../support/webhook-sink.js';

/**
 * A business's first hour on the platform, as Meta's Cloud API would run it: an express signup, a
 * number added, its code received by SMS in the simulator and verified, registration with a two-step
 * PIN, Pending until the Commerce Policy review passes, then Connected and sending.
 */
for (const dialect of dialects) {
  describe(`from express signup to the first send on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let client: Client;
    let close: () => Promise<void>;
    let account: SignedUp;
    let first = '';
    const firstDigits = '6281100002222';
    const send = (from: string, to = '6281200004444') =>
      client.graph('POST', `/${from}/messages`, account.access_token, { messaging_product: 'whatsapp', to, text: { body: 'Halo dari Toko Maju' } });

    beforeAll(async () => {
      ({ t, sink, client, close } = await startOnboarding(dialect));
      account = await client.signup('express', 'Toko Maju');
      await client.subscribe(account, sink);
    });

    afterAll(() => close());

    it('adds a number, verifies it by SMS code, registers it with a PIN, keeps it Pending until its review passes, then sends', async () => {
      const business = (await client.operator('GET', `/admin/businesses/${account.business_id}`)).json<Record<string, unknown>>();
      expect(business).toMatchObject({ signup_mode: 'express', verification_status: 'unverified', max_phone_numbers: 2 });

      const added = await client.addNumber(account, '62', '811-0000-2222', 'Toko Maju');
      expect(added.statusCode).toBe(200);
      first = added.json<{ id: string }>().id;
      const fresh = await client.graph('GET', `/${first}?fields=status,code_verification_status,name_status,platform_type,messaging_limit_tier,is_pin_enabled,display_phone_number`, account.access_token);
      expect(fresh.json()).toEqual({
        id: first,
        status: 'PENDING',
        code_verification_status: 'NOT_VERIFIED',
        name_status: 'PENDING_REVIEW',
        platform_type: 'NOT_APPLICABLE',
        messaging_limit_tier: 'TIER_50',
        is_pin_enabled: false,
        display_phone_number: '+62 811 0000 2222',
      });
      expect(errorOf(await send(first))).toMatchObject({ code: 133010 });

      // The code reaches the simulated line; the inbox shows it as the SMS reads.
      expect((await client.graph('POST', `/${first}/request_code?code_method=SMS&language=en_US`, account.access_token)).json()).toEqual({ success: true });
      const inbox = (await client.operator('GET', `/sim/codes/+${firstDigits}`)).json<{ data: { code: string; method: string; text: string; delivered: boolean }[] }>();
      expect(inbox.data[0]).toMatchObject({ method: 'SMS', delivered: true, text: expect.stringContaining('WhatsApp Business code') as unknown });
      expect((await client.graph('POST', `/${first}/verify_code`, account.access_token, { code: inbox.data[0]?.code })).json()).toEqual({ success: true });
      expect(await client.field(account, first, 'code_verification_status')).toBe('VERIFIED');

      const registered = await client.graph('POST', `/${first}/register`, account.access_token, { messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'ID' });
      expect(registered.json()).toEqual({ success: true });
      const pending = (await client.graph('GET', `/${first}?fields=status,platform_type,is_pin_enabled,last_onboarded_time`, account.access_token)).json<Record<string, unknown>>();
      expect(pending).toMatchObject({ status: 'PENDING', platform_type: 'CLOUD_API', is_pin_enabled: true, last_onboarded_time: '2026-11-25T09:00:00+0000' });
      const locked = await send(first);
      expect(locked.statusCode).toBe(403);
      expect(errorOf(locked)).toMatchObject({ code: 131031, error_data: { details: expect.stringContaining('Commerce Policy review') as unknown } });

      // The simulated Commerce Policy reviewer decides after 10 minutes (Kabar's default).
      await client.advance('9m');
      expect(await client.field(account, first, 'status')).toBe('PENDING');
      await client.advance('1m');
      expect(await client.field(account, first, 'status')).toBe('CONNECTED');
      await sink.next(isField('account_review_update', (value) => value['decision'] === 'APPROVED'));
      const history = (await client.operator('GET', `/admin/phone_numbers/${first}`)).json<{ status_history: { from: string; to: string; event: string; cause: string }[] }>().status_history;
      expect(history).toEqual([expect.objectContaining({ from: 'PENDING', to: 'CONNECTED', event: 'commerce_review_passed', cause: expect.stringContaining('passed its Commerce Policy review') as unknown })]);

      // A customer writes first, so the reply is inside the customer-service window.
      expect((await client.operator('POST', '/sim/messages', { from: '6281200004444', to: first, text: 'Ada stok?' })).statusCode).toBe(200);
      const sent = await send(first);
      expect(sent.statusCode).toBe(200);
      const wamid = sent.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await client.advance('2s');
      await sink.next(isStatus(wamid, 'delivered'));
    });

    it('answers a wrong code with 136025, registration before verification with 133006, and PIN guesses with 133005, 133009 and 133008', async () => {
      const second = (await client.addNumber(account, '62', '8110000 2223', 'Toko Maju Cabang')).json<{ id: string }>().id;
      await client.graph('POST', `/${second}/request_code`, account.access_token, { code_method: 'VOICE', language: 'id' });
      const code = await client.lastCode('6281100002223');
      const wrong = await client.graph('POST', `/${second}/verify_code`, account.access_token, { code: code === '000000' ? '111111' : '000000' });
      expect(errorOf(wrong)).toMatchObject({ code: 136025 });
      expect(errorOf(await client.graph('POST', `/${second}/register`, account.access_token, { messaging_product: 'whatsapp', pin: '111111' }))).toMatchObject({ code: 133006 });
      expect((await client.graph('POST', `/${second}/verify_code`, account.access_token, { code })).statusCode).toBe(200);

      // POST /{phone-number-id} sets the two-step PIN, and Meta tells the WABA.
      expect((await client.graph('POST', `/${second}`, account.access_token, { pin: '111111' })).json()).toEqual({ success: true });
      await sink.next(isField('security', (value) => value['event'] === 'PIN_CHANGED' && value['display_phone_number'] === '6281100002223'));
      const register = (pin: string) => client.graph('POST', `/${second}/register`, account.access_token, { messaging_product: 'whatsapp', pin });
      expect(errorOf(await register('222222'))).toMatchObject({ code: 133005 });
      expect(errorOf(await register('222222'))).toMatchObject({ code: 133009 });
      for (let guess = 2; guess <= 5; guess += 1) {
        await client.advance('11s');
        expect(errorOf(await register('222222'))).toMatchObject({ code: 133005 });
      }
      await client.advance('11s');
      const locked = await register('111111');
      expect(errorOf(locked)).toMatchObject({ code: 133008, error_data: { details: expect.stringContaining('try again in') as unknown } });
      await client.advance('12h');
      expect((await register('111111')).json()).toEqual({ success: true });
    });

    it('refuses the 11th register or deregister call within 72 h with 133016, and accepts it once the first leaves the window', async () => {
      // The first number registered once at the start of the scenario; nine more calls fill the window.
      for (let call = 2; call <= 10; call += 1) {
        await client.advance('1h');
        const edge = call % 2 === 0 ? 'deregister' : 'register';
        const response = await client.graph('POST', `/${first}/${edge}`, account.access_token, edge === 'register' ? { messaging_product: 'whatsapp', pin: '123456' } : {});
        expect(response.statusCode, `${edge} call ${call}`).toBe(200);
      }
      // Deregistered, it is Offline; registered again after a passed review, it is Connected at once.
      expect(await client.field(account, first, 'status')).toBe('DISCONNECTED');
      expect(errorOf(await send(first))).toMatchObject({ code: 133010 });
      const eleventh = await client.graph('POST', `/${first}/register`, account.access_token, { messaging_product: 'whatsapp', pin: '123456' });
      expect(eleventh.statusCode).toBe(400);
      expect(errorOf(eleventh)).toMatchObject({ code: 133016, error_data: { details: expect.stringContaining('10 times in the last 72 hours') as unknown } });
      // The window moves with the simulated clock: one minute before the first call is 72 h old it is still full.
      const firstCallLeavesAt = testEpoch + 72 * 3_600_000;
      await client.advance(`${firstCallLeavesAt - t.clock.now() - 60_000}ms`);
      expect(errorOf(await client.graph('POST', `/${first}/register`, account.access_token, { messaging_product: 'whatsapp', pin: '123456' }))).toMatchObject({ code: 133016 });
      await client.advance('1m');
      expect((await client.graph('POST', `/${first}/register`, account.access_token, { messaging_product: 'whatsapp', pin: '123456' })).json()).toEqual({ success: true });
      expect(await client.field(account, first, 'status')).toBe('CONNECTED');
    });
  });
}
