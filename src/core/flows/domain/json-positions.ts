/**
 * Where each value (and each property name) of a JSON text sits, by JSON pointer, so that a
 * validation error can name its line and columns as Meta's Flow validation does. Runs only on text
 * `JSON.parse` accepted, so it never meets malformed input.
 */

export interface TextSpan {
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly columnStart: number;
  readonly columnEnd: number;
}

export interface JsonPositions {
  /** The span of the value at a pointer (`/screens/0/id`; `` for the root). */
  readonly values: ReadonlyMap<string, TextSpan>;
  /** The span of the property name that holds the value at a pointer. */
  readonly keys: ReadonlyMap<string, TextSpan>;
}

/** A JSON pointer's escaping of a property name (RFC 6901), as Ajv's `instancePath` uses it. */
export function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text[index] === '\n') {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function locateJson(text: string): JsonPositions {
  const values = new Map<string, TextSpan>();
  const keys = new Map<string, TextSpan>();
  // Line starts, so that an offset's line is a binary search rather than a scan.
  const lineStarts = [0];
  for (let index = 0; index < text.length; index += 1) if (text[index] === '\n') lineStarts.push(index + 1);
  const position = (offset: number): { line: number; column: number } => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
  const span = (start: number, end: number): TextSpan => {
    const from = position(start);
    const to = position(Math.max(start, end - 1));
    return { lineStart: from.line, lineEnd: to.line, columnStart: from.column, columnEnd: to.column };
  };
  let index = 0;
  const skipSpace = (): void => {
    while (index < text.length && /\s/.test(text[index] ?? '')) index += 1;
  };
  const readString = (): string => {
    const start = index;
    index += 1;
    while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    index += 1;
    return JSON.parse(text.slice(start, index)) as string;
  };
  const readValue = (pointer: string): void => {
    skipSpace();
    const start = index;
    const opening = text[index];
    if (opening === '{') {
      index += 1;
      skipSpace();
      while (text[index] !== '}') {
        const keyStart = index;
        const name = readString();
        const child = `${pointer}/${pointerSegment(name)}`;
        keys.set(child, span(keyStart, index));
        skipSpace();
        index += 1; // the colon
        readValue(child);
        skipSpace();
        if (text[index] === ',') {
          index += 1;
          skipSpace();
        }
      }
      index += 1;
    } else if (opening === '[') {
      index += 1;
      skipSpace();
      let position = 0;
      while (text[index] !== ']') {
        readValue(`${pointer}/${position}`);
        position += 1;
        skipSpace();
        if (text[index] === ',') index += 1;
        skipSpace();
      }
      index += 1;
    } else if (opening === '"') {
      readString();
    } else {
      while (index < text.length && !/[\s,\]}]/.test(text[index] ?? '')) index += 1;
    }
    values.set(pointer, span(start, index));
  };
  readValue('');
  return { values, keys };
}

/**
 * Where a text stops being JSON: the offset of the first character a strict parser cannot take.
 * V8 names the position for most syntax errors but not for an unexpected token, so the validator
 * finds it itself; undefined when the text is JSON.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  let index = 0;
  const space = (): void => {
    while (index < text.length && ' \t\n\r'.includes(text[index] ?? '')) index += 1;
  };
  const literal = (word: string): boolean => {
    if (text.startsWith(word, index)) {
      index += word.length;
      return true;
    }
    return false;
  };
  const string = (): boolean => {
    if (text[index] !== '"') return false;
    index += 1;
    while (index < text.length && text[index] !== '"') {
      const character = text[index] ?? '';
      if (character < ' ') return false;
      if (character === '\\') {
        const escaped = text[index + 1] ?? '';
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return false;
          index += 6;
        } else if ('"\\/bfnrt'.includes(escaped) && escaped !== '') index += 2;
        else return false;
      } else index += 1;
    }
    if (index >= text.length) return false;
    index += 1;
    return true;
  };
  const number = (): boolean => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index));
    if (match === null) return false;
    index += match[0].length;
    return true;
  };
  const value = (): boolean => {
    space();
    const opening = text[index];
    if (opening === '{') {
      index += 1;
      space();
      if (text[index] === '}') {
        index += 1;
        return true;
      }
      for (;;) {
        space();
        if (!string()) return false;
        space();
        if (text[index] !== ':') return false;
        index += 1;
        if (!value()) return false;
        space();
        if (text[index] === '}') {
          index += 1;
          return true;
        }
        if (text[index] !== ',') return false;
        index += 1;
      }
    }
    if (opening === '[') {
      index += 1;
      space();
      if (text[index] === ']') {
        index += 1;
        return true;
      }
      for (;;) {
        if (!value()) return false;
        space();
        if (text[index] === ']') {
          index += 1;
          return true;
        }
        if (text[index] !== ',') return false;
        index += 1;
      }
    }
    if (opening === '"') return string();
    return literal('true') || literal('false') || literal('null') || number();
  };
  if (!value()) return Math.min(index, text.length);
  space();
  return index < text.length ? index : undefined;
}
