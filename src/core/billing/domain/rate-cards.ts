import type { Market, PricingModel, RateCategory } from './billing.model.js';

/** Rates per market and category, in units of the card's currency (e.g. 0.0411 USD). */
export type Rates = Readonly<Record<Market, Readonly<Partial<Record<RateCategory, number>>>>>;

/** What one conversation (CBP) or one delivered template (PMP) costs, from a date on. */
export interface RateCard {
  readonly pricingModel: PricingModel;
  /** YYYY-MM-DD (UTC): the card prices what is charged on or after this day. */
  readonly effective: string;
  readonly currency: string;
  readonly rates: Rates;
}

/**
 * Meta's published rate cards (USD) for the dates Kabar models. Conversation-based pricing: the card
 * in force from 1 June 2024 (Indonesia's authentication-international change). Per-message pricing:
 * the card of 1 July 2025, when charging per delivered template began. Service messages are free
 * under per-message pricing, so that card has no service rate. Sources in docs/pricing.md.
 */
export const defaultRateCards: Readonly<Record<PricingModel, RateCard>> = {
  CBP: {
    pricingModel: 'CBP',
    effective: '2024-06-01',
    currency: 'USD',
    rates: {
      indonesia: { marketing: 0.0411, utility: 0.02, authentication: 0.03, service: 0.019 },
      india: { marketing: 0.0099, utility: 0.0042, authentication: 0.0014, service: 0.004 },
      brazil: { marketing: 0.0625, utility: 0.008, authentication: 0.0315, service: 0.03 },
      north_america: { marketing: 0.025, utility: 0.004, authentication: 0.0135, service: 0.0088 },
      united_kingdom: { marketing: 0.0529, utility: 0.022, authentication: 0.0358, service: 0.0388 },
      other: { marketing: 0.0604, utility: 0.0077, authentication: 0.0171, service: 0.0195 },
    },
  },
  PMP: {
    pricingModel: 'PMP',
    effective: '2025-07-01',
    currency: 'USD',
    rates: {
      indonesia: { marketing: 0.0411, utility: 0.025, authentication: 0.025 },
      india: { marketing: 0.0118, utility: 0.0014, authentication: 0.0014 },
      brazil: { marketing: 0.0625, utility: 0.0068, authentication: 0.0068 },
      north_america: { marketing: 0.025, utility: 0.0034, authentication: 0.0034 },
      united_kingdom: { marketing: 0.0529, utility: 0.022, authentication: 0.022 },
      other: { marketing: 0.0604, utility: 0.0077, authentication: 0.0077 },
    },
  },
};

/** A business's own card for a pricing model: rates that replace the default's from its effective date. */
export interface RateCardOverride {
  readonly effective: string;
  readonly currency: string;
  readonly rates: Readonly<Partial<Record<Market, Readonly<Partial<Record<RateCategory, number>>>>>>;
}

export type RateCardOverrides = Readonly<Partial<Record<PricingModel, RateCardOverride>>>;

/** Midnight UTC of a YYYY-MM-DD day. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The default card with a business's override laid over it (a rate it does not name keeps the default). */
export function mergeCard(base: RateCard, override: RateCardOverride): RateCard {
  const rates = Object.fromEntries(Object.entries(base.rates).map(([market, categories]) => [market, { ...categories, ...override.rates[market as Market] }])) as unknown as Rates;
  return { pricingModel: base.pricingModel, effective: override.effective, currency: override.currency, rates };
}

/**
 * The card that prices a charge at `at`: the business's override once it is in force, the default
 * card otherwise. A default card also prices dates before its own (Kabar ships one card a model).
 */
export function cardAt(pricingModel: PricingModel, at: number, overrides: RateCardOverrides | undefined): RateCard {
  const base = defaultRateCards[pricingModel];
  const override = overrides?.[pricingModel];
  return override !== undefined && at >= dayStart(override.effective) ? mergeCard(base, override) : base;
}

/** A rate in millionths of the currency unit, so that sums are exact; 0 when the card has none. */
export function rateMicros(card: RateCard, market: Market, category: RateCategory): number {
  return Math.round((card.rates[market][category] ?? 0) * 1_000_000);
}
