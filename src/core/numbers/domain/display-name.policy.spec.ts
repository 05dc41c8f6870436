import { describe, expect, it } from 'vitest';
import { displayNameFindings } from './display-name.policy.js';

describe('display name rules', () => {
  it('accepts a name that is the business name or builds on it', () => {
    expect(displayNameFindings('Toko Maju', 'Toko Maju')).toEqual([]);
    expect(displayNameFindings('Maju Elektronik', 'PT Maju Jaya')).toEqual([]);
    expect(displayNameFindings('BCA Digital', 'PT Bank Central Asia (BCA)')).toEqual([]);
  });

  it('declines emoji, shouting, repeated punctuation, the WhatsApp brand and generic terms as NAME_FORMAT_UNACCEPTABLE', () => {
    for (const name of ['Toko Maju 🎉', 'TOKO MAJU', 'Toko Maju!!', 'Toko Maju WhatsApp', 'Customer Support', 'TM']) {
      expect(displayNameFindings(name, 'Toko Maju').map((finding) => finding.reason), name).toContain('NAME_FORMAT_UNACCEPTABLE');
    }
  });

  it('declines a name unrelated to the business as NAME_NOT_CONSISTENT', () => {
    expect(displayNameFindings('Sinar Terang', 'Toko Maju')).toEqual([{ reason: 'NAME_NOT_CONSISTENT', rule: 'a display name relates to the name of the business' }]);
  });
});
