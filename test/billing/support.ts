import { expect } from 'vitest';
import { decodeWamid } from '../../src/wire/index.js';
import type { TestKabar } from '../support/kabar.js';

export const promo = {
  name: 'weekend_promo',
  language: 'id',
  category: 'MARKETING',
  components: [{ type: 'BODY', text: 'Halo {{1}}, semua sepatu diskon 30% sampai hari Minggu. Kunjungi toko kami atau pesan lewat WhatsApp.', example: { body_text: [['Siti']] } }],
};

export interface StatusView {
  readonly id: string;
  readonly status: string;
  readonly timestamp: string;
  readonly conversation?: { readonly id: string; readonly expiration_timestamp?: string; readonly origin: { readonly type: string } };
  readonly pricing?: { readonly billable: boolean; readonly pricing_model: string; readonly category: string; readonly type?: string };
}

export interface ChargeView {
  readonly business_id: string;
  readonly waba_id: string;
  readonly phone_number_id: string;
  readonly key: string;
  readonly unit: string;
  readonly conversation_id: string | null;
  readonly message_id: string;
  readonly wa_id: string;
  readonly pricing_model: string;
  readonly category: string;
  readonly type: string | null;
  readonly market: string;
  readonly currency: string;
  readonly rate: number;
  readonly amount: number;
  readonly billable: boolean;
  readonly reason: string | null;
  readonly rate_card: string;
  readonly at: string;
  readonly starts_at: string | null;
  readonly ends_at: string | null;
}

/** Approves Kabar's marketing template at once (review delay 0). */
export async function approvePromo(t: TestKabar): Promise<void> {
  await t.kabar.app.inject({ method: 'POST', url: '/admin/templates/review-settings', headers: t.admin, payload: { delay_ms: 0 } });
  const created = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.wabaId}/message_templates`, headers: t.auth, payload: promo });
  expect(created.json()).toMatchObject({ status: 'APPROVED' });
}

export async function usePricing(t: TestKabar, pricing: '2022-02' | '2025-07'): Promise<void> {
  const response = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/policy`, headers: t.admin, payload: { pricing } });
  expect(response.statusCode).toBe(200);
}

async function send(t: TestKabar, payload: Record<string, unknown>): Promise<string> {
  const response = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', ...payload } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
}

export const sendText = (t: TestKabar, to: string, body: string): Promise<string> => send(t, { to, type: 'text', text: { body } });
export const sendMarketing = (t: TestKabar, to: string): Promise<string> =>
  send(t, { to, type: 'template', template: { name: 'weekend_promo', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kak' }] }] } });
export const sendUtility = (t: TestKabar, to: string): Promise<string> => send(t, { to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });

/** Every status webhook in the delivery log, by wamid and status. */
export async function statuses(t: TestKabar): Promise<Map<string, StatusView>> {
  const response = await t.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/outbox?limit=1000', headers: t.admin });
  const found = new Map<string, StatusView>();
  for (const row of response.json<{ data: { body: { entry: { changes: { value: { statuses?: StatusView[] } }[] }[] } }[] }>().data) {
    for (const entry of row.body.entry) for (const change of entry.changes) for (const status of change.value.statuses ?? []) found.set(`${status.id}|${status.status}`, status);
  }
  return found;
}

export async function ledger(t: TestKabar, from = '2026-01-01', to = '2027-01-01'): Promise<ChargeView[]> {
  const response = await t.kabar.app.inject({ method: 'GET', url: `/admin/billing/ledger?from=${from}&to=${to}&business_id=${t.demo.businessId}`, headers: t.admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ data: ChargeView[] }>().data;
}

/** The message key a wamid names. */
export function keyOf(wamid: string): string {
  return decodeWamid(wamid)?.key ?? '';
}

export const seconds = (at: number): string => String(Math.floor(at / 1000));
