import { record, unitOf, type Clock, type WriteBatcher } from '../../shared/index.js';
import { webhookRealismChosen, type WebhookRealism } from '../domain/realism.policy.js';
import type { WebhookRealismSettings } from '../ports.js';

/** Turns an app's webhook realism switches on or off; the switches not named keep their state. */
export async function chooseRealism(
  deps: { readonly settings: WebhookRealismSettings; readonly writer: WriteBatcher; readonly clock: Clock },
  appId: string,
  change: Partial<WebhookRealism>,
): Promise<WebhookRealism> {
  const current = await deps.settings.of(appId);
  const realism: WebhookRealism = {
    batching: change.batching ?? current.batching,
    duplicates: change.duplicates ?? current.duplicates,
    outOfOrder: change.outOfOrder ?? current.outOfOrder,
  };
  await deps.writer.commit(unitOf([record(webhookRealismChosen, { appId, realism, at: deps.clock.now() })]));
  deps.settings.remember(appId, realism);
  return realism;
}
