/**
 * Rules about what a template says and how it stands among the WABA's other templates: hidden link
 * destinations, duplicates, the declared language, promotions filed under a transactional category,
 * and two warnings that predict low quality.
 */
import { detectorLanguage } from './languages.js';
import type { LanguageDetector } from './language-detection.js';
import { finding, type LintComponent, type LintFinding } from './lint-rules.catalog.js';
import { withoutPlaceholders } from './placeholders.js';
import { bodyOf, buttonsOf, footerOf, headerOf, type MessageTemplate, type TemplateDraft } from './template.model.js';

/** What a rule may know beyond the template: the WABA's other templates and a language detector. */
export interface LintContext {
  readonly others?: readonly MessageTemplate[];
  /** The template being edited, which is not its own duplicate. */
  readonly selfId?: string;
  readonly detect?: LanguageDetector;
}

const shorteners = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly', 's.id', 'shorturl.at',
  'rb.gy', 't.ly', 'tiny.cc', 'bit.do', 'lnkd.in', 'v.gd', 'shorte.st', 'adf.ly', 'bl.ink', 'short.io', 'tiny.one', 'u.to', 'qr.ae',
]);

interface TextPart {
  readonly component: LintComponent;
  readonly field: string;
  readonly text: string;
  readonly button?: number;
}

function textParts(draft: TemplateDraft): TextPart[] {
  const parts: TextPart[] = [];
  const header = headerOf(draft);
  if (header?.format === 'TEXT') parts.push({ component: 'HEADER', field: 'text', text: header.text });
  const body = bodyOf(draft)?.text;
  if (body !== null && body !== undefined) parts.push({ component: 'BODY', field: 'text', text: body });
  const footer = footerOf(draft)?.text;
  if (footer !== null && footer !== undefined) parts.push({ component: 'FOOTER', field: 'text', text: footer });
  buttonsOf(draft).forEach((button, index) => {
    if (button.type === 'URL') parts.push({ component: 'BUTTONS', field: 'url', text: button.url, button: index });
    if (button.type === 'QUICK_REPLY' || button.type === 'URL' || button.type === 'PHONE_NUMBER') parts.push({ component: 'BUTTONS', field: 'text', text: button.text, button: index });
  });
  return parts;
}

function shortenerRule(draft: TemplateDraft, out: LintFinding[]): void {
  for (const part of textParts(draft)) {
    for (const match of part.text.matchAll(/(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?=\/|\b)/gi)) {
      const host = (match[1] ?? '').toLowerCase().replace(/^www\./, '');
      if (!shorteners.has(host)) continue;
      out.push(
        finding('url-shortener', { component: part.component, field: part.field, ...(part.button === undefined ? {} : { button: part.button }), start: match.index, end: match.index + match[0].length }, {
          en: `${host} is a URL shortener.`,
          id: `${host} adalah layanan pemendek URL.`,
        }),
      );
    }
  }
}

function normalised(text: string | null | undefined): string {
  return withoutPlaceholders(text ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function duplicateRules(draft: TemplateDraft, context: LintContext, out: LintFinding[]): void {
  const others = (context.others ?? []).filter((other) => other.id !== context.selfId && other.status !== 'DELETED');
  const sameName = others.find((other) => other.name === draft.name && other.language === draft.language);
  if (sameName !== undefined) {
    out.push(finding('duplicate-name-language', { component: 'TEMPLATE', field: 'name' }, { en: `The WABA already has ${draft.name} in ${draft.language} (template ${sameName.id}).`, id: `WABA ini sudah memiliki ${draft.name} dalam ${draft.language} (template ${sameName.id}).` }));
  }
  if (draft.category === 'AUTHENTICATION') return;
  const content = `${normalised(bodyOf(draft)?.text)}|${normalised(footerOf(draft)?.text)}`;
  const twin = others.find((other) => other.category !== 'AUTHENTICATION' && other.language === draft.language && other.name !== draft.name && `${normalised(bodyOf(other)?.text)}|${normalised(footerOf(other)?.text)}` === content);
  if (twin !== undefined) {
    out.push(finding('duplicate-content', { component: 'BODY', field: 'text' }, { en: `The body and footer repeat template ${twin.name} (${twin.id}).`, id: `Body dan footer mengulang template ${twin.name} (${twin.id}).` }));
  }
}

/** The share the declared language's score must reach of the best one before a mismatch is not called. */
const languageMargin = 0.9;
const minimumWords = 4;

async function languageRule(draft: TemplateDraft, context: LintContext, out: LintFinding[]): Promise<void> {
  if (context.detect === undefined) return;
  const text = textParts(draft)
    .filter((part) => part.field === 'text' && part.component !== 'BUTTONS')
    .map((part) => withoutPlaceholders(part.text))
    .join('\n');
  if (text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length < minimumWords) return;
  const declared = detectorLanguage(draft.language);
  const detection = await context.detect(text);
  if (!detection.supported.has(declared) || !detection.reliable || detection.language === '' || detection.language === declared) return;
  const top = detection.scores[detection.language] ?? 0;
  const own = detection.scores[declared] ?? 0;
  if (own >= top * languageMargin) return;
  out.push(
    finding('language-mismatch', { component: 'BODY', field: 'text' }, {
      en: `The text reads as '${detection.language}', not as the declared ${draft.language}.`,
      id: `Teks terbaca sebagai '${detection.language}', bukan ${draft.language} seperti yang dinyatakan.`,
    }),
  );
}

/** Offers and calls to buy, in English and Indonesian. */
const promotional: readonly RegExp[] = [
  /\b\d{1,2}\s?%\s?(?:off|discount|diskon|potongan)\b/i,
  /\b(?:sale|discount|promo|promotion|special offer|limited[- ]time|buy now|shop now|order now|free shipping|flash sale|cashback|coupon|voucher|best price|deal of the day)\b/i,
  /\b(?:diskon|promo|penawaran|gratis ongkir|beli sekarang|belanja sekarang|pesan sekarang|harga spesial|terbatas|kupon|obral|hemat)\b/i,
];

function promotionalRule(draft: TemplateDraft, out: LintFinding[]): void {
  if (draft.category === 'MARKETING') return;
  for (const part of textParts(draft)) {
    if (part.field !== 'text') continue;
    for (const pattern of promotional) {
      const match = pattern.exec(part.text);
      if (match === null) continue;
      out.push(
        finding('promotional-content', { component: part.component, field: part.field, ...(part.button === undefined ? {} : { button: part.button }), start: match.index, end: match.index + match[0].length }, {
          en: `'${match[0]}' is promotional, and this template is filed as ${draft.category}.`,
          id: `'${match[0]}' bersifat promosi, padahal template ini diajukan sebagai ${draft.category}.`,
        }),
      );
      return;
    }
  }
  const coupon = buttonsOf(draft).findIndex((button) => button.type === 'COPY_CODE');
  if (coupon >= 0) out.push(finding('promotional-content', { component: 'BUTTONS', button: coupon }, { en: `A coupon-code button is promotional, and this template is filed as ${draft.category}.`, id: `Tombol kode kupon bersifat promosi, padahal template ini diajukan sebagai ${draft.category}.` }));
}

const optOut = /\b(?:stop|unsubscribe|opt[- ]?out|berhenti|jangan kirim|tidak tertarik|not interested)\b/i;

function warningRules(draft: TemplateDraft, out: LintFinding[]): void {
  if (draft.category === 'MARKETING') {
    const button = buttonsOf(draft).some((entry) => entry.type === 'QUICK_REPLY' && optOut.test(entry.text));
    if (!button && !optOut.test(footerOf(draft)?.text ?? '')) {
      out.push(finding('marketing-opt-out', { component: 'BUTTONS' }, { en: 'This marketing template offers no way to stop promotions.', id: 'Template pemasaran ini tidak menyediakan cara untuk berhenti menerima promosi.' }));
    }
  }
  const body = bodyOf(draft)?.text ?? '';
  const emoji = body.match(/\p{Extended_Pictographic}/gu)?.length ?? 0;
  if (emoji > 10) out.push(finding('emoji-heavy', { component: 'BODY', field: 'text' }, { en: `The body holds ${emoji} emoji.`, id: `Body berisi ${emoji} emoji.` }));
}

export async function contentRules(draft: TemplateDraft, context: LintContext): Promise<LintFinding[]> {
  const out: LintFinding[] = [];
  duplicateRules(draft, context, out);
  shortenerRule(draft, out);
  await languageRule(draft, context, out);
  promotionalRule(draft, out);
  warningRules(draft, out);
  return out;
}
