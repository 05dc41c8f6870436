import { createHmac } from 'node:crypto';
import type { TestKabar } from './kabar.js';
import { messagesOf, statusesOf, type ReceivedWebhook } from './webhook-sink.js';

/** The simulated user the realism scenarios talk to. */
export const realismUser = '15550100021';

export interface EnvelopeView {
  readonly object: string;
  readonly entry: readonly { readonly id: string; readonly changes: readonly { readonly field: string; readonly value: Record<string, unknown> }[] }[];
}

export const envelopeOf = (webhook: ReceivedWebhook): EnvelopeView => webhook.json as EnvelopeView;
export const changeCount = (webhook: ReceivedWebhook): number => envelopeOf(webhook).entry.reduce((count, entry) => count + entry.changes.length, 0);

/** Each update a POST carries, as `<wamid> <status>` or `<wamid> message`, in body order. */
export function updatesOf(webhook: ReceivedWebhook): string[] {
  return [...messagesOf(webhook).map((message) => `${message.id} message`), ...statusesOf(webhook).map((status) => `${status.id} ${status.status}`)];
}

/** Whether the POST's `X-Hub-Signature-256` is the HMAC-SHA256 of exactly its bytes under `secret`. */
export function signedWith(webhook: ReceivedWebhook, secret: string): boolean {
  return webhook.headers['x-hub-signature-256'] === `sha256=${createHmac('sha256', secret).update(webhook.raw).digest('hex')}`;
}

/** Switches an app's webhook realism over the admin API. */
export async function setRealism(t: TestKabar, appId: string, change: Record<string, boolean>): Promise<void> {
  const response = await t.kabar.app.inject({ method: 'POST', url: `/admin/apps/${appId}/webhook-realism`, headers: t.admin, payload: change });
  if (response.statusCode !== 200) throw new Error(`realism not set: ${response.body}`);
}

/** The user writes to the number (opening the window), then the business replies `count` times; answers the replies' wamids. */
export async function replies(t: TestKabar, count: number, phoneNumberId = t.demo.phoneNumberId): Promise<string[]> {
  await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: realismUser, to: phoneNumberId, text: 'Halo' } });
  await t.kabar.services.settle();
  const wamids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await t.kabar.app.inject({
      method: 'POST',
      url: `/v21.0/${phoneNumberId}/messages`,
      headers: t.auth,
      payload: { messaging_product: 'whatsapp', to: realismUser, type: 'text', text: { body: `reply ${index}` } },
    });
    const wamid = response.json<{ messages?: { id: string }[] }>().messages?.[0]?.id;
    if (wamid === undefined) throw new Error(`send refused: ${response.body}`);
    wamids.push(wamid);
  }
  return wamids;
}

/** Moves the simulated clock a second at a time, letting each second's webhooks arrive before the next. */
export async function advanceSeconds(t: TestKabar, seconds: number, afterEach?: () => void): Promise<void> {
  for (let second = 0; second < seconds; second += 1) {
    await t.advance('1s');
    afterEach?.();
  }
}
