import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJson, syntaxErrorOffset } from './json-positions.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('JSON positions', () => {
  it('places the first syntax error of a text JSON.parse refuses within the text, and none in JSON', () => {
    const nearlyJson = fc.oneof(
      fc.json().map((text) => text),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom('}', ']', ',', ':', '"', ' ', '1', 'x')).map(([text, at, character]) => {
        const position = at % (text.length + 1);
        return text.slice(0, position) + character + text.slice(position);
      }),
      fc.string(),
    );
    fc.assert(
      fc.property(nearlyJson, (text) => {
        const offset = syntaxErrorOffset(text);
        if (parses(text)) expect(offset).toBeUndefined();
        else expect(offset).toSatisfy((at: number | undefined) => at !== undefined && at >= 0 && at <= text.length);
      }),
    );
  });

  it('names where an unexpected token stands, which V8 leaves out of its message', () => {
    expect(syntaxErrorOffset('{"version": "6.0",, "screens": []}')).toBe(18);
    expect(syntaxErrorOffset('{\n  "version": x\n}')).toBe(15);
    expect(syntaxErrorOffset('{"a": 1,}')).toBe(8);
    expect(syntaxErrorOffset('{"a": 1} // note')).toBe(9);
  });

  it('places every value of a pretty-printed document at the line and column where it starts', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 2);
        const lines = text.split('\n');
        for (const span of locateJson(text).values.values()) {
          const character = lines[span.lineStart - 1]?.[span.columnStart - 1];
          expect(character === undefined || character.trim() !== '').toBe(true);
        }
        expect(locateJson(text).values.get('')).toMatchObject({ lineStart: 1, columnStart: 1 });
      }),
    );
  });

  it('names the line and columns of a property and of its value', () => {
    const positions = locateJson('{\n  "version": "6.0",\n  "screens": [\n    {"id": "A"}\n  ]\n}');
    expect(positions.keys.get('/version')).toEqual({ lineStart: 2, lineEnd: 2, columnStart: 3, columnEnd: 11 });
    expect(positions.values.get('/version')).toEqual({ lineStart: 2, lineEnd: 2, columnStart: 14, columnEnd: 18 });
    expect(positions.values.get('/screens/0/id')).toEqual({ lineStart: 4, lineEnd: 4, columnStart: 12, columnEnd: 14 });
    expect(positions.values.get('/screens')).toEqual({ lineStart: 3, lineEnd: 5, columnStart: 14, columnEnd: 3 });
  });
});
