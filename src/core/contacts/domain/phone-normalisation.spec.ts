import { describe, expect, it } from 'vitest';
import { normaliseNumber, numberPrefix } from './phone-normalisation.js';

describe('normaliseNumber', () => {
  it('reads 0812…, +62 812-…, 62812… and 0062… as the same Indonesian number', () => {
    const forms = ['0812-3456-7890', '+62 812-3456-7890', '6281234567890', '0062 812 3456 7890', '(0812) 3456 7890'];
    for (const form of forms) expect(normaliseNumber(form, 'ID')).toEqual({ ok: true, value: '6281234567890' });
  });

  it('needs a default country for a national number', () => {
    expect(normaliseNumber('081234567890', undefined)).toEqual({ ok: false, error: 'invalid' });
  });

  it('refuses letters, empty cells and numbers that are not valid for their region', () => {
    expect(normaliseNumber('', 'ID')).toEqual({ ok: false, error: 'missing' });
    expect(normaliseNumber('call me', 'ID')).toEqual({ ok: false, error: 'not_a_number' });
    expect(normaliseNumber('+62 12', 'ID')).toEqual({ ok: false, error: 'invalid' });
  });
});

describe('numberPrefix', () => {
  it('turns a national prefix into the start of a wa_id', () => {
    expect(numberPrefix('0812', 'ID')).toBe('62812');
    expect(numberPrefix('+62 812', 'ID')).toBe('62812');
    expect(numberPrefix('62812', 'ID')).toBe('62812');
    expect(numberPrefix('abc', 'ID')).toBeUndefined();
  });
});
