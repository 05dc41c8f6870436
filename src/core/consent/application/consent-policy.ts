import type { BusinessSettings } from '../../policy/index.js';
import { defaultConsentPolicy, normaliseKeywords, type ConsentPolicy } from '../domain/consent.policy.js';

const consentSetting = 'consent';

export async function consentPolicyOf(settings: BusinessSettings, businessId: string): Promise<ConsentPolicy> {
  return { ...defaultConsentPolicy, ...(await settings.get<Partial<ConsentPolicy>>(businessId, consentSetting)) };
}

export async function changeConsentPolicy(settings: BusinessSettings, businessId: string, change: Partial<ConsentPolicy>, now: number): Promise<ConsentPolicy> {
  const next = { ...(await consentPolicyOf(settings, businessId)), ...change };
  const policy = { ...next, optOutKeywords: normaliseKeywords(next.optOutKeywords) };
  await settings.put(businessId, consentSetting, policy, now);
  return policy;
}
