import { describe, expect, it } from 'vitest';
import { toWaId } from './phone.js';

describe('toWaId', () => {
  it('accepts the punctuation Meta accepts', () => {
    expect(toWaId('+1 (555) 010-0001', '15550100000')).toBe('15550100001');
    expect(toWaId('+62 812-3456-7890', '15550100000')).toBe('6281234567890');
  });

  it('reads digits without a plus as international when possible', () => {
    expect(toWaId('6281234567890', '15550100000')).toBe('6281234567890');
  });

  it('reads a national number in the business number\'s country, dropping the trunk prefix', () => {
    expect(toWaId('0812 3456 789', '6281100000000')).toBe('628123456789');
  });

  it('rejects letters and empty input', () => {
    expect(toWaId('abc', '15550100000')).toBeUndefined();
    expect(toWaId('  ', '15550100000')).toBeUndefined();
  });
});
