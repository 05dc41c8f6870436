import { describe, expect, it } from 'vitest';
import { stringifyAscii } from './ascii-json.js';

describe('stringifyAscii', () => {
  it('escapes everything above ~ as lower-case \\u escapes, emoji as surrogate pairs', () => {
    expect(stringifyAscii({ text: 'Café 🎉' })).toBe('{"text":"Caf\\u00e9 \\ud83c\\udf89"}');
  });

  it('parses back to the same value', () => {
    const value = { body: 'Terima kasih ☕ — 日本語', n: 1 };
    expect(JSON.parse(stringifyAscii(value))).toEqual(value);
  });
});
