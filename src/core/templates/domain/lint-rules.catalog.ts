/**
 * Every rule of the template linter, which Kabar's simulated reviewer applies too. A rule is
 * `reject` (Meta refuses or rejects such a template) or `warn` (allowed, but likely to hurt). Rules
 * of the `submit` stage refuse the create or edit request itself, with Meta's error subcode; rules
 * of the `review` stage let the template in as PENDING and make the reviewer reject it with a
 * `rejected_reason`. docs/templates-lint.md lists each rule with an example that triggers it.
 */
import type { DomainErrorCode } from '../../shared/index.js';
import type { RejectedReason } from './template.model.js';

export type LintSeverity = 'reject' | 'warn';
export type LintStage = 'submit' | 'review';
export type LintComponent = 'TEMPLATE' | 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';

/** A sentence in English and Indonesian. */
export interface Bilingual {
  readonly en: string;
  readonly id: string;
}

export interface LintRuleInfo {
  readonly severity: LintSeverity;
  readonly stage: LintStage;
  /** The error a submit-stage rule answers with; `by-component` picks the header, body or footer format error. */
  readonly error?: DomainErrorCode | 'by-component';
  /** The `rejected_reason` a review-stage rule leads to. */
  readonly reason?: RejectedReason;
  readonly hint: Bilingual;
}

export const lintRules = {
  'structure': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'Send name, language, category and components as Meta documents them: one BODY, at most one HEADER, FOOTER and BUTTONS.', id: 'Kirim name, language, category, dan components sesuai dokumentasi Meta: satu BODY, paling banyak satu HEADER, FOOTER, dan BUTTONS.' },
  },
  'name-format': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'Use only lowercase letters, digits and underscores, at most 512 characters, e.g. order_update.', id: 'Gunakan hanya huruf kecil, angka, dan garis bawah, paling banyak 512 karakter, misalnya order_update.' },
  },
  'language-unknown': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'Use one of Meta\'s template language codes, such as en_US, id or pt_BR.', id: 'Gunakan salah satu kode bahasa template Meta, misalnya en_US, id, atau pt_BR.' },
  },
  'category-unknown': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'Choose MARKETING, UTILITY or AUTHENTICATION.', id: 'Pilih MARKETING, UTILITY, atau AUTHENTICATION.' },
  },
  'placeholder-malformed': {
    severity: 'reject', stage: 'submit', error: 'by-component',
    hint: { en: 'Write variables as {{1}}, {{2}} … or, for named parameters, {{first_name}}: two braces, no spaces, no #, $ or %.', id: 'Tulis variabel sebagai {{1}}, {{2}} … atau, untuk parameter bernama, {{first_name}}: dua kurung kurawal, tanpa spasi, tanpa #, $, atau %.' },
  },
  'placeholder-sequence': {
    severity: 'reject', stage: 'submit', error: 'by-component',
    hint: { en: 'Number positional variables from {{1}} without gaps: {{1}}, {{2}}, {{3}}.', id: 'Beri nomor variabel posisional mulai dari {{1}} tanpa lompatan: {{1}}, {{2}}, {{3}}.' },
  },
  'placeholder-format-mixed': {
    severity: 'reject', stage: 'submit', error: 'by-component',
    hint: { en: 'Use {{1}}-style variables with parameter_format POSITIONAL and {{name}}-style ones with NAMED, never both.', id: 'Gunakan variabel gaya {{1}} dengan parameter_format POSITIONAL dan gaya {{nama}} dengan NAMED, jangan dicampur.' },
  },
  'variable-at-edge': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_DANGLING_PARAMETER',
    hint: { en: 'Put fixed text before the first and after the last variable of the body.', id: 'Letakkan teks tetap sebelum variabel pertama dan sesudah variabel terakhir pada body.' },
  },
  'variables-adjacent': {
    severity: 'reject', stage: 'submit', error: 'by-component',
    hint: { en: 'Separate variables with words, e.g. "{{1}} and {{2}}" instead of "{{1}} {{2}}".', id: 'Pisahkan variabel dengan kata, misalnya "{{1}} dan {{2}}", bukan "{{1}} {{2}}".' },
  },
  'variable-density': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_PARAMS_RATIO',
    hint: { en: 'Add fixed words around the variables: at least two words per variable, plus one.', id: 'Tambahkan kata tetap di sekitar variabel: paling sedikit dua kata per variabel, ditambah satu.' },
  },
  'example-missing': {
    severity: 'reject', stage: 'submit', error: 'by-component',
    hint: { en: 'Give an example for every variable (example.body_text, header_text or the *_named_params lists) and a sample for media headers (example.header_handle).', id: 'Berikan contoh untuk setiap variabel (example.body_text, header_text, atau daftar *_named_params) dan sampel untuk header media (example.header_handle).' },
  },
  'example-mismatch': {
    severity: 'reject', stage: 'submit', error: 'by-component',
    hint: { en: 'Give exactly one example per variable, in order (positional) or by param_name (named).', id: 'Berikan tepat satu contoh per variabel, berurutan (posisional) atau menurut param_name (bernama).' },
  },
  'example-whitespace': {
    severity: 'reject', stage: 'submit', error: 'by-component',
    hint: { en: 'Parameter values cannot hold newlines, tabs or more than four consecutive spaces: put line breaks in the template text instead.', id: 'Nilai parameter tidak boleh berisi baris baru, tab, atau lebih dari empat spasi berturut-turut: letakkan baris baru di teks template.' },
  },
  'length-limit': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_FIELD_TOO_LONG',
    hint: { en: 'Shorten the field: header 60, body 1,024, footer 60, button text 25, URL 2,000, phone number 20, coupon code 15 characters.', id: 'Perpendek kolomnya: header 60, body 1.024, footer 60, teks tombol 25, URL 2.000, nomor telepon 20, kode kupon 15 karakter.' },
  },
  'header-format': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_HEADER_FORMAT',
    hint: { en: 'A text header is one line without emoji, asterisks or formatting, with at most one variable; LOCATION headers are for UTILITY and MARKETING only.', id: 'Header teks berupa satu baris tanpa emoji, tanda bintang, atau format, dengan paling banyak satu variabel; header LOCATION hanya untuk UTILITY dan MARKETING.' },
  },
  'footer-variables': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_FOOTER_FORMAT',
    hint: { en: 'Remove the variables from the footer: it is fixed text.', id: 'Hapus variabel dari footer: footer berisi teks tetap.' },
  },
  'buttons-limit': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'Use at most 10 buttons: up to 10 quick replies, 2 URL buttons, 1 phone number and 1 copy-code button.', id: 'Gunakan paling banyak 10 tombol: hingga 10 balasan cepat, 2 tombol URL, 1 nomor telepon, dan 1 tombol salin kode.' },
  },
  'buttons-order': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'Keep quick-reply buttons together, before or after the call-to-action buttons.', id: 'Kelompokkan tombol balasan cepat, sebelum atau sesudah tombol ajakan bertindak.' },
  },
  'button-url': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'A URL button holds an http(s) URL with at most one variable, {{1}}, at its very end, and an example for it.', id: 'Tombol URL berisi URL http(s) dengan paling banyak satu variabel, {{1}}, di bagian paling akhir, beserta contohnya.' },
  },
  'authentication-format': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_INVALID',
    hint: { en: 'AUTHENTICATION templates have Meta\'s preset body, an optional expiry footer and exactly one OTP button; OTP buttons belong to AUTHENTICATION only.', id: 'Template AUTHENTICATION memakai body bawaan Meta, footer masa berlaku opsional, dan tepat satu tombol OTP; tombol OTP hanya untuk AUTHENTICATION.' },
  },
  'duplicate-name-language': {
    severity: 'reject', stage: 'submit', error: 'TEMPLATE_NAME_LANGUAGE_EXISTS',
    hint: { en: 'Choose another name, or edit the existing template of this language.', id: 'Pilih nama lain, atau ubah template yang sudah ada untuk bahasa ini.' },
  },
  'url-shortener': {
    severity: 'reject', stage: 'review', reason: 'INVALID_FORMAT',
    hint: { en: 'Use the full URL of your own domain: shortened links hide where they lead.', id: 'Gunakan URL lengkap dari domain Anda sendiri: tautan pendek menyembunyikan tujuannya.' },
  },
  'duplicate-content': {
    severity: 'reject', stage: 'review', reason: 'INVALID_FORMAT',
    hint: { en: 'Reuse the existing template, or change this one\'s wording.', id: 'Gunakan template yang sudah ada, atau ubah susunan kata template ini.' },
  },
  'language-mismatch': {
    severity: 'reject', stage: 'review', reason: 'TAG_CONTENT_MISMATCH',
    hint: { en: 'Declare the language the text is written in, or translate the text.', id: 'Nyatakan bahasa yang dipakai teks, atau terjemahkan teksnya.' },
  },
  'promotional-content': {
    severity: 'reject', stage: 'review', reason: 'INCORRECT_CATEGORY',
    hint: { en: 'File offers, discounts and calls to buy as MARKETING, or remove them from this UTILITY or AUTHENTICATION template.', id: 'Ajukan penawaran, diskon, dan ajakan membeli sebagai MARKETING, atau hapus dari template UTILITY atau AUTHENTICATION ini.' },
  },
  'marketing-opt-out': {
    severity: 'warn', stage: 'review',
    hint: { en: 'Add a quick-reply button such as "Stop promotions": users who cannot opt out block the number instead, which lowers quality.', id: 'Tambahkan tombol balasan cepat seperti "Berhenti promosi": pengguna yang tidak bisa berhenti berlangganan akan memblokir nomor, sehingga kualitas turun.' },
  },
  'emoji-heavy': {
    severity: 'warn', stage: 'review',
    hint: { en: 'Keep to a few emoji: many read as spam.', id: 'Gunakan sedikit emoji saja: terlalu banyak terkesan seperti spam.' },
  },
} as const satisfies Readonly<Record<string, LintRuleInfo>>;

export type LintRuleId = keyof typeof lintRules;

export interface LintLocation {
  readonly component: LintComponent;
  /** A field of the component (`text`, `example`, `url`, `name`…). */
  readonly field?: string;
  /** The button's position in the BUTTONS component. */
  readonly button?: number;
  /** Character offsets in the field's text. */
  readonly start?: number;
  readonly end?: number;
}

export interface LintFinding {
  readonly rule: LintRuleId;
  readonly severity: LintSeverity;
  readonly stage: LintStage;
  readonly location: LintLocation;
  readonly message: Bilingual;
  readonly hint: Bilingual;
}

export function finding(rule: LintRuleId, location: LintLocation, message: Bilingual): LintFinding {
  const info: LintRuleInfo = lintRules[rule];
  return { rule, severity: info.severity, stage: info.stage, location, message, hint: info.hint };
}

/** `BODY.text[12..17]`, `BUTTONS[1].url`: where a finding is, in one token. */
export function formatLocation(location: LintLocation): string {
  const button = location.button === undefined ? '' : `[${location.button}]`;
  const field = location.field === undefined ? '' : `.${location.field}`;
  const range = location.start === undefined ? '' : `[${location.start}..${location.end ?? location.start}]`;
  return `${location.component}${button}${field}${range}`;
}
