import { parse, parseTree, type Node, type ParseError } from 'jsonc-parser';

/**
 * Where each value (and each property name) of a JSON text sits, by JSON pointer, so that a
 * validation error can name its line and columns as Meta's Flow validation does. The text is read
 * by jsonc-parser (the parser of VS Code's JSON support), in strict JSON mode.
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

/** Plain JSON: no comments, no trailing commas, no empty document. */
const strictJson = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** A JSON pointer's escaping of a property name (RFC 6901), as Ajv's `instancePath` uses it. */
export function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** 1-based line and column of each offset, by a binary search over the line starts. */
function positionsOf(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index += 1) if (text[index] === '\n') lineStarts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  return positionsOf(text)(offset);
}

export function locateJson(text: string): JsonPositions {
  const values = new Map<string, TextSpan>();
  const keys = new Map<string, TextSpan>();
  const position = positionsOf(text);
  const span = (node: Node): TextSpan => {
    const from = position(node.offset);
    const to = position(Math.max(node.offset, node.offset + node.length - 1));
    return { lineStart: from.line, lineEnd: to.line, columnStart: from.column, columnEnd: to.column };
  };
  const visit = (node: Node, pointer: string): void => {
    values.set(pointer, span(node));
    if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [name, value] = property.children ?? [];
        if (name === undefined || value === undefined || typeof name.value !== 'string') continue;
        const child = `${pointer}/${pointerSegment(name.value)}`;
        keys.set(child, span(name));
        visit(value, child);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((item, index) => visit(item, `${pointer}/${index}`));
    }
  };
  const root = parseTree(text, [], strictJson);
  if (root !== undefined) visit(root, '');
  return { values, keys };
}

/**
 * The offset of the first syntax error of a text `JSON.parse` refused (V8 names the position for
 * most syntax errors but not for an unexpected token); undefined when the text is JSON.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    const errors: ParseError[] = [];
    parse(text, errors, strictJson);
    return errors[0]?.offset ?? text.length;
  }
}
