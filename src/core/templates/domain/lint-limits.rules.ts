/**
 * Rules about sizes and shapes (reference: Meta's template components page): field lengths, the text
 * header, buttons and their grouping, URL buttons, and the fixed form of AUTHENTICATION templates.
 */
import { finding, type LintComponent, type LintFinding } from './lint-rules.catalog.js';
import { exampleWhitespace } from './lint-variables.rules.js';
import { scanPlaceholders } from './placeholders.js';
import { bodyOf, buttonsOf, footerOf, headerOf, type TemplateDraft } from './template.model.js';

export const limits = { headerText: 60, body: 1024, footer: 60, buttonText: 25, url: 2000, phoneNumber: 20, couponCode: 15, buttons: 10, quickReplies: 10, urlButtons: 2 } as const;

/** Characters as people count them (an emoji is one). */
export function characters(text: string): number {
  return Array.from(text).length;
}

function tooLong(out: LintFinding[], component: LintComponent, field: string, text: string, limit: number, button?: number): void {
  const length = characters(text);
  if (length <= limit) return;
  out.push(
    finding('length-limit', { component, field, ...(button === undefined ? {} : { button }) }, {
      en: `${component}${button === undefined ? '' : `[${button}]`}.${field} has ${length} characters; the limit is ${limit}.`,
      id: `${component}${button === undefined ? '' : `[${button}]`}.${field} berisi ${length} karakter; batasnya ${limit}.`,
    }),
  );
}

const emoji = /\p{Extended_Pictographic}/u;

function headerRules(draft: TemplateDraft, out: LintFinding[]): void {
  const header = headerOf(draft);
  if (header === undefined) return;
  if (draft.category === 'AUTHENTICATION') {
    out.push(finding('authentication-format', { component: 'HEADER' }, { en: 'AUTHENTICATION templates have no header.', id: 'Template AUTHENTICATION tidak memiliki header.' }));
    return;
  }
  if (header.format !== 'TEXT') return;
  tooLong(out, 'HEADER', 'text', header.text, limits.headerText);
  const problems: string[] = [];
  if (/[\n\r]/.test(header.text)) problems.push('a newline');
  if (emoji.test(header.text)) problems.push('an emoji');
  if (/[*_~`]/.test(header.text)) problems.push('formatting characters (* _ ~ `)');
  if (scanPlaceholders(header.text).placeholders.length > 1) problems.push('more than one variable');
  if (problems.length > 0) {
    out.push(finding('header-format', { component: 'HEADER', field: 'text' }, { en: `The text header holds ${problems.join(', ')}.`, id: `Header teks berisi ${problems.join(', ').replace('a newline', 'baris baru').replace('an emoji', 'emoji').replace('formatting characters', 'karakter format').replace('more than one variable', 'lebih dari satu variabel')}.` }));
  }
}

function authenticationRules(draft: TemplateDraft, out: LintFinding[]): void {
  const buttons = buttonsOf(draft);
  const otp = buttons.filter((button) => button.type === 'OTP');
  if (draft.category !== 'AUTHENTICATION') {
    if (otp.length > 0) out.push(finding('authentication-format', { component: 'BUTTONS' }, { en: 'OTP buttons belong to AUTHENTICATION templates only.', id: 'Tombol OTP hanya untuk template AUTHENTICATION.' }));
    if (bodyOf(draft)?.text === null) out.push(finding('structure', { component: 'BODY', field: 'text' }, { en: 'The body needs its text.', id: 'Body memerlukan text.' }));
    return;
  }
  if (bodyOf(draft)?.text !== null && bodyOf(draft)?.text !== undefined) {
    out.push(finding('authentication-format', { component: 'BODY', field: 'text' }, { en: 'An AUTHENTICATION body has no text of its own: Meta renders the preset one (add_security_recommendation adds a safety line).', id: 'Body AUTHENTICATION tidak memiliki teks sendiri: Meta memakai teks bawaan (add_security_recommendation menambahkan kalimat keamanan).' }));
  }
  if (footerOf(draft)?.text !== null && footerOf(draft)?.text !== undefined) {
    out.push(finding('authentication-format', { component: 'FOOTER', field: 'text' }, { en: 'An AUTHENTICATION footer has no text of its own: use code_expiration_minutes.', id: 'Footer AUTHENTICATION tidak memiliki teks sendiri: gunakan code_expiration_minutes.' }));
  }
  if (otp.length !== 1 || buttons.length !== 1) {
    out.push(finding('authentication-format', { component: 'BUTTONS' }, { en: `An AUTHENTICATION template has exactly one OTP button; this one has ${otp.length} OTP and ${buttons.length - otp.length} other button(s).`, id: `Template AUTHENTICATION memiliki tepat satu tombol OTP; template ini memiliki ${otp.length} OTP dan ${buttons.length - otp.length} tombol lain.` }));
  }
}

function buttonRules(draft: TemplateDraft, out: LintFinding[]): void {
  const buttons = buttonsOf(draft);
  const count = (type: string): number => buttons.filter((button) => button.type === type).length;
  const over: string[] = [];
  if (buttons.length > limits.buttons) over.push(`${buttons.length} buttons (at most ${limits.buttons})`);
  if (count('QUICK_REPLY') > limits.quickReplies) over.push(`${count('QUICK_REPLY')} quick replies (at most ${limits.quickReplies})`);
  if (count('URL') > limits.urlButtons) over.push(`${count('URL')} URL buttons (at most ${limits.urlButtons})`);
  if (count('PHONE_NUMBER') > 1) over.push(`${count('PHONE_NUMBER')} phone-number buttons (at most 1)`);
  if (count('COPY_CODE') > 1) over.push(`${count('COPY_CODE')} copy-code buttons (at most 1)`);
  if (over.length > 0) out.push(finding('buttons-limit', { component: 'BUTTONS' }, { en: `Too many buttons: ${over.join(', ')}.`, id: `Terlalu banyak tombol: ${over.join(', ').replace(/at most/g, 'paling banyak')}.` }));
  const kinds = buttons.map((button) => (button.type === 'QUICK_REPLY' ? 'q' : 'c')).join('');
  if (/q+c+q/.test(kinds)) out.push(finding('buttons-order', { component: 'BUTTONS' }, { en: 'Quick-reply buttons are split by call-to-action buttons.', id: 'Tombol balasan cepat terpisah oleh tombol ajakan bertindak.' }));
  buttons.forEach((button, index) => {
    if (button.type === 'QUICK_REPLY' || button.type === 'URL' || button.type === 'PHONE_NUMBER') {
      if (button.text.trim() === '') out.push(finding('structure', { component: 'BUTTONS', button: index, field: 'text' }, { en: 'The button needs a text.', id: 'Tombol memerlukan text.' }));
      tooLong(out, 'BUTTONS', 'text', button.text, limits.buttonText, index);
    }
    if (button.type === 'PHONE_NUMBER') tooLong(out, 'BUTTONS', 'phone_number', button.phoneNumber, limits.phoneNumber, index);
    if (button.type === 'COPY_CODE') {
      tooLong(out, 'BUTTONS', 'example', button.example, limits.couponCode, index);
      exampleWhitespace('BUTTONS', button.example, out, index);
    }
    if (button.type === 'URL') urlButtonRules(button, index, out);
  });
}

function urlButtonRules(button: { readonly url: string; readonly example: string | null }, index: number, out: LintFinding[]): void {
  tooLong(out, 'BUTTONS', 'url', button.url, limits.url, index);
  const scan = scanPlaceholders(button.url);
  const problems: string[] = [];
  if (!/^https?:\/\/[^\s/{}]+/i.test(button.url)) problems.push('it is not an http(s) URL');
  if (scan.placeholders.length + scan.malformed.length > 1) problems.push('it has more than one variable');
  const variable = scan.placeholders[0];
  if (variable !== undefined && variable.end !== button.url.length) problems.push('its variable is not at the end');
  if (variable !== undefined && variable.name !== '1') problems.push('its variable is not {{1}}');
  if (variable !== undefined && (button.example === null || button.example.trim() === '')) problems.push('its variable has no example');
  if (problems.length > 0) {
    out.push(finding('button-url', { component: 'BUTTONS', button: index, field: 'url' }, { en: `URL button ${index}: ${problems.join('; ')}.`, id: `Tombol URL ${index}: ${problems.join('; ').replace('it is not an http(s) URL', 'bukan URL http(s)').replace('it has more than one variable', 'berisi lebih dari satu variabel').replace('its variable is not at the end', 'variabelnya tidak di akhir').replace('its variable is not {{1}}', 'variabelnya bukan {{1}}').replace('its variable has no example', 'variabelnya tidak memiliki contoh')}.` }));
  }
  if (button.example !== null) exampleWhitespace('BUTTONS', button.example, out, index);
}

export function limitRules(draft: TemplateDraft): LintFinding[] {
  const out: LintFinding[] = [];
  headerRules(draft, out);
  const body = bodyOf(draft);
  if (body?.text !== null && body?.text !== undefined) tooLong(out, 'BODY', 'text', body.text, limits.body);
  const footer = footerOf(draft);
  if (footer?.text !== null && footer?.text !== undefined) tooLong(out, 'FOOTER', 'text', footer.text, limits.footer);
  authenticationRules(draft, out);
  buttonRules(draft, out);
  return out;
}
