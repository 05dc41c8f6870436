/**
 * The `template` message type: finds the approved template by name and language in the sending
 * number's WABA, checks its status and the send's parameters, and stores what the phone will show.
 * The message's category is the template's, in lower case, for pricing and messaging limits.
 */
import type { MessageComposer } from '../../messaging/index.js';
import { domainError, fail, ok } from '../../shared/index.js';
import { composeTemplateMessage } from '../domain/template-send.js';
import { isSendable, type MessageTemplate } from '../domain/template.model.js';

export interface TemplateLookup {
  /** The live template of this name and language in the WABA (sample templates included). */
  find(wabaId: string, name: string, language: string): Promise<MessageTemplate | undefined>;
}

type Json = Readonly<Record<string, unknown>>;

export function templateComposer(lookup: TemplateLookup): MessageComposer {
  return {
    type: 'template',
    async compose({ body, number }) {
      const request = (body as Json)['template'];
      if (typeof request !== 'object' || request === null || Array.isArray(request)) return fail(domainError('PARAMETER_MISSING', 'The parameter template is required.'));
      const fields = request as Json;
      const name = fields['name'];
      const language = fields['language'];
      const code = typeof language === 'object' && language !== null ? (language as Json)['code'] : undefined;
      if (typeof name !== 'string' || name.length === 0) return fail(domainError('PARAMETER_MISSING', "The parameter template['name'] is required."));
      if (typeof code !== 'string' || code.length === 0) return fail(domainError('PARAMETER_MISSING', "The parameter template['language']['code'] is required."));
      const template = await lookup.find(number.wabaId, name, code);
      if (template === undefined) return fail(domainError('TEMPLATE_NOT_FOUND', `template name (${name}) does not exist in ${code}`));
      if (template.status === 'PAUSED') return fail(domainError('TEMPLATE_PAUSED', `Template ${name} (${code}) is paused for low quality until ${new Date(template.pausedUntil ?? 0).toISOString()}.`));
      if (template.status === 'DISABLED') return fail(domainError('TEMPLATE_DISABLED', `Template ${name} (${code}) is disabled: its quality stayed low. Create a new template.`));
      if (!isSendable(template.status)) return fail(domainError('TEMPLATE_NOT_FOUND', `template name (${name}) in ${code} is ${template.status}, not approved`));
      const content = composeTemplateMessage(template, fields['components']);
      if (!content.ok) return content;
      return ok({ type: 'template', content: content.value, category: template.category === 'MARKETING' ? 'marketing' : template.category === 'UTILITY' ? 'utility' : 'authentication' });
    },
  };
}
