/**
 * `GET /admin/phone_numbers/{id}/timeline`: the number's messaging limit tier, quality rating and
 * status over a time range, each as the value it had at the start and every change after it with
 * Kabar's reason, for the console's charts. Read from the stored limit events and status changes,
 * so the range reaches as far back as they do.
 */
import type { PhoneNumber } from '../../core/accounts/index.js';
import type { LimitEvent } from '../../core/limits/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';
import type { KyselyLimitsRepository, KyselyNumbersRepository } from '../../store/index.js';

const day = 24 * 60 * 60 * 1000;
/** The range when none is named: the last 30 days. */
export const defaultTimelineMs = 30 * day;
const longestTimelineMs = 400 * day;
/** At most this many changes per series; `truncated` says when more happened. */
const mostChanges = 1000;

export interface TimelineRange {
  readonly since: number;
  readonly until: number;
}

export function timelineRange(query: { readonly since?: string; readonly until?: string }, now: number): Result<TimelineRange, DomainError> {
  const parse = (name: string, text: string | undefined, fallback: number): Result<number, DomainError> => {
    if (text === undefined || text === '') return ok(fallback);
    const at = Date.parse(text);
    return Number.isNaN(at) ? fail(domainError('PARAMETER_INVALID', `Param ${name} must be a date and time (ISO 8601), not '${text}'.`)) : ok(at);
  };
  const until = parse('until', query.until, now);
  if (!until.ok) return until;
  const since = parse('since', query.since, until.value - defaultTimelineMs);
  if (!since.ok) return since;
  if (since.value >= until.value) return fail(domainError('PARAMETER_INVALID', 'Param since must be before until.'));
  if (until.value - since.value > longestTimelineMs) return fail(domainError('PARAMETER_INVALID', 'A timeline covers at most 400 days: narrow since and until.'));
  return ok({ since: since.value, until: until.value });
}

interface Change {
  readonly at: string;
  readonly from: string;
  readonly to: string;
  readonly cause: string;
}

interface Series {
  /** The value when the range begins. */
  readonly start: string;
  /** The value now (for a range that ends in the past, the value the number has today). */
  readonly current: string;
  readonly changes: readonly Change[];
}

const iso = (at: number): string => new Date(at).toISOString();
const changeOf = (event: { readonly at: number; readonly from: string; readonly to: string; readonly cause: string }): Change => ({ at: iso(event.at), from: event.from, to: event.to, cause: event.cause });

function series(before: { readonly to: string } | undefined, changes: readonly { readonly at: number; readonly from: string; readonly to: string; readonly cause: string }[], current: string): Series {
  return { start: before?.to ?? changes[0]?.from ?? current, current, changes: changes.map(changeOf) };
}

export async function numberTimeline(
  number: PhoneNumber,
  range: TimelineRange,
  stores: { readonly limits: KyselyLimitsRepository; readonly numbers: KyselyNumbersRepository },
): Promise<Record<string, unknown>> {
  const window = { ...range, limit: mostChanges + 1 };
  const [events, statuses, tierBefore, qualityBefore, statusBefore] = await Promise.all([
    stores.limits.eventsBetween(number.id, { ...window, limit: 3 * mostChanges + 1 }),
    stores.numbers.statusChangesBetween(number.id, window),
    stores.limits.lastEventBefore(number.id, 'tier', range.since),
    stores.limits.lastEventBefore(number.id, 'quality', range.since),
    stores.numbers.lastStatusChangeBefore(number.id, range.since),
  ]);
  const of = (kind: LimitEvent['kind']): LimitEvent[] => events.filter((event) => event.kind === kind);
  const tiers = of('tier');
  const qualities = of('quality');
  return {
    phone_number_id: number.id,
    since: iso(range.since),
    until: iso(range.until),
    tier: series(tierBefore, tiers.slice(0, mostChanges), number.messagingLimitTier),
    quality: series(qualityBefore, qualities.slice(0, mostChanges), number.qualityRating),
    status: series(statusBefore, statuses.slice(0, mostChanges), number.status),
    truncated: events.length > 3 * mostChanges || tiers.length > mostChanges || qualities.length > mostChanges || statuses.length > mostChanges,
  };
}
