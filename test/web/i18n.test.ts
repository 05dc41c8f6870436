import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { id } from '../../web/src/i18n/id.js';
import { formats } from '../../web/src/i18n/format.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('the console’s languages', () => {
  it('has every key in English and in Indonesian, none of them empty', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(id)]) expect(text.trim(), key).not.toBe('');
  });

  it('fills the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(id[key]), key).toEqual(placeholders(en[key]));
  });

  it('formats rupiah, numbers and dates for each language through Intl', () => {
    const indonesian = formats('id');
    const english = formats('en');
    expect(indonesian.money(1_500_000)).toMatch(/^Rp\s?1\.500\.000(,00)?$/);
    expect(english.money(1_500_000)).toMatch(/^IDR\s?1,500,000(\.00)?$/);
    expect(indonesian.number(1234.5)).toBe('1.234,5');
    expect(english.number(1234.5)).toBe('1,234.5');
    expect(indonesian.dateTime('2026-11-25T09:00:00Z')).toContain('Nov');
    expect(indonesian.dateTime(null)).toBe('—');
  });
});
