import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language-detection.js';
import { lintRules, type LintRuleId } from './lint-rules.catalog.js';
import { lintTemplate, submitError } from './template-lint.js';
import type { MessageTemplate } from './template.model.js';

type Json = Record<string, unknown>;

const body = (text: string, example?: string[]): Json => ({ type: 'BODY', text, ...(example === undefined ? {} : { example: { body_text: [example] } }) });

const base = (components: Json[], extra: Json = {}): Json => ({ name: 'order_update', language: 'en_US', category: 'UTILITY', components, ...extra });

const fine = body('Hi {{1}}, your order {{2}} ships today from our warehouse.', ['Pablo', '#1042']);

const existing: MessageTemplate = {
  id: '111',
  businessId: '1',
  wabaId: '2',
  name: 'shipping_notice',
  language: 'en_US',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  components: [{ type: 'BODY', text: 'Your parcel {{1}} left our warehouse this morning and arrives soon.', examples: [{ name: '1', example: 'A1' }] }],
  subCategory: null,
  messageSendTtlSeconds: null,
  status: 'APPROVED',
  rejectedReason: 'NONE',
  previousCategory: null,
  correctCategory: null,
  categoryUpdateAt: null,
  quality: 'UNKNOWN',
  qualityUpdatedAt: null,
  qualitySince: 0,
  flaggedAt: null,
  pausedUntil: null,
  pauseCount: 0,
  edits: [],
  createdAt: 0,
  updatedAt: 0,
  deletedAt: null,
};

/** For each rule: a template that triggers it and a close one that does not (docs/templates-lint.md shows the triggers). */
const cases: Readonly<Record<LintRuleId, { readonly trigger: Json; readonly clean: Json }>> = {
  'structure': { trigger: base([{ type: 'FOOTER', text: 'Thanks' }]), clean: base([fine, { type: 'FOOTER', text: 'Thanks' }]) },
  'name-format': { trigger: { ...base([fine]), name: 'Order-Update' }, clean: { ...base([fine]), name: 'order_update_2' } },
  'language-unknown': { trigger: base([fine], { language: 'english' }), clean: base([fine], { language: 'en' }) },
  'category-unknown': { trigger: base([fine], { category: 'TRANSACTIONAL' }), clean: base([fine], { category: 'utility' }) },
  'placeholder-malformed': { trigger: base([body('Hi {{ 1 }}, your order {{2}} ships today from our warehouse.', ['Pablo', '#1042'])]), clean: base([fine]) },
  'placeholder-sequence': { trigger: base([body('Hi {{1}}, your order {{3}} ships today from our warehouse.', ['Pablo', '#1042'])]), clean: base([fine]) },
  'placeholder-format-mixed': {
    trigger: base([body('Hi {{first_name}}, your order {{2}} ships today from our warehouse.', ['Pablo', '#1042'])]),
    clean: base([{ type: 'BODY', text: 'Hi {{first_name}}, your order {{order_id}} ships today from our warehouse.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_id', example: '#1042' }] } }], { parameter_format: 'NAMED' }),
  },
  'variable-at-edge': { trigger: base([body('{{1}}, your order {{2}} ships today from our warehouse.', ['Pablo', '#1042'])]), clean: base([fine]) },
  'variables-adjacent': { trigger: base([body('Hi there, your order {{1}} {{2}} ships today from our warehouse.', ['Pablo', '#1042'])]), clean: base([body('Hi there, your order {{1}} for {{2}} ships today from our warehouse.', ['#1042', 'Pablo'])]) },
  'variable-density': { trigger: base([body('Hi {{1}}, order {{2}}, code {{3}} ok.', ['a', 'b', 'c'])]), clean: base([body('Hi {{1}}, your order {{2}} will reach {{3}} today, thank you.', ['a', 'b', 'c'])]) },
  'example-missing': { trigger: base([body('Hi {{1}}, your order {{2}} ships today from our warehouse.')]), clean: base([fine]) },
  'example-mismatch': { trigger: base([body('Hi {{1}}, your order {{2}} ships today from our warehouse.', ['Pablo'])]), clean: base([fine]) },
  'example-whitespace': { trigger: base([body('Hi {{1}}, your order {{2}} ships today from our warehouse.', ['Pablo\nGarcia', '#1042'])]), clean: base([fine]) },
  'length-limit': { trigger: base([fine, { type: 'FOOTER', text: 'x'.repeat(61) }]), clean: base([fine, { type: 'FOOTER', text: 'x'.repeat(60) }]) },
  'header-format': { trigger: base([{ type: 'HEADER', format: 'TEXT', text: '*Order* update' }, fine]), clean: base([{ type: 'HEADER', format: 'TEXT', text: 'Order update' }, fine]) },
  'footer-variables': { trigger: base([fine, { type: 'FOOTER', text: 'Sent to {{1}}' }]), clean: base([fine, { type: 'FOOTER', text: 'Sent by Toko Maju' }]) },
  'buttons-limit': {
    trigger: base([fine, { type: 'BUTTONS', buttons: [1, 2, 3].map((index) => ({ type: 'URL', text: `Link ${index}`, url: `https://example.com/${index}` })) }]),
    clean: base([fine, { type: 'BUTTONS', buttons: [1, 2].map((index) => ({ type: 'URL', text: `Link ${index}`, url: `https://example.com/${index}` })) }]),
  },
  'buttons-order': {
    trigger: base([fine, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'URL', text: 'Track', url: 'https://example.com/t' }, { type: 'QUICK_REPLY', text: 'No' }] }]),
    clean: base([fine, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'QUICK_REPLY', text: 'No' }, { type: 'URL', text: 'Track', url: 'https://example.com/t' }] }]),
  },
  'button-url': {
    trigger: base([fine, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/{{1}}/track', example: ['A1'] }] }]),
    clean: base([fine, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}', example: ['A1'] }] }]),
  },
  'authentication-format': {
    trigger: base([{ type: 'BODY', text: 'Your code is {{1}}, valid for a short while.', example: { body_text: [['123456']] } }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }], { category: 'AUTHENTICATION' }),
    clean: base([{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 10 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }], { category: 'AUTHENTICATION' }),
  },
  'duplicate-name-language': { trigger: { ...base([fine]), name: 'shipping_notice' }, clean: { ...base([fine]), name: 'shipping_notice', language: 'en_GB' } },
  'url-shortener': { trigger: base([body('Hi {{1}}, track your order at https://bit.ly/3xYz today, thank you.', ['Pablo'])]), clean: base([body('Hi {{1}}, track your order at https://tokomaju.co.id/track today, thank you.', ['Pablo'])]) },
  'duplicate-content': {
    trigger: base([body('Your parcel {{1}} left our warehouse this morning and arrives soon.', ['B2'])]),
    clean: base([body('Your parcel {{1}} left our warehouse this evening and arrives tomorrow.', ['B2'])]),
  },
  'language-mismatch': {
    trigger: base([body('Halo {{1}}, pesanan Anda sudah dikirim hari ini dari gudang kami.', ['Siti'])]),
    clean: base([body('Halo {{1}}, pesanan Anda sudah dikirim hari ini dari gudang kami.', ['Siti'])], { language: 'id' }),
  },
  'promotional-content': {
    trigger: base([body('Hi {{1}}, your order shipped. Get 20% off your next purchase this week!', ['Pablo'])]),
    clean: base([body('Hi {{1}}, your order shipped. Get 20% off your next purchase this week!', ['Pablo'])], { category: 'MARKETING', components: [body('Hi {{1}}, your order shipped. Get 20% off your next purchase this week!', ['Pablo']), { type: 'FOOTER', text: 'Reply STOP to opt out' }] }),
  },
  'marketing-opt-out': {
    trigger: base([body('Hi {{1}}, our new collection arrived in store this week.', ['Pablo'])], { category: 'MARKETING' }),
    clean: base([body('Hi {{1}}, our new collection arrived in store this week.', ['Pablo']), { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }] }], { category: 'MARKETING' }),
  },
  'emoji-heavy': { trigger: base([body(`Hi {{1}}, your order ships today ${'🎉'.repeat(11)} thank you.`, ['Pablo'])]), clean: base([body('Hi {{1}}, your order ships today 🎉 thank you.', ['Pablo'])]) },
};

async function rulesOf(template: Json): Promise<LintRuleId[]> {
  const report = await lintTemplate(template, { others: [existing], detect: detectLanguage });
  return report.findings.map((entry) => entry.rule);
}

describe('template linter', () => {
  it('has a triggering and a clean example for every rule', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(lintRules).sort());
  });

  for (const [rule, { trigger, clean }] of Object.entries(cases) as [LintRuleId, { trigger: Json; clean: Json }][]) {
    it(`reports ${rule} (${lintRules[rule].severity}) and not on the clean variant`, async () => {
      expect(await rulesOf(trigger)).toContain(rule);
      expect(await rulesOf(clean)).not.toContain(rule);
    });
  }

  it('passes the reference template without a finding', async () => {
    const reference = base([
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1042'] } },
      body('Hi {{1}}, your order {{2}} ships today.', ['Pablo', '860198-230332']),
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop updates' }, { type: 'URL', text: 'Track', url: 'https://ex.com/t/{{1}}', example: ['ABC123'] }] },
    ]);
    expect(await rulesOf(reference)).toEqual([]);
  });

  it('gives every finding a location and a fix hint in English and Indonesian', async () => {
    const report = await lintTemplate(cases['variable-at-edge'].trigger, { detect: detectLanguage });
    const [first] = report.findings;
    expect(first).toMatchObject({ rule: 'variable-at-edge', severity: 'reject', stage: 'submit', location: { component: 'BODY', field: 'text', start: 0, end: 5 } });
    expect(first?.hint.en).toContain('fixed text');
    expect(first?.hint.id).toContain('teks tetap');
    expect(first?.message.id).toContain('{{1}}');
  });

  it('refuses a submit-stage finding with Meta\'s subcode and leaves review-stage ones to the reviewer', async () => {
    const dangling = await lintTemplate(cases['variable-at-edge'].trigger);
    expect(submitError(dangling.findings)?.code).toBe('TEMPLATE_DANGLING_PARAMETER');
    const density = await lintTemplate(cases['variable-density'].trigger);
    expect(submitError(density.findings)?.code).toBe('TEMPLATE_PARAMS_RATIO');
    const shortener = await lintTemplate(cases['url-shortener'].trigger);
    expect(submitError(shortener.findings)).toBeUndefined();
  });
});
