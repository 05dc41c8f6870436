import { expect } from 'vitest';
import type { TestKabar } from './kabar.js';

/**
 * Reviews take no time, and the demo WABA gets an approved marketing template `name` (no
 * parameters); `hello_world` (utility) is one of the samples every WABA has.
 */
export async function approvedMarketingTemplate(t: TestKabar, name: string): Promise<void> {
  await t.kabar.app.inject({ method: 'POST', url: '/admin/templates/review-settings', headers: t.admin, payload: { delay_ms: 0 } });
  const created = await t.kabar.app.inject({
    method: 'POST',
    url: `/v21.0/${t.demo.wabaId}/message_templates`,
    headers: t.auth,
    payload: { name, language: 'id', category: 'MARKETING', components: [{ type: 'BODY', text: 'Promo akhir pekan: diskon 20% untuk semua produk di toko kami.' }] },
  });
  expect(created.json()).toMatchObject({ status: 'APPROVED' });
}

/** A template send body: the template by name, in the language it was created in. */
export function templateBody(to: string, name: string): Record<string, unknown> {
  return { messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: name === 'hello_world' ? 'en_US' : 'id' } } };
}
