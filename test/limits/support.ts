import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import type { TestKabar } from '../support/kabar.js';

export interface LimitsView {
  readonly policy: string;
  readonly messaging_limit_tier: string;
  readonly limit: number | null;
  readonly unique_recipients_24h: number;
  readonly unique_recipients_7d: number;
  readonly free_slots: number | null;
  readonly next_release: { readonly at: string; readonly slots: number; readonly in: string } | null;
  readonly status: string;
  readonly quality_rating: string;
  readonly quality: { readonly score: number; readonly rating: string; readonly explanation: string };
  readonly escalation_path: { readonly kind: string } | null;
  readonly explanation: string;
  readonly history: readonly { readonly kind: string; readonly from: string; readonly to: string; readonly cause: string }[];
}

let counter = 0;

/** A business of its own (unverified, trial tier), its number Connected and an app token. */
export async function tenant(t: TestKabar, name: string, options: { readonly policy?: string; readonly verified?: boolean; readonly escalation?: boolean; readonly callbackUrl?: string } = {}): Promise<Tenant> {
  counter += 1;
  const created = await provisionTenant(t.kabar.app, t.admin, { name, phoneNumber: `+1555077${String(counter).padStart(4, '0')}`, ...(options.callbackUrl === undefined ? {} : { callbackUrl: options.callbackUrl }) });
  // The tests send hundreds of templates in a moment of simulated time: far over the 80 messages a
  // second of a STANDARD number. They are about messaging limits, so the number is at UNLIMITED.
  const level = await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${created.phoneNumberId}/throughput`, headers: t.admin, payload: { level: 'UNLIMITED' } });
  expect(level.statusCode, level.body).toBe(200);
  if (options.policy !== undefined) await choosePolicy(t, created, options.policy);
  if (options.verified === true) await verify(t, created);
  if (options.escalation !== false) {
    const declared = await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${created.phoneNumberId}/escalation_path`, headers: t.admin, payload: { kind: 'email', value: 'help@example.com' } });
    expect(declared.statusCode).toBe(200);
  }
  return created;
}

/** Puts the tenant's business on a limits profile (`2022-01`, `2022-09`, `2023-10`, `2025-10`). */
export async function choosePolicy(t: TestKabar, business: Tenant, limits: string): Promise<void> {
  const chosen = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${business.businessId}/policy`, headers: t.admin, payload: { limits } });
  expect(chosen.statusCode, chosen.body).toBe(200);
}

/** A second number in the tenant's WABA (so in its portfolio), at UNLIMITED throughput with an escalation path. */
export async function secondNumber(t: TestKabar, business: Tenant, phoneNumber: string): Promise<Tenant> {
  const added = await t.kabar.app.inject({ method: 'POST', url: `/admin/wabas/${business.wabaId}/phone_numbers`, headers: t.admin, payload: { phone_number: phoneNumber, verified_name: 'Nomor Kedua' } });
  expect(added.statusCode, added.body).toBeLessThan(300);
  const id = added.json<{ id: string }>().id;
  expect((await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${id}/throughput`, headers: t.admin, payload: { level: 'UNLIMITED' } })).statusCode).toBe(200);
  expect((await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${id}/escalation_path`, headers: t.admin, payload: { kind: 'agent_handover' } })).statusCode).toBe(200);
  return { ...business, phoneNumberId: id };
}

export async function verify(t: TestKabar, business: Tenant): Promise<void> {
  const asked = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${business.businessId}/verification`, headers: t.admin, payload: { documents: [{ type: 'business_registration', name: 'akta.pdf' }] } });
  expect(asked.statusCode).toBeLessThan(300);
  const review = asked.json<{ id: string }>().id;
  const decided = await t.kabar.app.inject({ method: 'POST', url: `/admin/reviews/${review}/decision`, headers: t.admin, payload: { decision: 'approve' } });
  expect(decided.statusCode).toBe(200);
  await t.kabar.services.settle();
}

/** A user of the simulated network: digits of a fake number, distinct per (base, index). */
export const user = (base: number, index: number): string => String(base + index);

export function sendTemplate(t: TestKabar, business: Tenant, to: string): Promise<LightMyRequestResponse> {
  return t.kabar.app.inject({
    method: 'POST',
    url: `/v21.0/${business.phoneNumberId}/messages`,
    headers: { authorization: `Bearer ${business.token}` },
    payload: { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
  });
}

/** Sends the template to `count` users from `first` on, 50 at a time; every send must go through. */
export async function sendToMany(t: TestKabar, business: Tenant, first: number, count: number): Promise<void> {
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, index) => sendTemplate(t, business, user(first, start + index)));
    for (const response of await Promise.all(batch)) expect(response.statusCode, response.body).toBe(200);
  }
}

export async function limitsOf(t: TestKabar, business: Tenant): Promise<LimitsView> {
  const response = await t.kabar.app.inject({ method: 'GET', url: `/admin/phone_numbers/${business.phoneNumberId}/limits`, headers: t.admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<LimitsView>();
}

export async function graphNumber(t: TestKabar, business: Tenant, fields: string): Promise<Record<string, unknown>> {
  const response = await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${business.phoneNumberId}?fields=${fields}`, headers: { authorization: `Bearer ${business.token}` } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Record<string, unknown>>();
}

export function errorOf(response: LightMyRequestResponse): { code: number; message: string; error_data?: { details: string } } {
  return response.json<{ error: { code: number; message: string; error_data?: { details: string } } }>().error;
}

/** A simulated user acts on a business number (block, report, stop-marketing). */
export async function userActs(t: TestKabar, business: Tenant, action: 'block' | 'report' | 'stop-marketing', waId: string): Promise<void> {
  const response = await t.kabar.app.inject({ method: 'POST', url: `/sim/users/${waId}/${action}`, headers: t.admin, payload: { phone_number_id: business.phoneNumberId } });
  expect(response.statusCode, response.body).toBe(200);
}

/** The management webhooks of one field the sink received for a WABA, oldest first. */
export function changesOf(received: readonly { readonly json: unknown }[], wabaId: string, field: string): Record<string, unknown>[] {
  type Envelope = { entry?: { id: string; changes: { field: string; value: Record<string, unknown> }[] }[] };
  return received.flatMap((webhook) => ((webhook.json as Envelope).entry ?? []).filter((entry) => entry.id === wabaId).flatMap((entry) => entry.changes.filter((change) => change.field === field).map((change) => change.value)));
}
