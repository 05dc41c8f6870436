import { stringifyAscii, type WebhookChange, type WebhookEnvelope } from '../../../wire/index.js';
import { hashSeed, randomBetween, recordKind, seededRandom } from '../../shared/index.js';
import type { OutboxRecord } from './outbox.model.js';
import { afterAttempt, type AttemptOutcome } from './retry.policy.js';

/**
 * What Meta's webhook delivery does that a tidy one-by-one delivery hides, switched on per app so
 * that integrators can test their de-duplication and ordering: several updates in one POST,
 * the same update delivered twice, updates out of order. All off by default.
 */
export interface WebhookRealism {
  readonly batching: boolean;
  readonly duplicates: boolean;
  readonly outOfOrder: boolean;
}

export const noRealism: WebhookRealism = { batching: false, duplicates: false, outOfOrder: false };

export const realismPolicy = {
  /** Meta batches up to 1,000 updates in one POST. */
  maxRowsPerPost: 1_000,
  /** Meta's payloads stay under 3 MB; a batch stops growing before its bodies pass that. */
  maxBytesPerPost: 3 * 1024 * 1024,
  /** With out-of-order on, this share of webhooks is held back before its first attempt… */
  holdShare: 0.25,
  /** …for this long, in simulated time. */
  holdMs: [1_000, 10_000],
  /** With duplicates on, the second copy goes this long after the first was delivered. */
  duplicateAfterMs: [1_000, 10_000],
} as const satisfies Record<string, number | readonly [number, number]>;

/** An app's switches changed: stored per app. */
export const webhookRealismChosen = recordKind<{ readonly appId: string; readonly realism: WebhookRealism; readonly at: number }>('webhooks.realism');

interface RealismDraws {
  readonly held: boolean;
  readonly holdMs: number;
  readonly duplicateAfterMs: number;
  /** Where the row goes when a batch is shuffled. */
  readonly rank: number;
}

/** The kinds of update a body tells (`messages.sent`, `messages.text`, `account_alerts`), in order. */
function updateKinds(body: string): string {
  try {
    const envelope = JSON.parse(body) as WebhookEnvelope;
    return envelope.entry
      .flatMap((entry) =>
        entry.changes.map((change) =>
          change.field === 'messages'
            ? ['messages', ...(change.value.statuses ?? []).map((status) => status.status), ...(change.value.messages ?? []).map((message) => message.type)].join('.')
            : change.field,
        ),
      )
      .join(',');
  } catch {
    return '';
  }
}

/**
 * Draws for one webhook from the simulator's seed and what the webhook tells: the message it is
 * about (time and sequence of its key, as the simulator draws a message's timings), when it
 * happened and what kind of update it is. Node ids and key noise differ from run to run and are
 * left out, so the same scenario draws the same numbers again.
 */
export function realismDraws(seed: number, record: OutboxRecord): RealismDraws {
  const subject = `${(record.messageKey ?? record.key).slice(0, 18)}:${record.createdAt}:${updateKinds(record.body)}`;
  const random = seededRandom(hashSeed(`${seed}:webhook:${subject}`));
  const held = random() < realismPolicy.holdShare;
  return { held, holdMs: randomBetween(random, realismPolicy.holdMs), duplicateAfterMs: randomBetween(random, realismPolicy.duplicateAfterMs), rank: random() };
}

/**
 * With out-of-order on, a share of webhooks wait before their first attempt, so that webhooks
 * that fell due later overtake them. Only a row that was never tried nor held is held: the answer
 * is when it should go, or undefined to send it now.
 */
export function heldUntil(record: OutboxRecord, realism: WebhookRealism, seed: number, now: number): number | undefined {
  if (!realism.outOfOrder || record.attempts > 0 || record.nextAttemptAt !== record.createdAt) return undefined;
  const draws = realismDraws(seed, record);
  return draws.held ? now + draws.holdMs : undefined;
}

/** The rows of one POST in the order their updates appear: as due, or shuffled by the seed when out-of-order is on. */
export function postOrder(records: readonly OutboxRecord[], realism: WebhookRealism, seed: number): OutboxRecord[] {
  if (!realism.outOfOrder || records.length < 2) return [...records];
  const ranks = new Map(records.map((record) => [record.key, realismDraws(seed, record).rank]));
  return [...records].sort((left, right) => (ranks.get(left.key) ?? 0) - (ranks.get(right.key) ?? 0));
}

/**
 * One POST's body for several rows, as Meta batches: one entry per WABA (in order of first
 * appearance) holding every change for it, in row order; serialised once, pure ASCII. A single row
 * keeps its stored bytes.
 */
export function combinedBody(bodies: readonly string[]): string {
  const [only] = bodies;
  if (bodies.length === 1 && only !== undefined) return only;
  const entries = new Map<string, { time: number | undefined; changes: WebhookChange[] }>();
  for (const body of bodies) {
    for (const entry of (JSON.parse(body) as WebhookEnvelope).entry) {
      const merged = entries.get(entry.id) ?? { time: undefined, changes: [] };
      // Management entries carry the time of their event; the merged entry carries the latest.
      if (entry.time !== undefined) merged.time = Math.max(merged.time ?? entry.time, entry.time);
      merged.changes.push(...entry.changes);
      entries.set(entry.id, merged);
    }
  }
  const envelope: WebhookEnvelope = {
    object: 'whatsapp_business_account',
    entry: [...entries].map(([id, { time, changes }]) => ({ id, ...(time === undefined ? {} : { time }), changes })),
  };
  return stringifyAscii(envelope);
}

/**
 * The row after one attempt under its app's switches. With duplicates on, the first delivery leaves
 * the row pending for its second copy (`deliveredAt` says it was delivered); the copy follows the
 * retry policy, and a row whose copy is given up still counts as delivered.
 */
export function afterRealisticAttempt(record: OutboxRecord, outcome: AttemptOutcome, now: number, realism: WebhookRealism, seed: number): OutboxRecord {
  if (outcome.delivered && realism.duplicates && record.deliveredAt === null) {
    const nextAttemptAt = now + realismDraws(seed, record).duplicateAfterMs;
    return { ...record, attempts: record.attempts + 1, status: 'pending', deliveredAt: now, nextAttemptAt, finishedAt: null, lastError: null };
  }
  const next = afterAttempt(record, outcome, now);
  if (record.deliveredAt === null || next.status === 'pending') return next;
  return { ...next, status: 'delivered', deliveredAt: record.deliveredAt };
}
