import type { Contact } from '../../contacts/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import { consentVerdict, requiredConsent } from '../domain/consent.policy.js';
import type { ConsentRepository } from '../ports.js';
import { consentPolicyOf } from './consent-policy.js';

/**
 * May the CRM (campaigns, the inbox, the console) message this contact? Not while an identity
 * change is unacknowledged; and a template needs a matching opt-in unless the business turned the
 * CRM's opt-in check off. Every CRM send path asks this before sending.
 */
export async function crmSendCheck(
  deps: { readonly consent: ConsentRepository; readonly settings: BusinessSettings },
  input: { readonly contact: Contact; readonly template: boolean; readonly category: string | null },
): Promise<Result<void, DomainError>> {
  const { contact } = input;
  if (contact.pendingIdentity !== null) {
    return fail(
      domainError(
        'IDENTITY_UNACKNOWLEDGED',
        `${contact.waId} changed identity on ${new Date(contact.pendingIdentity.detectedAt).toISOString()} (a reinstall, a new phone or a new owner of the number); acknowledge it (POST /admin/businesses/${contact.businessId}/contacts/${contact.id}/identity/acknowledge) before messaging this contact.`,
      ),
    );
  }
  if (!input.template) return ok(undefined);
  const needed = requiredConsent(input.category);
  if (needed === undefined || !(await consentPolicyOf(deps.settings, contact.businessId)).crmOptInCheck) return ok(undefined);
  const verdict = consentVerdict(await deps.consent.states(contact.businessId, contact.waId), needed, contact.waId);
  return verdict.allowed ? ok(undefined) : fail(domainError('OPT_IN_REQUIRED', verdict.reason));
}
