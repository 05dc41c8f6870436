import type { BusinessSettings } from '../../policy/index.js';
import type { Awaitable } from '../../shared/index.js';
import type { PricingModel } from '../domain/billing.model.js';
import { defaultRateCards, mergeCard, type RateCard, type RateCardOverride, type RateCardOverrides } from '../domain/rate-cards.js';

/** The business setting holding a business's own rate cards. */
export const rateCardSetting = 'billing.rate-cards';

export function rateCardOverrides(settings: BusinessSettings, businessId: string): Awaitable<RateCardOverrides | undefined> {
  return settings.get<RateCardOverrides>(businessId, rateCardSetting);
}

/** A business's cards as an operator reads them: each model's default and, where set, the business's card. */
export interface BusinessRateCards {
  readonly defaults: Readonly<Record<PricingModel, RateCard>>;
  readonly overrides: Readonly<Partial<Record<PricingModel, RateCard>>>;
}

export async function businessRateCards(settings: BusinessSettings, businessId: string): Promise<BusinessRateCards> {
  const overrides = (await rateCardOverrides(settings, businessId)) ?? {};
  const merged: Partial<Record<PricingModel, RateCard>> = {};
  for (const model of ['CBP', 'PMP'] as const) {
    const override = overrides[model];
    if (override !== undefined) merged[model] = mergeCard(defaultRateCards[model], override);
  }
  return { defaults: defaultRateCards, overrides: merged };
}

/** Sets (or, with `undefined`, removes) a business's card for one pricing model. */
export async function overrideRateCard(settings: BusinessSettings, businessId: string, model: PricingModel, override: RateCardOverride | undefined, now: number): Promise<BusinessRateCards> {
  const current = (await rateCardOverrides(settings, businessId)) ?? {};
  const next = Object.fromEntries(
    (['CBP', 'PMP'] as const).flatMap((each) => {
      const card = each === model ? override : current[each];
      return card === undefined ? [] : [[each, card] as const];
    }),
  );
  await settings.put(businessId, rateCardSetting, next, now);
  return businessRateCards(settings, businessId);
}
