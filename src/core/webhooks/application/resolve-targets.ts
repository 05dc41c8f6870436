import type { AccountsRepository } from '../../accounts/index.js';
import type { WebhookTarget } from '../domain/outbox.model.js';

/** Every app subscribed to the WABA, at its override callback or else its app callback. */
export async function resolveTargets(accounts: AccountsRepository, wabaId: string): Promise<WebhookTarget[]> {
  const targets: WebhookTarget[] = [];
  for (const subscription of await accounts.listSubscriptions(wabaId)) {
    const app = await accounts.findApp(subscription.appId);
    const url = subscription.overrideCallbackUri ?? app?.callbackUrl ?? null;
    if (app !== undefined && url !== null) targets.push({ appId: app.id, url });
  }
  return targets;
}
