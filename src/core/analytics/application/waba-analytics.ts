import type { ExpandedField } from '../../../wire/index.js';
import { ok, type Clock, type DomainError, type Result } from '../../shared/index.js';
import { readAnalyticsQuery } from '../domain/analytics-query.js';
import { analyticsFieldNames, type AnalyticsFieldName, type AnalyticsNumber, type AnalyticsScope } from '../domain/analytics.model.js';
import { conversationSeries, messagingSeries, pricingSeries, storedBucketMs } from '../domain/series.js';
import type { AnalyticsRepository } from '../ports.js';

export interface WabaAnalyticsDeps {
  readonly analytics: AnalyticsRepository;
  readonly clock: Clock;
}

export interface WabaAnalyticsInput {
  readonly businessId: string;
  readonly wabaId: string;
  /** The WABA's numbers. */
  readonly numbers: readonly AnalyticsNumber[];
  readonly field: ExpandedField & { readonly name: AnalyticsFieldName };
}

export function isAnalyticsField(field: ExpandedField): field is ExpandedField & { readonly name: AnalyticsFieldName } {
  return (analyticsFieldNames as readonly string[]).includes(field.name);
}

/**
 * One analytics field of a WABA, in Graph's shape: `analytics` answers sent and delivered messages per
 * bucket; `pricing_analytics` and `conversation_analytics` answer the ledger's volumes and costs
 * (per-message and conversation-based pricing) by the asked dimensions.
 */
export async function readWabaAnalytics(deps: WabaAnalyticsDeps, input: WabaAnalyticsInput): Promise<Result<Record<string, unknown>, DomainError>> {
  const read = readAnalyticsQuery(input.field, deps.clock.now());
  if (!read.ok) return read;
  const query = read.value;
  const asked = query.phoneNumbers === undefined ? undefined : new Set(query.phoneNumbers);
  const numbers = input.numbers.filter((number) => asked === undefined || asked.has(number.digits));
  const scope: AnalyticsScope = {
    businessId: input.businessId,
    wabaId: input.wabaId,
    phoneNumberIds: numbers.map((number) => number.id),
    from: query.from,
    to: query.to,
    bucketMs: storedBucketMs(query.bucket),
  };
  const none = scope.phoneNumberIds.length === 0;
  if (query.field === 'analytics') {
    const rows = none ? [] : await deps.analytics.messageCounts({ ...scope, countryCodes: query.countryCodes });
    return ok({
      phone_numbers: query.phoneNumbers ?? input.numbers.map((number) => number.digits),
      ...(query.countryCodes === undefined ? {} : { country_codes: query.countryCodes }),
      granularity: input.field.modifiers.find((modifier) => modifier.name === 'granularity')?.values[0]?.toUpperCase(),
      data_points: messagingSeries(query, rows),
    });
  }
  if (query.field === 'pricing_analytics') {
    const rows = none ? [] : await deps.analytics.pricingRows(scope);
    return ok({ data: [{ data_points: pricingSeries(query, rows, input.numbers) }] });
  }
  const rows = none ? [] : await deps.analytics.conversationRows(scope);
  return ok({ data: [{ data_points: conversationSeries(query, rows, input.numbers) }] });
}
