import { memoize } from '../../shared/index.js';

/**
 * Variables in template text: positional `{{1}}` or named `{{first_name}}` (Meta: lowercase letters
 * and underscores). Anything else made of braces is malformed and is reported where it stands.
 */
export interface Placeholder {
  /** "1" for `{{1}}`, "first_name" for `{{first_name}}`. */
  readonly name: string;
  readonly positional: boolean;
  readonly start: number;
  readonly end: number;
}

export interface Malformed {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface PlaceholderScan {
  readonly placeholders: readonly Placeholder[];
  readonly malformed: readonly Malformed[];
}

const candidate = /\{\{([^{}]*)\}\}|\{+[^{}\s]{0,40}\}+|\{\{|\}\}|\{[0-9]+\}/g;
const positional = /^[1-9][0-9]{0,2}$/;
const named = /^[a-z_]{1,64}$/;

export function scanPlaceholders(text: string): PlaceholderScan {
  const placeholders: Placeholder[] = [];
  const malformed: Malformed[] = [];
  for (const match of text.matchAll(candidate)) {
    const start = match.index;
    const end = start + match[0].length;
    const inner = match[1];
    if (inner !== undefined && positional.test(inner)) placeholders.push({ name: inner, positional: true, start, end });
    else if (inner !== undefined && named.test(inner)) placeholders.push({ name: inner, positional: false, start, end });
    else malformed.push({ text: match[0], start, end });
  }
  return { placeholders, malformed };
}

/**
 * The distinct variable names in order of first appearance. A template's texts are read on every
 * send of it and do not change, so each text is scanned once (a bounded number of texts remembered).
 */
export const variableNames: (text: string) => readonly string[] = memoize(2_000, (text: string) => text, (text: string): readonly string[] => {
  const seen: string[] = [];
  for (const placeholder of scanPlaceholders(text).placeholders) if (!seen.includes(placeholder.name)) seen.push(placeholder.name);
  return seen;
});

/** The text with every variable replaced by its value (unknown names stay as they are). */
export function fillPlaceholders(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{([1-9][0-9]{0,2}|[a-z_]{1,64})\}\}/g, (whole, name: string) => values.get(name) ?? whole);
}

/** The text without its variables, for word counts, duplicate checks and language detection. */
export function withoutPlaceholders(text: string): string {
  return text.replace(/\{\{[^{}]*\}\}/g, ' ');
}
