import type { BillingRepository, ChargeFilter, ChargeTotalRow } from '../ports.js';

/** Millionths of a currency unit as a decimal number (0.0411). */
export function fromMicros(micros: number): number {
  return Math.round(micros) / 1_000_000;
}

export interface ReportLine {
  readonly pricing_model: string;
  readonly category: string;
  readonly market: string;
  readonly currency: string;
  readonly billable: number;
  readonly free: number;
  readonly amount: number;
}

export interface TotalLine {
  readonly currency: string;
  readonly billable: number;
  readonly free: number;
  readonly amount: number;
}

export interface BillingReport {
  readonly from: number;
  readonly to: number;
  readonly businessId: string | null;
  /** One line per pricing model, category, market and currency. */
  readonly lines: readonly ReportLine[];
  readonly byCategory: readonly (TotalLine & { readonly category: string })[];
  readonly byMarket: readonly (TotalLine & { readonly market: string })[];
  readonly total: readonly TotalLine[];
}

function sum<Key extends string>(rows: readonly ChargeTotalRow[], keyOf: (row: ChargeTotalRow) => string, name: Key): (TotalLine & Record<Key, string>)[] {
  const groups = new Map<string, { key: string; currency: string; billable: number; free: number; micros: number }>();
  for (const row of rows) {
    const key = keyOf(row);
    const id = `${key}|${row.currency}`;
    const group = groups.get(id) ?? { key, currency: row.currency, billable: 0, free: 0, micros: 0 };
    group.billable += row.billable;
    group.free += row.free;
    group.micros += row.amountMicros;
    groups.set(id, group);
  }
  return [...groups.values()]
    .sort((left, right) => left.key.localeCompare(right.key) || left.currency.localeCompare(right.currency))
    .map((group) => ({ [name]: group.key, currency: group.currency, billable: group.billable, free: group.free, amount: fromMicros(group.micros) }) as TotalLine & Record<Key, string>);
}

/** What a business (or every business) was charged in [from, to), with totals by category and market. */
export async function billingReport(repository: BillingRepository, filter: ChargeFilter): Promise<BillingReport> {
  const rows = await repository.totals(filter);
  const lines = [...rows]
    .sort((left, right) => left.pricingModel.localeCompare(right.pricingModel) || left.category.localeCompare(right.category) || left.market.localeCompare(right.market))
    .map((row) => ({ pricing_model: row.pricingModel, category: row.category, market: row.market, currency: row.currency, billable: row.billable, free: row.free, amount: fromMicros(row.amountMicros) }));
  return {
    from: filter.from,
    to: filter.to,
    businessId: filter.businessId ?? null,
    lines,
    byCategory: sum(rows, (row) => row.category, 'category'),
    byMarket: sum(rows, (row) => row.market, 'market'),
    total: sum(rows, () => 'all', 'scope').map(({ currency, billable, free, amount }) => ({ currency, billable, free, amount })),
  };
}
