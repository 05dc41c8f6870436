import type { ConsentCategory, ConsentState } from './opt-in.model.js';

/**
 * A business's consent settings. The opt-in check refuses a template to a number without a
 * matching opt-in: on by default for the CRM's own sends, off by default on the Graph surface,
 * where Kabar answers as Meta does (Meta does not check opt-in).
 */
export interface ConsentPolicy {
  readonly graphOptInCheck: boolean;
  readonly crmOptInCheck: boolean;
  /** A message that is exactly one of these (any case, surrounding punctuation ignored) withdraws consent. */
  readonly optOutKeywords: readonly string[];
}

export const defaultConsentPolicy: ConsentPolicy = { graphOptInCheck: false, crmOptInCheck: true, optOutKeywords: ['STOP', 'BERHENTI'] };

/**
 * Which opt-in a template needs: marketing templates a marketing opt-in; utility and authentication
 * templates a utility opt-in. Non-template messages (inside the customer-service window) need none.
 */
export function requiredConsent(messageCategory: string | null): ConsentCategory | undefined {
  if (messageCategory === 'marketing') return 'marketing';
  if (messageCategory === 'utility' || messageCategory === 'authentication') return 'utility';
  return undefined;
}

export type ConsentVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export function consentVerdict(states: readonly ConsentState[], needed: ConsentCategory, waId: string): ConsentVerdict {
  const state = states.find((entry) => entry.category === needed);
  if (state?.action === 'opt_in') return { allowed: true };
  const reason =
    state === undefined
      ? `${waId} has no ${needed} opt-in recorded for this business. Record one (POST /admin/businesses/{id}/consent/opt-ins, or an opt-in link) before sending ${needed} templates.`
      : `${waId} withdrew ${needed} consent (ledger entry ${state.entryKey}); ${needed} templates may not be sent until they opt in again.`;
  return { allowed: false, reason };
}

/** The keyword a message is, if it is one of the business's opt-out keywords. */
export function optOutKeyword(text: string, keywords: readonly string[]): string | undefined {
  const word = text.trim().replace(/^[\s"'.!,;:]+|[\s"'.!,;:]+$/g, '').toUpperCase();
  return keywords.find((keyword) => keyword.toUpperCase() === word);
}

export function normaliseKeywords(keywords: readonly string[]): string[] {
  return [...new Set(keywords.map((keyword) => keyword.trim().toUpperCase()).filter((keyword) => keyword.length > 0))];
}
