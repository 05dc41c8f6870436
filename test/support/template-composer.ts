import type { MessageComposer } from '../../src/core/messaging/index.js';
import { domainError, fail, ok } from '../../src/core/shared/index.js';
import { defaultFeatures, type KabarFeature } from '../../src/server/index.js';

/**
 * A stand-in for the templates module in tests of rules that only look at a template's category:
 * `promo…` templates are marketing, `otp…` authentication, the rest utility.
 */
export const testTemplateComposer: MessageComposer = {
  type: 'template',
  compose({ body }) {
    const template = (body as { template?: { name?: unknown } }).template;
    if (typeof template?.name !== 'string') return Promise.resolve(fail(domainError('PARAMETER_MISSING', 'The parameter template is required.')));
    const category = template.name.startsWith('promo') ? 'marketing' : template.name.startsWith('otp') ? 'authentication' : 'utility';
    return Promise.resolve(ok({ type: 'template', content: { body: `template ${template.name}`, name: template.name }, category }));
  },
};

/** The default features, plus the stand-in template composer unless a feature already composes templates. */
export function featuresWithTemplates(): readonly KabarFeature[] {
  return [...defaultFeatures, { name: 'test-templates', setup: () => ({ composers: [testTemplateComposer] }) }];
}
