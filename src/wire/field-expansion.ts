/**
 * Graph's field expansion in `?fields=`: `id,name,analytics.start(1641024000).granularity(DAY)`.
 * The grammar kept here is the part clients send to WhatsApp nodes:
 *
 *   fields    = field *("," field)
 *   field     = name *("." modifier)
 *   modifier  = name "(" [arguments] ")"
 *   arguments = "[" item *("," item) "]" | item *("," item)
 *   item      = a number or bare word | 'single' or "double" quoted text
 *
 * Every argument comes back as a list of strings (`start(1641024000)` is `["1641024000"]`); the node
 * decides what a value means. Nested field lists (`field{a,b}`) are not part of it.
 */

export interface FieldModifier {
  readonly name: string;
  readonly values: readonly string[];
}

export interface ExpandedField {
  readonly name: string;
  readonly modifiers: readonly FieldModifier[];
}

export type FieldExpansion = { readonly ok: true; readonly fields: readonly ExpandedField[] } | { readonly ok: false; readonly reason: string };

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*/;
const barePattern = /^[^\s,()[\]'"]+/;

class Reader {
  #at = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.#at >= this.text.length;
  }

  skipSpaces(): void {
    while (!this.done && /\s/.test(this.text.charAt(this.#at))) this.#at += 1;
  }

  take(character: string): boolean {
    this.skipSpaces();
    if (this.text.charAt(this.#at) !== character) return false;
    this.#at += 1;
    return true;
  }

  peek(): string {
    this.skipSpaces();
    return this.text.charAt(this.#at);
  }

  match(pattern: RegExp): string | undefined {
    this.skipSpaces();
    const found = pattern.exec(this.text.slice(this.#at))?.[0];
    if (found !== undefined) this.#at += found.length;
    return found;
  }

  /** A quoted item without its quotes; a backslash keeps the next character. */
  quoted(): string | undefined {
    const quote = this.text.charAt(this.#at);
    let value = '';
    for (let at = this.#at + 1; at < this.text.length; at += 1) {
      const character = this.text.charAt(at);
      if (character === '\\' && at + 1 < this.text.length) {
        at += 1;
        value += this.text.charAt(at);
      } else if (character === quote) {
        this.#at = at + 1;
        return value;
      } else {
        value += character;
      }
    }
    return undefined;
  }

  get position(): number {
    return this.#at;
  }
}

class ExpansionError extends Error {}

function item(reader: Reader): string {
  const next = reader.peek();
  if (next === '"' || next === "'") {
    const value = reader.quoted();
    if (value === undefined) throw new ExpansionError(`an unterminated ${next} quote at character ${reader.position + 1}`);
    return value;
  }
  const bare = reader.match(barePattern);
  if (bare === undefined) throw new ExpansionError(`a value was expected at character ${reader.position + 1}`);
  return bare;
}

function items(reader: Reader, closing: string): string[] {
  const values: string[] = [];
  if (reader.take(closing)) return values;
  for (;;) {
    values.push(item(reader));
    if (reader.take(closing)) return values;
    if (!reader.take(',')) throw new ExpansionError(`"," or "${closing}" was expected at character ${reader.position + 1}`);
  }
}

function modifierValues(reader: Reader): string[] {
  if (!reader.take('[')) return items(reader, ')');
  const values = items(reader, ']');
  if (!reader.take(')')) throw new ExpansionError(`")" was expected at character ${reader.position + 1}`);
  return values;
}

function field(reader: Reader): ExpandedField {
  const name = reader.match(namePattern);
  if (name === undefined) throw new ExpansionError(`a field name was expected at character ${reader.position + 1}`);
  const modifiers: FieldModifier[] = [];
  while (reader.take('.')) {
    const modifier = reader.match(namePattern);
    if (modifier === undefined || !reader.take('(')) throw new ExpansionError(`a modifier such as .${modifier ?? 'name'}(value) was expected after ${name} at character ${reader.position + 1}`);
    modifiers.push({ name: modifier, values: modifierValues(reader) });
  }
  return { name, modifiers };
}

/** Parses a `fields` parameter; empty entries (`a,,b`, a trailing comma) are skipped as Graph does. */
export function parseFieldExpansion(text: string): FieldExpansion {
  const reader = new Reader(text);
  const fields: ExpandedField[] = [];
  try {
    for (;;) {
      while (reader.take(','));
      if (reader.peek() === '') return { ok: true, fields };
      fields.push(field(reader));
      if (reader.peek() === '') return { ok: true, fields };
      if (!reader.take(',')) throw new ExpansionError(`"," was expected at character ${reader.position + 1}`);
    }
  } catch (error) {
    if (error instanceof ExpansionError) return { ok: false, reason: error.message };
    throw error;
  }
}
