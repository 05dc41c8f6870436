import type { AccountsRepository, App, WabaSubscription } from '../../accounts/index.js';
import { allKnown, whenKnown, type Awaitable } from '../../shared/index.js';
import type { WebhookTarget } from '../domain/outbox.model.js';

/**
 * Every app subscribed to the WABA, at its override callback or else its app callback: at once while
 * the subscriptions and apps are cached (a failed send and every batch of statuses ask).
 */
export function resolveTargets(accounts: AccountsRepository, wabaId: string): Awaitable<WebhookTarget[]> {
  return whenKnown(accounts.listSubscriptions(wabaId), (subscriptions) =>
    whenKnown(allKnown(subscriptions.map((subscription) => accounts.findApp(subscription.appId))), (apps) => targetsOf(subscriptions, apps)),
  );
}

function targetsOf(subscriptions: readonly WabaSubscription[], apps: readonly (App | undefined)[]): WebhookTarget[] {
  const targets: WebhookTarget[] = [];
  subscriptions.forEach((subscription, index) => {
    const app = apps[index];
    const url = subscription.overrideCallbackUri ?? app?.callbackUrl ?? null;
    if (app !== undefined && url !== null) targets.push({ appId: app.id, url });
  });
  return targets;
}
