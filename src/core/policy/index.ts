/**
 * Policy profiles: the rules Meta changed over time (tier ladders and upgrade thresholds, pricing
 * models, template pausing, per-user marketing limits) are data. Each business runs one dated
 * profile per concern, explicit and stored, defaulting to the rules Kabar's documentation states;
 * a later era is chosen, never slipped in. Modules read the profile in force through `policyOf`.
 */

import { whenKnown, type Awaitable } from '../shared/index.js';

/** Messaging-limit ladders: Jan 2022 (2× the limit in 7 days), Sep 2022 (half), Oct 2023 (250 start), Oct 2025 (per portfolio). */
export type LimitsProfile = '2022-01' | '2022-09' | '2023-10' | '2025-10';
/** Conversation-based pricing (Feb 2022) or per-message pricing (Jul 2025). */
export type PricingProfile = '2022-02' | '2025-07';

/**
 * What happens to a template whose quality falls to Low: `2021-09` flags it and disables it if it is
 * still flagged 7 days later; `2023-01` pauses it for 3 h, then 6 h, and disables it the third time.
 */
export type TemplatesProfile = '2021-09' | '2023-01';

/**
 * Per-user marketing limits: `2021-09` none (marketing templates allowed, no cap per user);
 * `2024-05` WhatsApp caps how many marketing templates a user receives from all businesses (131049);
 * `2025-04` the same, and every marketing template to a US number is held back (131049).
 */
export type MarketingProfile = '2021-09' | '2024-05' | '2025-04';

export interface BusinessPolicy {
  readonly limits: LimitsProfile;
  readonly pricing: PricingProfile;
  readonly templates: TemplatesProfile;
  readonly marketing: MarketingProfile;
}

export const defaultBusinessPolicy: BusinessPolicy = Object.freeze({ limits: '2022-09', pricing: '2022-02', templates: '2021-09', marketing: '2021-09' });

export const limitsProfiles: readonly LimitsProfile[] = ['2022-01', '2022-09', '2023-10', '2025-10'];
export const pricingProfiles: readonly PricingProfile[] = ['2022-02', '2025-07'];
export const templatesProfiles: readonly TemplatesProfile[] = ['2021-09', '2023-01'];
export const marketingProfiles: readonly MarketingProfile[] = ['2021-09', '2024-05', '2025-04'];

/** Named per-business settings kept as small JSON documents (profiles, switches, preferences). */
export interface BusinessSettings {
  /** The value at once while it is held in memory, or a promise while it must be read. */
  get<Value>(businessId: string, name: string): Awaitable<Value | undefined>;
  put(businessId: string, name: string, value: unknown, now: number): Promise<void>;
}

const policySetting = 'policy';

/** Each stored choice with the defaults filled in, made once per stored value rather than on every read. */
const completed = new WeakMap<Partial<BusinessPolicy>, BusinessPolicy>();

function complete(chosen: Partial<BusinessPolicy> | undefined): BusinessPolicy {
  if (chosen === undefined) return defaultBusinessPolicy;
  let policy = completed.get(chosen);
  if (policy === undefined) {
    policy = { ...defaultBusinessPolicy, ...chosen };
    completed.set(chosen, policy);
  }
  return policy;
}

/** The profiles in force for a business: what it chose, the defaults for the rest (at once while its settings are held). */
export function policyOf(settings: BusinessSettings, businessId: string): Awaitable<BusinessPolicy> {
  return whenKnown(settings.get<Partial<BusinessPolicy>>(businessId, policySetting), complete);
}

export async function choosePolicy(settings: BusinessSettings, businessId: string, change: Partial<BusinessPolicy>, now: number): Promise<BusinessPolicy> {
  const next = { ...(await policyOf(settings, businessId)), ...change };
  await settings.put(businessId, policySetting, next, now);
  return next;
}
