import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type IdSource, type Result, type WriteBatcher } from '../../shared/index.js';
import { outboxQueued, outboxSuperseded, type OutboxRecord } from '../domain/outbox.model.js';

/**
 * Replays a failed webhook delivery: the same bytes to the same callback, as a new outbox row due
 * now, with its own attempts. A delivery still being retried is superseded by the replay (set aside
 * as dead, naming the replay), so the receiver does not get it from both. A delivered one is refused.
 */
export async function replayDelivery(
  deps: { readonly writer: WriteBatcher; readonly ids: IdSource; readonly clock: Clock },
  original: OutboxRecord,
): Promise<Result<OutboxRecord, DomainError>> {
  if (original.status === 'delivered') return fail(domainError('PARAMETER_INVALID', `Webhook ${original.key} was delivered; only a failed delivery can be replayed.`));
  if (original.status === 'pending' && original.attempts === 0) return fail(domainError('PARAMETER_INVALID', `Webhook ${original.key} has not been attempted yet; it is delivered as soon as it is due.`));
  const now = deps.clock.now();
  const replay: OutboxRecord = { ...original, key: deps.ids.key(), status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, deliveredAt: null, finishedAt: null, lastError: null };
  const superseded = original.status === 'pending' ? [record(outboxSuperseded, { key: original.key, by: replay.key, at: now })] : [];
  await deps.writer.commit(unitOf([record(outboxQueued, replay)], superseded));
  return ok(replay);
}
