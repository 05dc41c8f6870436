import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import { escalationKinds, type EscalationKind } from '../records.js';

/**
 * A human escalation path: customers must be able to reach a person — handed over to an agent in the
 * chat, a phone number, an email address, a web support form, or a visit to a store. Routes that
 * only send the customer elsewhere (social media, a help-centre site, an app link) do not count
 * (WhatsApp Business Messaging Policy: https://business.whatsapp.com/policy).
 */
export const indirectRoutes: Readonly<Record<string, string>> = {
  social_media: 'a social media page sends the customer elsewhere instead of to a person',
  help_center: 'a help-centre site offers articles, not a person',
  app_link: 'an app link sends the customer to an app instead of to a person',
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9 ()-]{6,20}$/;

export function checkEscalationPath(kind: string, value: string): Result<{ readonly kind: EscalationKind; readonly value: string }, DomainError> {
  const indirect = indirectRoutes[kind];
  if (indirect !== undefined) return fail(domainError('ESCALATION_PATH_INDIRECT', `An escalation path of kind ${kind} is not a human escalation path: ${indirect}. Declare one of ${escalationKinds.join(', ')}.`));
  if (!(escalationKinds as readonly string[]).includes(kind)) return fail(domainError('PARAMETER_INVALID', `Unknown escalation path kind '${kind}': use one of ${escalationKinds.join(', ')}.`));
  const trimmed = value.trim();
  const chosen = kind as EscalationKind;
  if (chosen !== 'agent_handover' && trimmed.length === 0) return fail(domainError('PARAMETER_MISSING', `An escalation path of kind ${kind} needs a value (the number, address, form or store).`));
  if (chosen === 'email' && !emailPattern.test(trimmed)) return fail(domainError('PARAMETER_INVALID', `'${trimmed}' is not an email address.`));
  if (chosen === 'phone_number' && !phonePattern.test(trimmed)) return fail(domainError('PARAMETER_INVALID', `'${trimmed}' is not a phone number.`));
  if (chosen === 'web_form') {
    let host = '';
    try {
      host = new URL(trimmed).hostname.toLowerCase();
    } catch {
      return fail(domainError('PARAMETER_INVALID', `'${trimmed}' is not a URL of a web support form.`));
    }
    if (/(^|\.)(facebook|instagram|twitter|x|tiktok|linkedin)\.com$/.test(host)) return fail(domainError('ESCALATION_PATH_INDIRECT', `A social media page (${host}) is not a human escalation path: ${indirectRoutes['social_media'] ?? ''}.`));
    if (/(^|\.)(apps\.apple\.com|play\.google\.com)$/.test(host)) return fail(domainError('ESCALATION_PATH_INDIRECT', `An app store link (${host}) is not a human escalation path: ${indirectRoutes['app_link'] ?? ''}.`));
  }
  return ok({ kind: chosen, value: trimmed });
}
