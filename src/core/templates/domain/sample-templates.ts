/**
 * Meta's sample template, present in every new WABA so that the getting-started guide's "send a
 * test message" request (`hello_world`, `en_US`) works unchanged.
 */
import type { TemplateDraft } from './template.model.js';

export const helloWorld: TemplateDraft = {
  name: 'hello_world',
  language: 'en_US',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Hello World', examples: [] },
    {
      type: 'BODY',
      text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      examples: [],
    },
    { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
  ],
  subCategory: null,
  messageSendTtlSeconds: null,
};

export const sampleTemplates: readonly TemplateDraft[] = [helloWorld];
