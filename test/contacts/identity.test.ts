import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { isStatus, statusesOf, type ReceivedWebhook, type WebhookSink } from '../support/webhook-sink.js';

interface MessagesValue {
  contacts?: { wa_id: string; identity_key_hash?: string }[];
  messages?: { from: string; id: string; type: string; text?: { body: string }; system?: Record<string, string> }[];
  statuses?: { id: string; status: string; recipient_identity_key_hash?: string; errors?: { code: number }[] }[];
}

const valueOf = (webhook: ReceivedWebhook): MessagesValue => (webhook.json as { entry: { changes: { value: MessagesValue }[] }[] }).entry[0]?.changes[0]?.value ?? {};

for (const dialect of dialects) {
  describe(`identity change protection on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;
    let business: string;

    const admin = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload }) });
    const graph = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => t.kabar.app.inject({ method, url: `/v21.0${url}`, headers: t.auth, ...(payload === undefined ? {} : { payload }) });
    const send = (to: string, extra: Record<string, unknown> = {}) => graph('POST', `/${t.demo.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Pesanan Anda sudah dikirim' }, ...extra });
    const wamidOf = (response: { json: <T>() => T }): string => response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
    const contactOf = async (waId: string) =>
      (await admin('GET', `/admin/businesses/${business}/contacts?number=${waId}`)).json<{ data: { id: string; wa_id: string; identity: { hash: string | null; pending_change: { hash: string } | null } }[] }>().data[0];
    const inboundFrom = (waId: string, body: string) => (webhook: ReceivedWebhook): boolean => valueOf(webhook).messages?.some((message) => message.from === waId && message.text?.body === body) === true;
    const systemOf = (type: string, from: string) => (webhook: ReceivedWebhook): boolean => valueOf(webhook).messages?.some((message) => message.type === 'system' && message.from === from && message.system?.['type'] === type) === true;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
      business = t.demo.businessId;
    });

    afterAll(() => close());

    it('reads and sets user_identity_change on /{phone-number-id}/settings, under either field name', async () => {
      expect((await graph('GET', `/${t.demo.phoneNumberId}/settings`)).json()).toEqual({ user_identity_change: { enable_identity_key_check: false } });
      expect((await graph('POST', `/${t.demo.phoneNumberId}/settings`, { user_identity_change: { enabled: true } })).json()).toEqual({ success: true });
      expect((await graph('GET', `/${t.demo.phoneNumberId}/settings`)).json()).toEqual({ user_identity_change: { enable_identity_key_check: true } });
      expect((await graph('POST', `/${t.demo.phoneNumberId}/settings`, { user_identity_change: { enable_identity_key_check: false } })).json()).toEqual({ success: true });
      expect((await graph('GET', `/${t.demo.phoneNumberId}/settings`)).json()).toEqual({ user_identity_change: { enable_identity_key_check: false } });
      expect((await graph('POST', `/${t.demo.phoneNumberId}/settings`, { user_identity_change: { enable_identity_key_check: 'maybe' } })).statusCode).toBe(400);
      expect((await graph('POST', `/${t.demo.phoneNumberId}/settings`, {})).statusCode).toBe(400);
      const foreign = await graph('GET', '/999999999999999/settings');
      expect(foreign.json<{ error: { code: number; error_subcode: number } }>().error).toMatchObject({ code: 100, error_subcode: 33 });
    });

    it('shows and sets the same switch per number on /admin/businesses/{id}/identity-check, for the console', async () => {
      const number = { phone_number_id: t.demo.phoneNumberId, display_phone_number: expect.any(String) as unknown };
      expect((await admin('GET', `/admin/businesses/${business}/identity-check`)).json()).toEqual({ data: [{ ...number, enable_identity_key_check: false }] });
      const set = await admin('POST', `/admin/businesses/${business}/identity-check`, { phone_number_id: t.demo.phoneNumberId, enable_identity_key_check: true });
      expect(set.json()).toEqual({ data: [{ ...number, enable_identity_key_check: true }] });
      expect((await graph('GET', `/${t.demo.phoneNumberId}/settings`)).json()).toEqual({ user_identity_change: { enable_identity_key_check: true } });
      expect((await admin('POST', `/admin/businesses/${business}/identity-check`, { phone_number_id: '999999999999999', enable_identity_key_check: false })).json<{ error: { code: number } }>().error.code).toBe(100);
      expect((await admin('POST', `/admin/businesses/${business}/identity-check`, { phone_number_id: t.demo.phoneNumberId, enable_identity_key_check: 'yes' })).statusCode).toBe(400);
      await admin('POST', `/admin/businesses/${business}/identity-check`, { phone_number_id: t.demo.phoneNumberId, enable_identity_key_check: false });
      expect((await graph('GET', `/${t.demo.phoneNumberId}/settings`)).json()).toEqual({ user_identity_change: { enable_identity_key_check: false } });
    });

    it('reinstall → system webhook → a send with the old hash fails with 137000 → the CRM waits for an acknowledgement → sends work again', async () => {
      const user = '6281299990001';
      await graph('POST', `/${t.demo.phoneNumberId}/settings`, { user_identity_change: { enable_identity_key_check: true } });

      // With the check on, the user's hash rides on inbound messages and the CRM contact learns it.
      await admin('POST', '/sim/messages', { from: user, text: 'Halo', name: 'Rina' });
      const inbound = valueOf(await sink.next(inboundFrom(user, 'Halo')));
      const oldHash = inbound.contacts?.[0]?.identity_key_hash ?? '';
      expect(oldHash).toMatch(/^[A-Za-z0-9+/]{11}=$/);
      expect((await contactOf(user))?.identity).toEqual({ hash: oldHash, pending_change: null });

      // Statuses of a send without a hash carry the current one; a send with the right hash goes through.
      const plain = wamidOf(await send(user));
      await admin('POST', '/sim/clock/advance', { by: '1s' });
      expect(statusesOf(await sink.next(isStatus(plain, 'sent')))[0]).toMatchObject({ recipient_identity_key_hash: oldHash });
      const hashed = wamidOf(await send(user, { recipient_identity_key_hash: oldHash }));
      await admin('POST', '/sim/clock/advance', { by: '1s' });
      expect((statusesOf(await sink.next(isStatus(hashed, 'sent')))[0] as { recipient_identity_key_hash?: string } | undefined)?.recipient_identity_key_hash).toBeUndefined();

      // The user reinstalls WhatsApp.
      const reinstalled = (await admin('POST', `/sim/users/${user}/reinstall`)).json<{ identity_key_hash: string }>();
      expect(reinstalled.identity_key_hash).not.toBe(oldHash);
      const system = valueOf(await sink.next(systemOf('customer_identity_changed', user)));
      expect(system.contacts).toBeUndefined();
      expect(system.messages?.[0]?.system).toEqual({ body: `User ${user} changed identity`, identity: reinstalled.identity_key_hash, customer: user, type: 'customer_identity_changed' });

      const stale = await send(user, { recipient_identity_key_hash: oldHash });
      expect(stale.statusCode).toBe(200);
      const failed = statusesOf(await sink.next(isStatus(wamidOf(stale), 'failed')))[0];
      expect(failed?.errors?.[0]?.code).toBe(137000);
      expect((await admin('GET', `/sim/users/${user}/messages?undelivered=true`)).json<{ data: { status: string }[] }>().data.at(-1)?.status).toBe('failed');

      const contact = await contactOf(user);
      expect(contact?.identity.pending_change?.hash).toBe(reinstalled.identity_key_hash);
      const blocked = (await admin('GET', `/admin/businesses/${business}/contacts/${contact?.id}/sendability`)).json<{ allowed: boolean; code: string }>();
      expect(blocked).toMatchObject({ allowed: false, code: 'IDENTITY_UNACKNOWLEDGED' });

      const acknowledged = await admin('POST', `/admin/businesses/${business}/contacts/${contact?.id}/identity/acknowledge`);
      expect(acknowledged.json<{ identity: unknown }>().identity).toEqual({ hash: reinstalled.identity_key_hash, pending_change: null });
      expect((await admin('GET', `/admin/businesses/${business}/contacts/${contact?.id}/sendability`)).json()).toMatchObject({ allowed: true });
      const fresh = wamidOf(await send(user, { recipient_identity_key_hash: reinstalled.identity_key_hash }));
      await admin('POST', '/sim/clock/advance', { by: '2s' });
      await sink.next(isStatus(fresh, 'delivered'));
      const history = (await admin('GET', `/admin/businesses/${business}/contacts/${contact?.id}/history`)).json<{ data: { kind: string }[] }>().data.map((event) => event.kind);
      expect(history).toEqual(['identity_changed', 'identity_acknowledged']);
      expect((await admin('POST', `/admin/businesses/${business}/contacts/${contact?.id}/identity/acknowledge`)).statusCode).toBe(400);
    });

    it('ignores the hash while the check is off', async () => {
      const user = '6281299990002';
      await graph('POST', `/${t.demo.phoneNumberId}/settings`, { user_identity_change: { enable_identity_key_check: false } });
      await admin('POST', '/sim/messages', { from: user, text: 'Pagi' });
      expect(valueOf(await sink.next(inboundFrom(user, 'Pagi'))).contacts?.[0]?.identity_key_hash).toBeUndefined();
      const sent = wamidOf(await send(user, { recipient_identity_key_hash: 'AAAAAAAAAAA=' }));
      await admin('POST', '/sim/clock/advance', { by: '1s' });
      expect((statusesOf(await sink.next(isStatus(sent, 'sent')))[0] as { recipient_identity_key_hash?: string } | undefined)?.recipient_identity_key_hash).toBeUndefined();
    });

    it('tells the business that a user changed number, moves the contact with its history and consent, and the old number leaves WhatsApp', async () => {
      const from = '6281299990003';
      const to = '6281299997777';
      await admin('POST', '/sim/users', { wa_id: from, name: 'Dewi' });
      await admin('POST', '/sim/messages', { from, text: 'Nomor lama' });
      await sink.next(inboundFrom(from, 'Nomor lama'));
      await admin('POST', `/admin/businesses/${business}/consent/opt-ins`, { phone: from, categories: ['marketing'], source: 'web_form', consent_text: 'Ya, kirimi promo' });
      const before = await contactOf(from);

      const moved = await admin('POST', `/sim/users/${from}/change-number`, { new_wa_id: `+${to}` });
      expect(moved.json()).toMatchObject({ wa_id: to, previous_wa_id: from });
      const system = valueOf(await sink.next(systemOf('user_changed_number', from)));
      expect(system.contacts).toBeUndefined();
      expect(system.messages?.[0]?.system).toEqual({ body: `User Dewi changed from ${from} to ${to}`, wa_id: to, type: 'user_changed_number' });

      const after = await contactOf(to);
      expect(after?.id).toBe(before?.id);
      expect(await contactOf(from)).toBeUndefined();
      const history = (await admin('GET', `/admin/businesses/${business}/contacts/${after?.id}/history`)).json<{ data: { kind: string; data: Record<string, string> }[] }>().data;
      expect(history.at(-1)).toMatchObject({ kind: 'number_changed', data: { from, to } });
      const status = (await admin('GET', `/admin/businesses/${business}/consent/status?phone=${to}`)).json<{ marketing: { state: string } | null }>();
      expect(status.marketing?.state).toBe('opted_in');
      const ledger = (await admin('GET', `/admin/businesses/${business}/consent/ledger?phone=${to}`)).json<{ data: { proof: Record<string, string> }[] }>().data;
      expect(ledger[0]?.proof).toMatchObject({ reason: 'user_changed_number', from });

      expect((await admin('POST', '/sim/messages', { from, text: 'still here?' })).statusCode).toBe(400);
      await admin('POST', '/sim/messages', { from: to, text: 'Nomor baru' });
      expect(valueOf(await sink.next(inboundFrom(to, 'Nomor baru'))).contacts?.[0]).toMatchObject({ wa_id: to, profile: { name: 'Dewi' } });
    });
  });
}
