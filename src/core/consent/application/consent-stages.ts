import { encodeWamid } from '../../../wire/index.js';
import type { PhoneNumber } from '../../accounts/index.js';
import { proceed, type InboundStage, type SendStage, type SendVerdict } from '../../messaging/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import { domainError, records, type IdSource } from '../../shared/index.js';
import { consentVerdict, optOutKeyword, requiredConsent } from '../domain/consent.policy.js';
import { tokenOf } from '../domain/opt-in-link.js';
import { consentCategories, type ConsentCategory } from '../domain/opt-in.model.js';
import { ledgerAppended, type ConsentRepository } from '../ports.js';
import { consentPolicyOf } from './consent-policy.js';
import { ledgerEntries } from './record-consent.js';

export interface ConsentStageDeps {
  readonly consent: ConsentRepository;
  readonly settings: BusinessSettings;
  readonly ids: IdSource;
}

/**
 * The Graph surface's opt-in switch: with it on, a template to a number without a matching opt-in is
 * refused before it leaves Kabar (4900001). Off by default, as Meta does not check opt-in.
 */
export function templateConsentStage(deps: ConsentStageDeps): SendStage {
  return {
    name: 'consent.template-opt-in',
    check({ message, number }) {
      if (message.type !== 'template') return proceed;
      const needed = requiredConsent(message.category);
      if (needed === undefined) return proceed;
      return checkOptIn(deps, number, message.waId, needed);
    },
  };
}

/** A template needs an opt-in for its category when the business turned the Graph opt-in check on. */
async function checkOptIn(deps: ConsentStageDeps, number: PhoneNumber, waId: string, needed: ConsentCategory): Promise<SendVerdict> {
  if (!(await consentPolicyOf(deps.settings, number.businessId)).graphOptInCheck) return proceed;
  const states = deps.consent.remembered(number.businessId, waId) ?? (await deps.consent.states(number.businessId, waId));
  const verdict = consentVerdict(states, needed, waId);
  return verdict.allowed ? proceed : { outcome: 'refuse', error: domainError('OPT_IN_REQUIRED', verdict.reason) };
}

/**
 * What users send that changes their consent: an opt-out keyword (default STOP, BERHENTI) withdraws
 * every category; the prefilled text of an opt-in link records the link's opt-ins, with the message
 * as proof.
 */
export function consentInboundStage(deps: ConsentStageDeps): InboundStage {
  return {
    name: 'consent.inbound',
    async onInbound({ number, message, now }) {
      const text = message.content.body ?? '';
      const proof = { message_id: encodeWamid({ waId: message.waId, key: message.key }), text, phone_number_id: number.id };
      const keyword = optOutKeyword(text, (await consentPolicyOf(deps.settings, number.businessId)).optOutKeywords);
      if (keyword !== undefined) {
        const entries = ledgerEntries(deps.ids, { businessId: number.businessId, waId: message.waId, categories: consentCategories, action: 'opt_out', source: 'keyword', consentText: `Sent "${keyword}"`, proof, recordedAt: now }, now);
        return { records: records(ledgerAppended, entries) };
      }
      const token = tokenOf(text);
      if (token === undefined) return {};
      const link = await deps.consent.findLinkByToken(token);
      if (link === undefined || link.businessId !== number.businessId) return {};
      const entries = ledgerEntries(
        deps.ids,
        { businessId: number.businessId, waId: message.waId, categories: link.categories, action: 'opt_in', source: link.source, consentText: link.consentText, proof: { ...proof, link_id: link.id }, recordedAt: now },
        now,
      );
      return { records: records(ledgerAppended, entries) };
    },
  };
}
