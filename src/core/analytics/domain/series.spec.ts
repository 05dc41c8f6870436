import { describe, expect, it } from 'vitest';
import { readAnalyticsQuery, lookbackStart } from './analytics-query.js';
import { bucketEnd, bucketStart, pricingSeries } from './series.js';
import type { PricingQuery } from './analytics.model.js';

const at = (iso: string): number => Date.parse(iso);

describe('analytics buckets (UTC)', () => {
  it('cuts half hours, days and calendar months', () => {
    expect(bucketStart(at('2026-11-25T09:44:00Z'), 'half_hour')).toBe(at('2026-11-25T09:30:00Z'));
    expect(bucketStart(at('2026-11-25T23:59:59Z'), 'day')).toBe(at('2026-11-25T00:00:00Z'));
    expect(bucketStart(at('2026-02-28T12:00:00Z'), 'month')).toBe(at('2026-02-01T00:00:00Z'));
    expect(bucketEnd(at('2026-02-01T00:00:00Z'), 'month')).toBe(at('2026-03-01T00:00:00Z'));
    expect(bucketEnd(at('2026-12-01T00:00:00Z'), 'month')).toBe(at('2027-01-01T00:00:00Z'));
  });

  it('looks back one calendar year from now', () => {
    expect(lookbackStart(at('2026-11-26T10:00:00Z'))).toBe(at('2025-11-26T10:00:00Z'));
    const now = at('2026-11-26T10:00:00Z');
    const field = (start: number) => ({ name: 'analytics' as const, modifiers: [{ name: 'start', values: [String(start / 1000)] }, { name: 'end', values: [String(now / 1000)] }, { name: 'granularity', values: ['DAY'] }] });
    expect(readAnalyticsQuery(field(at('2025-11-26T10:00:00Z')), now).ok).toBe(true);
    expect(readAnalyticsQuery(field(at('2025-11-26T09:59:59Z')), now).ok).toBe(false);
  });
});

describe('pricingSeries', () => {
  const query: PricingQuery = {
    field: 'pricing_analytics', from: at('2026-11-01T00:00:00Z'), to: at('2026-12-01T00:00:00Z'), bucket: 'month', phoneNumbers: undefined, countryCodes: undefined,
    metrics: ['COST', 'VOLUME'], dimensions: ['PHONE'], pricingTypes: undefined, pricingCategories: undefined,
  };
  const row = { category: 'marketing' as const, pricingType: 'regular' as const, country: 'ID', volume: 2, amountMicros: 82_200 };

  it('sums the stored days of a month per asked dimension, in micros, and names numbers by their digits', () => {
    const points = pricingSeries(query, [
      { ...row, bucketStart: at('2026-11-02T00:00:00Z'), phoneNumberId: 'P1' },
      { ...row, bucketStart: at('2026-11-30T00:00:00Z'), phoneNumberId: 'P1', amountMicros: 100_001 },
      { ...row, bucketStart: at('2026-11-03T00:00:00Z'), phoneNumberId: 'P2', category: 'utility' },
    ], [{ id: 'P1', digits: '15550100000' }, { id: 'P2', digits: '15550100001' }]);
    const start = at('2026-11-01T00:00:00Z') / 1000;
    const end = at('2026-12-01T00:00:00Z') / 1000;
    expect(points).toEqual([
      { start, end, volume: 4, cost: 0.182201, phone_number: '15550100000' },
      { start, end, volume: 2, cost: 0.0822, phone_number: '15550100001' },
    ]);
  });
});
