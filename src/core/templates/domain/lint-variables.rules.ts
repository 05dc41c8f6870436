/**
 * Rules about variables and their examples: well-formed, sequential, not at the body's edges, not
 * adjacent, not too dense, each with an example that is a plain one-line value.
 */
import { finding, type LintComponent, type LintFinding } from './lint-rules.catalog.js';
import { scanPlaceholders, variableNames, withoutPlaceholders } from './placeholders.js';
import { bodyOf, footerOf, headerOf, type TemplateDraft, type VariableExample } from './template.model.js';

interface TextField {
  readonly component: LintComponent;
  readonly text: string;
  readonly examples: readonly VariableExample[];
}

function textFields(draft: TemplateDraft): TextField[] {
  const fields: TextField[] = [];
  const header = headerOf(draft);
  if (header?.format === 'TEXT') fields.push({ component: 'HEADER', text: header.text, examples: header.examples });
  const body = bodyOf(draft);
  if (body !== undefined && body.text !== null) fields.push({ component: 'BODY', text: body.text, examples: body.examples });
  return fields;
}

/** Words with a letter or digit, outside the variables. */
export function fixedWords(text: string): number {
  return withoutPlaceholders(text)
    .split(/\s+/)
    .filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

/** What may stand between a variable and the body's edge and still leave the variable dangling. */
const edgePunctuation = /^[\s.,;:!?¡¿()"'*_~…\-–—]+|[\s.,;:!?¡¿()"'*_~…\-–—]+$/gu;

function placeholderRules(draft: TemplateDraft, field: TextField, out: LintFinding[]): void {
  const scan = scanPlaceholders(field.text);
  for (const bad of scan.malformed) {
    out.push(finding('placeholder-malformed', { component: field.component, field: 'text', start: bad.start, end: bad.end }, { en: `'${bad.text}' is not a valid variable.`, id: `'${bad.text}' bukan variabel yang valid.` }));
  }
  const wrongKind = scan.placeholders.filter((placeholder) => placeholder.positional !== (draft.parameterFormat === 'POSITIONAL'));
  for (const placeholder of wrongKind) {
    out.push(
      finding('placeholder-format-mixed', { component: field.component, field: 'text', start: placeholder.start, end: placeholder.end }, {
        en: `{{${placeholder.name}}} does not fit parameter_format ${draft.parameterFormat}.`,
        id: `{{${placeholder.name}}} tidak sesuai dengan parameter_format ${draft.parameterFormat}.`,
      }),
    );
  }
  if (draft.parameterFormat === 'POSITIONAL' && wrongKind.length === 0) {
    const numbers = [...new Set(scan.placeholders.map((placeholder) => Number(placeholder.name)))].sort((left, right) => left - right);
    const missing = numbers.length === 0 ? [] : Array.from({ length: numbers[numbers.length - 1] ?? 0 }, (_, index) => index + 1).filter((number) => !numbers.includes(number));
    if (missing.length > 0) {
      out.push(
        finding('placeholder-sequence', { component: field.component, field: 'text' }, {
          en: `Variables must run from {{1}} without gaps; {{${missing.join('}}, {{')}}} ${missing.length === 1 ? 'is' : 'are'} missing.`,
          id: `Variabel harus berurutan mulai dari {{1}} tanpa lompatan; {{${missing.join('}}, {{')}}} tidak ada.`,
        }),
      );
    }
  }
  const placeholders = scan.placeholders;
  for (let index = 1; index < placeholders.length; index += 1) {
    const previous = placeholders[index - 1];
    const current = placeholders[index];
    if (previous !== undefined && current !== undefined && field.text.slice(previous.end, current.start).trim() === '') {
      out.push(
        finding('variables-adjacent', { component: field.component, field: 'text', start: previous.start, end: current.end }, {
          en: `{{${previous.name}}} and {{${current.name}}} stand next to each other.`,
          id: `{{${previous.name}}} dan {{${current.name}}} berdampingan tanpa teks.`,
        }),
      );
    }
  }
}

function exampleRules(field: TextField, out: LintFinding[]): void {
  const names = variableNames(field.text);
  if (names.length === 0) return;
  const given = field.examples.filter((example) => example.example.trim().length > 0);
  if (given.length === 0) {
    out.push(finding('example-missing', { component: field.component, field: 'example' }, { en: `The ${field.component.toLowerCase()} has ${names.length} variable(s) and no examples.`, id: `${field.component} memiliki ${names.length} variabel tanpa contoh.` }));
    return;
  }
  const exampleNames = field.examples.map((example) => example.name);
  const missing = names.filter((name) => !given.some((example) => example.name === name));
  const extra = exampleNames.filter((name) => !names.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    out.push(
      finding('example-mismatch', { component: field.component, field: 'example' }, {
        en: `Examples do not match the variables: ${missing.length > 0 ? `no example for ${missing.map((name) => `{{${name}}}`).join(', ')}` : ''}${missing.length > 0 && extra.length > 0 ? '; ' : ''}${extra.length > 0 ? `no variable for example ${extra.join(', ')}` : ''}.`,
        id: `Contoh tidak sesuai dengan variabel: ${missing.length > 0 ? `tidak ada contoh untuk ${missing.map((name) => `{{${name}}}`).join(', ')}` : ''}${missing.length > 0 && extra.length > 0 ? '; ' : ''}${extra.length > 0 ? `tidak ada variabel untuk contoh ${extra.join(', ')}` : ''}.`,
      }),
    );
  }
  for (const example of field.examples) exampleWhitespace(field.component, example.example, out);
}

export function hasForbiddenWhitespace(value: string): boolean {
  return /[\n\t]| {5,}/.test(value);
}

export function exampleWhitespace(component: LintComponent, value: string, out: LintFinding[], button?: number): void {
  if (!hasForbiddenWhitespace(value)) return;
  out.push(
    finding('example-whitespace', { component, field: 'example', ...(button === undefined ? {} : { button }) }, {
      en: `The example '${value.slice(0, 40).replace(/\n/g, '\\n').replace(/\t/g, '\\t')}' holds a newline, a tab or more than four consecutive spaces.`,
      id: `Contoh '${value.slice(0, 40).replace(/\n/g, '\\n').replace(/\t/g, '\\t')}' berisi baris baru, tab, atau lebih dari empat spasi berturut-turut.`,
    }),
  );
}

function bodyShapeRules(draft: TemplateDraft, out: LintFinding[]): void {
  const body = bodyOf(draft);
  if (body === undefined || body.text === null) return;
  const scan = scanPlaceholders(body.text);
  if (scan.placeholders.length === 0) return;
  const trimmed = body.text.replace(edgePunctuation, '');
  const first = scan.placeholders[0];
  const last = scan.placeholders[scan.placeholders.length - 1];
  if (trimmed.startsWith('{{') && first !== undefined) {
    out.push(finding('variable-at-edge', { component: 'BODY', field: 'text', start: first.start, end: first.end }, { en: `The body starts with {{${first.name}}}.`, id: `Body diawali dengan {{${first.name}}}.` }));
  }
  if (trimmed.endsWith('}}') && last !== undefined) {
    out.push(finding('variable-at-edge', { component: 'BODY', field: 'text', start: last.start, end: last.end }, { en: `The body ends with {{${last.name}}}.`, id: `Body diakhiri dengan {{${last.name}}}.` }));
  }
  const variables = scan.placeholders.length;
  const words = fixedWords(body.text);
  if (words < 2 * variables + 1) {
    out.push(
      finding('variable-density', { component: 'BODY', field: 'text' }, {
        en: `${variables} variable(s) in ${words} fixed word(s): at least ${2 * variables + 1} words are needed.`,
        id: `${variables} variabel dalam ${words} kata tetap: diperlukan paling sedikit ${2 * variables + 1} kata.`,
      }),
    );
  }
}

export function variableRules(draft: TemplateDraft): LintFinding[] {
  const out: LintFinding[] = [];
  for (const field of textFields(draft)) {
    placeholderRules(draft, field, out);
    exampleRules(field, out);
  }
  bodyShapeRules(draft, out);
  const header = headerOf(draft);
  if (header !== undefined && header.format !== 'TEXT' && header.format !== 'LOCATION' && (header.example === null || header.example.trim() === '')) {
    out.push(finding('example-missing', { component: 'HEADER', field: 'example' }, { en: `A ${header.format} header needs a sample in example.header_handle (a media handle or a URL).`, id: `Header ${header.format} memerlukan sampel di example.header_handle (media handle atau URL).` }));
  }
  const footer = footerOf(draft);
  if (footer?.text !== null && footer?.text !== undefined && /\{\{|\}\}/.test(footer.text)) {
    out.push(finding('footer-variables', { component: 'FOOTER', field: 'text' }, { en: 'The footer holds a variable.', id: 'Footer berisi variabel.' }));
  }
  return out;
}
