import { monthStart, type ConversationOrigin, type FreeReason } from '../../billing/index.js';
import type {
  AnalyticsNumber, Bucket, ConversationQuery, ConversationRow, MessageCountRow, MessagingQuery, PricingQuery, PricingRow,
} from './analytics.model.js';

const halfHourMs = 1_800_000;
const dayMs = 86_400_000;

/** The bucket the database groups by: months are made of days here, as months differ in length. */
export function storedBucketMs(bucket: Bucket): number {
  return bucket === 'half_hour' ? halfHourMs : dayMs;
}

export function bucketStart(at: number, bucket: Bucket): number {
  if (bucket === 'month') return monthStart(at);
  const size = storedBucketMs(bucket);
  return Math.floor(at / size) * size;
}

export function bucketEnd(start: number, bucket: Bucket): number {
  return bucket === 'month' ? monthStart(start + 32 * dayMs) : start + storedBucketMs(bucket);
}

const unixSeconds = (at: number): number => Math.floor(at / 1000);
const cost = (micros: number): number => Math.round(micros) / 1_000_000;

export interface MessagingPoint {
  readonly start: number;
  readonly end: number;
  readonly sent: number;
  readonly delivered: number;
}

/** `analytics`: every bucket from start to end, sent and delivered, zero where nothing was sent. */
export function messagingSeries(query: MessagingQuery, rows: readonly MessageCountRow[]): MessagingPoint[] {
  const totals = new Map<number, { sent: number; delivered: number }>();
  for (const row of rows) {
    const start = bucketStart(row.bucketStart, query.bucket);
    const total = totals.get(start) ?? { sent: 0, delivered: 0 };
    total.sent += row.sent;
    total.delivered += row.delivered;
    totals.set(start, total);
  }
  const points: MessagingPoint[] = [];
  for (let start = bucketStart(query.from, query.bucket); start < query.to; start = bucketEnd(start, query.bucket)) {
    const total = totals.get(start);
    points.push({ start: unixSeconds(start), end: unixSeconds(bucketEnd(start, query.bucket)), sent: total?.sent ?? 0, delivered: total?.delivered ?? 0 });
  }
  return points;
}

/** One grouped fact: its bucket, every dimension's value, and its measures. */
interface Fact {
  readonly bucketStart: number;
  readonly values: Readonly<Record<string, string>>;
  readonly count: number;
  readonly amountMicros: number;
}

/**
 * Sums facts per bucket and per combination of the asked dimensions (Graph's field names), keeping
 * only the asked metrics; empty buckets are left out, as Meta does.
 */
function dimensionSeries(facts: readonly Fact[], bucket: Bucket, dimensionFields: readonly string[], countField: string, metrics: readonly string[]): Record<string, unknown>[] {
  const groups = new Map<string, { start: number; values: Record<string, string>; count: number; amountMicros: number }>();
  for (const fact of facts) {
    const start = bucketStart(fact.bucketStart, bucket);
    const values: Record<string, string> = {};
    for (const field of dimensionFields) values[field] = fact.values[field] ?? '';
    const key = JSON.stringify([start, ...dimensionFields.map((field) => values[field])]);
    const group = groups.get(key) ?? { start, values, count: 0, amountMicros: 0 };
    group.count += fact.count;
    group.amountMicros += fact.amountMicros;
    groups.set(key, group);
  }
  const ordered = [...groups.entries()].sort(([left, leftGroup], [right, rightGroup]) => leftGroup.start - rightGroup.start || (left < right ? -1 : left > right ? 1 : 0));
  return ordered.map(([, group]) => ({
    start: unixSeconds(group.start),
    end: unixSeconds(bucketEnd(group.start, bucket)),
    ...(metrics.includes(countField.toUpperCase()) ? { [countField]: group.count } : {}),
    ...(metrics.includes('COST') ? { cost: cost(group.amountMicros) } : {}),
    ...group.values,
  }));
}

const passes = (allowed: readonly string[] | undefined, value: string): boolean => allowed === undefined || allowed.includes(value);

function numberNames(numbers: readonly AnalyticsNumber[]): Map<string, string> {
  return new Map(numbers.map((number) => [number.id, number.digits]));
}

const pricingFields = { PRICING_CATEGORY: 'pricing_category', PRICING_TYPE: 'pricing_type', COUNTRY: 'country', PHONE: 'phone_number' } as const;

/** `pricing_analytics`: per-message volumes and costs by the asked dimensions. */
export function pricingSeries(query: PricingQuery, rows: readonly PricingRow[], numbers: readonly AnalyticsNumber[]): Record<string, unknown>[] {
  const names = numberNames(numbers);
  const facts: Fact[] = [];
  for (const row of rows) {
    const values = {
      pricing_category: row.category.toUpperCase(),
      pricing_type: (row.pricingType ?? 'regular').toUpperCase(),
      country: row.country ?? 'ZZ',
      phone_number: names.get(row.phoneNumberId) ?? row.phoneNumberId,
    };
    if (!passes(query.countryCodes, values.country) || !passes(query.pricingTypes, values.pricing_type) || !passes(query.pricingCategories, values.pricing_category)) continue;
    facts.push({ bucketStart: row.bucketStart, values, count: row.volume, amountMicros: row.amountMicros });
  }
  return dimensionSeries(facts, query.bucket, query.dimensions.map((dimension) => pricingFields[dimension]), 'volume', query.metrics);
}

const conversationFields = {
  CONVERSATION_CATEGORY: 'conversation_category',
  CONVERSATION_TYPE: 'conversation_type',
  CONVERSATION_DIRECTION: 'conversation_direction',
  COUNTRY: 'country',
  PHONE: 'phone_number',
} as const;

/** A free entry point is its own type; the first 1,000 service conversations of a month are the free tier. */
export function conversationType(origin: ConversationOrigin, reason: FreeReason | null): 'REGULAR' | 'FREE_ENTRY_POINT' | 'FREE_TIER' {
  if (origin === 'referral_conversion') return 'FREE_ENTRY_POINT';
  return reason === 'free_tier' ? 'FREE_TIER' : 'REGULAR';
}

/** The business opens template conversations; the user opens service ones and free entry points. */
export function conversationDirection(origin: ConversationOrigin): 'BUSINESS_INITIATED' | 'USER_INITIATED' {
  return origin === 'service' || origin === 'referral_conversion' ? 'USER_INITIATED' : 'BUSINESS_INITIATED';
}

/** `conversation_analytics`: conversations of conversation-based pricing and their cost by the asked dimensions. */
export function conversationSeries(query: ConversationQuery, rows: readonly ConversationRow[], numbers: readonly AnalyticsNumber[]): Record<string, unknown>[] {
  const names = numberNames(numbers);
  const facts: Fact[] = [];
  for (const row of rows) {
    const values = {
      conversation_category: row.origin.toUpperCase(),
      conversation_type: conversationType(row.origin, row.reason),
      conversation_direction: conversationDirection(row.origin),
      country: row.country ?? 'ZZ',
      phone_number: names.get(row.phoneNumberId) ?? row.phoneNumberId,
    };
    const kept =
      passes(query.countryCodes, values.country) &&
      passes(query.conversationTypes, values.conversation_type) &&
      passes(query.conversationDirections, values.conversation_direction) &&
      passes(query.conversationCategories, values.conversation_category);
    if (kept) facts.push({ bucketStart: row.bucketStart, values, count: row.conversations, amountMicros: row.amountMicros });
  }
  return dimensionSeries(facts, query.bucket, query.dimensions.map((dimension) => conversationFields[dimension]), 'conversation', query.metrics);
}
