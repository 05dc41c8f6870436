import { describe, expect, it } from 'vitest';
import { normaliseTags, searchName } from './contact.model.js';

describe('normaliseTags', () => {
  it('lower-cases, trims, drops empty tags, removes repeats and sorts, whatever the number of tags', () => {
    expect(normaliseTags([])).toEqual([]);
    expect(normaliseTags(['  '])).toEqual([]);
    expect(normaliseTags([' VIP '])).toEqual(['vip']);
    expect(normaliseTags(['Promo', ' vip', 'PROMO', '', 'Jakarta'])).toEqual(['jakarta', 'promo', 'vip']);
    expect(normaliseTags(['x'.repeat(80)])).toEqual(['x'.repeat(64)]);
  });
});

describe('searchName', () => {
  it('keeps the lower-case words of a name, accents and compatibility forms taken apart', () => {
    expect(searchName('Budi  Santoso!')).toBe('budi santoso');
    expect(searchName(' José Müller ')).toBe('jose muller');
    expect(searchName('Zoë Ñúñez-Ｏｋｏ')).toBe('zoe nunez oko');
    expect(searchName('ﬁtri')).toBe('fitri');
    expect(searchName('---')).toBe('');
  });
});
