/**
 * Reads a template as Graph clients send it (`POST /{waba-id}/message_templates`, or the same JSON in
 * a file for the linter) into typed components. What cannot be read becomes a `structure` finding
 * rather than an exception, so the linter reports it beside everything else.
 */
import { finding, type LintFinding } from './lint-rules.catalog.js';
import { templateLanguages } from './languages.js';
import {
  templateCategories, type BodyComponent, type ButtonsComponent, type FooterComponent, type HeaderComponent, type ParameterFormat, type TemplateButton,
  type TemplateCategory, type TemplateComponent, type TemplateDraft, type VariableExample,
} from './template.model.js';

type Json = Readonly<Record<string, unknown>>;

export interface ParsedDraft {
  /** Undefined when name, language, category or components could not be read at all. */
  readonly draft: TemplateDraft | undefined;
  readonly findings: readonly LintFinding[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

const structure = (message: string, messageId: string, component: LintFinding['location']['component'] = 'TEMPLATE', field?: string): LintFinding =>
  finding('structure', { component, ...(field === undefined ? {} : { field }) }, { en: message, id: messageId });

/** Form-encoded bodies carry `components` as a JSON string. */
function componentsArray(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function parseCategory(raw: unknown): TemplateCategory | undefined {
  const value = text(raw)?.toUpperCase();
  return templateCategories.find((category) => category === value);
}

function namedExamples(raw: unknown): VariableExample[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((entry) => ({ name: text(entry['param_name']) ?? '', example: text(entry['example']) ?? '' }));
}

function positionalExamples(raw: unknown): VariableExample[] {
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return values.map((value, index) => ({ name: String(index + 1), example: text(value) ?? '' }));
}

function headerExamples(example: Json | undefined): VariableExample[] {
  if (example === undefined) return [];
  if (example['header_text_named_params'] !== undefined) return namedExamples(example['header_text_named_params']);
  return positionalExamples(example['header_text']);
}

function bodyExamples(example: Json | undefined): VariableExample[] {
  if (example === undefined) return [];
  if (example['body_text_named_params'] !== undefined) return namedExamples(example['body_text_named_params']);
  const rows = example['body_text'];
  // Meta's body_text is a list of rows (one row of values); a flat list is accepted as one row.
  const first: unknown = Array.isArray(rows) ? (Array.isArray(rows[0]) ? rows[0] : rows) : undefined;
  return positionalExamples(first);
}

function parseHeader(component: Json, findings: LintFinding[]): HeaderComponent | undefined {
  const format = text(component['format'])?.toUpperCase() ?? 'TEXT';
  const example = isObject(component['example']) ? component['example'] : undefined;
  if (format === 'TEXT') {
    const value = text(component['text']);
    if (value === null) {
      findings.push(structure('A TEXT header needs its text.', 'Header TEXT memerlukan text.', 'HEADER', 'text'));
      return undefined;
    }
    return { type: 'HEADER', format: 'TEXT', text: value, examples: headerExamples(example) };
  }
  if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') {
    const handles = example?.['header_handle'];
    const handle = Array.isArray(handles) ? text(handles[0]) : text(handles);
    return { type: 'HEADER', format, example: handle };
  }
  if (format === 'LOCATION') return { type: 'HEADER', format: 'LOCATION' };
  findings.push(structure(`Header format ${format} is not one of TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION.`, `Format header ${format} bukan salah satu dari TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION.`, 'HEADER', 'format'));
  return undefined;
}

function parseButton(raw: unknown, index: number, findings: LintFinding[]): TemplateButton | undefined {
  if (!isObject(raw)) {
    findings.push(finding('structure', { component: 'BUTTONS', button: index }, { en: 'Each button is an object.', id: 'Setiap tombol berupa objek.' }));
    return undefined;
  }
  const type = text(raw['type'])?.toUpperCase();
  const label = text(raw['text']) ?? '';
  const example = Array.isArray(raw['example']) ? text(raw['example'][0]) : text(raw['example']);
  switch (type) {
    case 'QUICK_REPLY':
      return { type, text: label };
    case 'URL':
      return { type, text: label, url: text(raw['url']) ?? '', example };
    case 'PHONE_NUMBER':
      return { type, text: label, phoneNumber: text(raw['phone_number']) ?? '' };
    case 'COPY_CODE':
      return { type, example: example ?? '' };
    case 'OTP': {
      const otpType = text(raw['otp_type'])?.toUpperCase();
      if (otpType !== 'COPY_CODE' && otpType !== 'ONE_TAP' && otpType !== 'ZERO_TAP') {
        findings.push(finding('structure', { component: 'BUTTONS', button: index, field: 'otp_type' }, { en: 'An OTP button needs otp_type COPY_CODE, ONE_TAP or ZERO_TAP.', id: 'Tombol OTP memerlukan otp_type COPY_CODE, ONE_TAP, atau ZERO_TAP.' }));
        return undefined;
      }
      return { type, otpType, text: text(raw['text']) };
    }
    default:
      findings.push(finding('structure', { component: 'BUTTONS', button: index, field: 'type' }, { en: `Button type ${String(raw['type'])} is not supported; use QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE or OTP.`, id: `Jenis tombol ${String(raw['type'])} tidak didukung; gunakan QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, atau OTP.` }));
      return undefined;
  }
}

/** The components of a create or edit request; `findings` says what could not be read. */
export function parseComponents(raw: unknown): { readonly components: TemplateComponent[] | undefined; readonly findings: LintFinding[] } {
  const findings: LintFinding[] = [];
  const list = componentsArray(raw);
  if (list === undefined) {
    findings.push(structure('components must be a list of HEADER, BODY, FOOTER and BUTTONS objects.', 'components harus berupa daftar objek HEADER, BODY, FOOTER, dan BUTTONS.'));
    return { components: undefined, findings };
  }
  const components: TemplateComponent[] = [];
  const seen = new Set<string>();
  for (const entry of list) {
    if (!isObject(entry)) {
      findings.push(structure('Each component is an object with a type.', 'Setiap komponen berupa objek dengan type.'));
      continue;
    }
    const type = text(entry['type'])?.toUpperCase() ?? '';
    if (seen.has(type)) {
      findings.push(structure(`There can be only one ${type} component.`, `Hanya boleh ada satu komponen ${type}.`));
      continue;
    }
    seen.add(type);
    const example = isObject(entry['example']) ? entry['example'] : undefined;
    if (type === 'HEADER') {
      const header = parseHeader(entry, findings);
      if (header !== undefined) components.push(header);
    } else if (type === 'BODY') {
      const body: BodyComponent = {
        type: 'BODY',
        text: text(entry['text']),
        examples: bodyExamples(example),
        ...(entry['add_security_recommendation'] === true ? { addSecurityRecommendation: true } : {}),
      };
      components.push(body);
    } else if (type === 'FOOTER') {
      const minutes = entry['code_expiration_minutes'];
      const footer: FooterComponent = { type: 'FOOTER', text: text(entry['text']), ...(typeof minutes === 'number' && Number.isInteger(minutes) ? { codeExpirationMinutes: minutes } : {}) };
      components.push(footer);
    } else if (type === 'BUTTONS') {
      const rawButtons = Array.isArray(entry['buttons']) ? entry['buttons'] : [];
      const buttons = rawButtons.map((button, index) => parseButton(button, index, findings)).filter((button): button is TemplateButton => button !== undefined);
      const component: ButtonsComponent = { type: 'BUTTONS', buttons };
      components.push(component);
    } else {
      findings.push(structure(`Component type ${String(entry['type'])} is not supported; use HEADER, BODY, FOOTER or BUTTONS.`, `Jenis komponen ${String(entry['type'])} tidak didukung; gunakan HEADER, BODY, FOOTER, atau BUTTONS.`));
    }
  }
  if (!seen.has('BODY')) findings.push(structure('A template needs a BODY component.', 'Template memerlukan komponen BODY.', 'BODY'));
  return { components, findings };
}

/** A whole template: name, language, category, parameter format and components. */
export function parseTemplateDraft(raw: unknown): ParsedDraft {
  const findings: LintFinding[] = [];
  const body = isObject(raw) ? raw : {};
  if (!isObject(raw)) findings.push(structure('The template is a JSON object.', 'Template berupa objek JSON.'));
  const name = text(body['name']);
  if (name === null) findings.push(structure('The parameter name is required.', 'Parameter name wajib diisi.', 'TEMPLATE', 'name'));
  else if (!/^[a-z0-9_]{1,512}$/.test(name)) {
    findings.push(finding('name-format', { component: 'TEMPLATE', field: 'name' }, { en: `'${name.slice(0, 80)}' is not a valid template name.`, id: `'${name.slice(0, 80)}' bukan nama template yang valid.` }));
  }
  const language = text(body['language']);
  if (language === null) findings.push(structure('The parameter language is required.', 'Parameter language wajib diisi.', 'TEMPLATE', 'language'));
  else if (!templateLanguages.has(language)) {
    findings.push(finding('language-unknown', { component: 'TEMPLATE', field: 'language' }, { en: `'${language.slice(0, 20)}' is not a template language code.`, id: `'${language.slice(0, 20)}' bukan kode bahasa template.` }));
  }
  const category = parseCategory(body['category']);
  if (body['category'] === undefined) findings.push(structure('The parameter category is required.', 'Parameter category wajib diisi.', 'TEMPLATE', 'category'));
  else if (category === undefined) {
    findings.push(finding('category-unknown', { component: 'TEMPLATE', field: 'category' }, { en: `'${String(body['category']).slice(0, 40)}' is not a template category.`, id: `'${String(body['category']).slice(0, 40)}' bukan kategori template.` }));
  }
  const formatText = text(body['parameter_format'])?.toUpperCase() ?? 'POSITIONAL';
  let parameterFormat: ParameterFormat = 'POSITIONAL';
  if (formatText === 'NAMED') parameterFormat = 'NAMED';
  else if (formatText !== 'POSITIONAL') findings.push(structure('parameter_format is POSITIONAL or NAMED.', 'parameter_format bernilai POSITIONAL atau NAMED.', 'TEMPLATE', 'parameter_format'));
  const parsed = body['components'] === undefined ? { components: undefined, findings: [structure('The parameter components is required.', 'Parameter components wajib diisi.', 'TEMPLATE', 'components')] } : parseComponents(body['components']);
  findings.push(...parsed.findings);
  const ttl = body['message_send_ttl_seconds'];
  const draft: TemplateDraft | undefined =
    name === null || language === null || category === undefined || parsed.components === undefined
      ? undefined
      : {
          name,
          language,
          category,
          parameterFormat,
          components: parsed.components,
          subCategory: text(body['sub_category']),
          messageSendTtlSeconds: typeof ttl === 'number' && Number.isInteger(ttl) ? ttl : null,
        };
  return { draft, findings };
}
