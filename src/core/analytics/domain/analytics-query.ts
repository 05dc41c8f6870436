import type { ExpandedField } from '../../../wire/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { AnalyticsFieldName, AnalyticsQuery, Bucket, ConversationDimension, PricingDimension } from './analytics.model.js';

/** Meta keeps messaging, conversation and pricing analytics for one year (since 1 December 2025). */
export function lookbackStart(now: number): number {
  const date = new Date(now);
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.getTime();
}

const granularities: Readonly<Record<AnalyticsFieldName, Readonly<Record<string, Bucket>>>> = {
  analytics: { HALF_HOUR: 'half_hour', DAY: 'day', MONTH: 'month' },
  conversation_analytics: { HALF_HOUR: 'half_hour', DAILY: 'day', MONTHLY: 'month' },
  pricing_analytics: { HALF_HOUR: 'half_hour', DAILY: 'day', MONTHLY: 'month' },
};

/** Each field's list modifiers and the values they take (upper case; clients may send any case). */
const listModifiers: Readonly<Record<AnalyticsFieldName, Readonly<Record<string, readonly string[] | 'any'>>>> = {
  analytics: { phone_numbers: 'any', country_codes: 'any' },
  pricing_analytics: {
    phone_numbers: 'any',
    country_codes: 'any',
    metric_types: ['COST', 'VOLUME'],
    pricing_types: ['REGULAR', 'FREE_CUSTOMER_SERVICE', 'FREE_ENTRY_POINT'],
    pricing_categories: ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE'],
    dimensions: ['PRICING_CATEGORY', 'PRICING_TYPE', 'COUNTRY', 'PHONE'],
  },
  conversation_analytics: {
    phone_numbers: 'any',
    country_codes: 'any',
    metric_types: ['COST', 'CONVERSATION'],
    conversation_types: ['REGULAR', 'FREE_ENTRY_POINT', 'FREE_TIER'],
    conversation_directions: ['BUSINESS_INITIATED', 'USER_INITIATED'],
    conversation_categories: ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE', 'REFERRAL_CONVERSION'],
    dimensions: ['CONVERSATION_CATEGORY', 'CONVERSATION_TYPE', 'CONVERSATION_DIRECTION', 'COUNTRY', 'PHONE'],
  },
};

const invalid = (field: AnalyticsFieldName, sentence: string): DomainError => domainError('PARAMETER_MALFORMED', `(#100) ${field}: ${sentence}`);

function seconds(field: AnalyticsFieldName, name: 'start' | 'end', values: readonly string[] | undefined): Result<number, DomainError> {
  const value = values?.length === 1 ? values[0] : undefined;
  if (value === undefined || !/^[0-9]{1,12}$/.test(value)) {
    return fail(invalid(field, `${name} is required, as one UNIX time in seconds: ${field}.start(1735689600).end(1738368000).granularity(${Object.keys(granularities[field])[1]})`));
  }
  return ok(Number(value) * 1000);
}

/**
 * Reads an analytics field's modifiers into a query: `start` and `end` in UNIX seconds within the
 * last year, a granularity, optional filters and dimensions. Anything else is a sentence saying
 * what to send (Graph code 100).
 */
export function readAnalyticsQuery(field: ExpandedField & { readonly name: AnalyticsFieldName }, now: number): Result<AnalyticsQuery, DomainError> {
  const name = field.name;
  const given = new Map<string, readonly string[]>();
  const lists = listModifiers[name];
  for (const modifier of field.modifiers) {
    const known = modifier.name === 'start' || modifier.name === 'end' || modifier.name === 'granularity' || Object.hasOwn(lists, modifier.name);
    if (!known) return fail(invalid(name, `unknown modifier ${modifier.name}; send ${['start', 'end', 'granularity', ...Object.keys(lists)].join(', ')}`));
    given.set(modifier.name, modifier.values);
  }
  const from = seconds(name, 'start', given.get('start'));
  if (!from.ok) return from;
  const to = seconds(name, 'end', given.get('end'));
  if (!to.ok) return to;
  if (to.value <= from.value) return fail(invalid(name, 'end must be after start'));
  const oldest = lookbackStart(now);
  if (from.value < oldest) return fail(invalid(name, `start must be within the last year, at or after ${Math.ceil(oldest / 1000)}`));
  const granularity = given.get('granularity')?.[0]?.toUpperCase() ?? '';
  const bucket = granularities[name][granularity];
  if (bucket === undefined || given.get('granularity')?.length !== 1) {
    return fail(invalid(name, `granularity must be one of ${Object.keys(granularities[name]).join(', ')}`));
  }
  const chosen: Record<string, readonly string[] | undefined> = {};
  for (const [modifier, allowed] of Object.entries(lists)) {
    const values = given.get(modifier);
    if (values === undefined) continue;
    const normal = modifier === 'phone_numbers' ? values.map((value) => value.replace(/^\+/, '')) : values.map((value) => value.toUpperCase());
    const wrong = allowed === 'any' ? undefined : normal.find((value) => !allowed.includes(value));
    if (wrong !== undefined) return fail(invalid(name, `${modifier} takes ${(allowed as readonly string[]).join(', ')}, not ${wrong}`));
    chosen[modifier] = normal;
  }
  const common = { from: from.value, to: to.value, bucket, phoneNumbers: chosen['phone_numbers'], countryCodes: chosen['country_codes'] };
  if (name === 'analytics') return ok({ field: name, ...common });
  if (name === 'pricing_analytics') {
    return ok({
      field: name,
      ...common,
      metrics: (chosen['metric_types'] ?? ['COST', 'VOLUME']) as readonly ('COST' | 'VOLUME')[],
      dimensions: (chosen['dimensions'] ?? []) as readonly PricingDimension[],
      pricingTypes: chosen['pricing_types'],
      pricingCategories: chosen['pricing_categories'],
    });
  }
  return ok({
    field: name,
    ...common,
    metrics: (chosen['metric_types'] ?? ['COST', 'CONVERSATION']) as readonly ('COST' | 'CONVERSATION')[],
    dimensions: (chosen['dimensions'] ?? []) as readonly ConversationDimension[],
    conversationTypes: chosen['conversation_types'],
    conversationDirections: chosen['conversation_directions'],
    conversationCategories: chosen['conversation_categories'],
  });
}
