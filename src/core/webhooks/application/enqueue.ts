import { stringifyAscii, type WebhookEnvelope } from '../../../wire/index.js';
import type { IdSource } from '../../shared/index.js';
import type { OutboxRecord, WebhookTarget } from '../domain/outbox.model.js';

/**
 * Serialises the event once and makes one outbox row per subscribed callback. The envelope may be
 * given as a function: with no subscriber it is then not even built (every status does this).
 */
export function outboxRecords(
  ids: IdSource,
  input: { readonly businessId: string; readonly targets: readonly WebhookTarget[]; readonly envelope: WebhookEnvelope | (() => WebhookEnvelope); readonly now: number; readonly messageKey?: string },
): OutboxRecord[] {
  if (input.targets.length === 0) return [];
  const body = stringifyAscii(typeof input.envelope === 'function' ? input.envelope() : input.envelope);
  return input.targets.map((target) => ({
    key: ids.key(),
    businessId: input.businessId,
    appId: target.appId,
    url: target.url,
    body,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: input.now,
    createdAt: input.now,
    deliveredAt: null,
    finishedAt: null,
    lastError: null,
    messageKey: input.messageKey ?? null,
  }));
}
