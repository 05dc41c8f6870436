import { describe, expect, it } from 'vitest';
import { parseFieldExpansion } from './field-expansion.js';

const fieldsOf = (text: string) => {
  const parsed = parseFieldExpansion(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.fields;
};

describe('parseFieldExpansion', () => {
  it('reads plain fields', () => {
    expect(fieldsOf('id,name')).toEqual([{ name: 'id', modifiers: [] }, { name: 'name', modifiers: [] }]);
  });

  it('reads a number, a bare word and a comma list', () => {
    expect(fieldsOf('analytics.start(1641024000).granularity(DAY).dimensions(PRICING_CATEGORY, PRICING_TYPE)')).toEqual([
      {
        name: 'analytics',
        modifiers: [
          { name: 'start', values: ['1641024000'] },
          { name: 'granularity', values: ['DAY'] },
          { name: 'dimensions', values: ['PRICING_CATEGORY', 'PRICING_TYPE'] },
        ],
      },
    ]);
  });

  it('reads JSON-ish lists with double or single quotes, and keeps the commas inside them', () => {
    expect(fieldsOf(`id,pricing_analytics.country_codes(["US","ID"]).dimensions(['pricing_category']).phone_numbers([ "1,2" ]),name`)).toEqual([
      { name: 'id', modifiers: [] },
      {
        name: 'pricing_analytics',
        modifiers: [
          { name: 'country_codes', values: ['US', 'ID'] },
          { name: 'dimensions', values: ['pricing_category'] },
          { name: 'phone_numbers', values: ['1,2'] },
        ],
      },
      { name: 'name', modifiers: [] },
    ]);
  });

  it('reads bare words inside brackets, empty lists and stray commas', () => {
    expect(fieldsOf(',a.b([X, Y]).c().d([]),,')).toEqual([
      { name: 'a', modifiers: [{ name: 'b', values: ['X', 'Y'] }, { name: 'c', values: [] }, { name: 'd', values: [] }] },
    ]);
  });

  it('keeps an escaped quote', () => {
    expect(fieldsOf(String.raw`a.b(["it\"s"])`)).toEqual([{ name: 'a', modifiers: [{ name: 'b', values: ['it"s'] }] }]);
  });

  it.each([
    ['a.start(1', '"," or ")" was expected'],
    ['a.start', 'a modifier such as .start(value) was expected after a'],
    ['a.b(["x)', 'an unterminated " quote'],
    ['a.b(["x"]', '")" was expected'],
    ['a.b(x y)', '"," or ")" was expected'],
    ['a{b}', '"," was expected'],
    ['1a', 'a field name was expected'],
    ['a.b(,)', 'a value was expected'],
  ])('refuses %s saying %s', (text, reason) => {
    const parsed = parseFieldExpansion(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});
