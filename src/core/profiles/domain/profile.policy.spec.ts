import { describe, expect, it } from 'vitest';
import { checkProfileChange } from './profile.policy.js';

const failure = (change: Parameters<typeof checkProfileChange>[0]): string => {
  const result = checkProfileChange(change);
  return result.ok ? '' : result.error.details;
};

describe('business profile limits', () => {
  it('accepts every field at its limit', () => {
    expect(checkProfileChange({ about: 'a'.repeat(139), address: 'a'.repeat(256), description: 'd'.repeat(512), email: `${'e'.repeat(116)}@example.com`, websites: ['https://a.example', `http://${'w'.repeat(249)}`], vertical: 'RETAIL' }).ok).toBe(true);
    expect(checkProfileChange({ vertical: '', email: '', websites: [] }).ok).toBe(true);
  });

  it('refuses each field one past its limit', () => {
    expect(failure({ about: 'a'.repeat(140) })).toContain('about');
    expect(failure({ about: '   ' })).toContain('about');
    expect(failure({ address: 'a'.repeat(257) })).toContain('address');
    expect(failure({ description: 'd'.repeat(513) })).toContain('description');
    expect(failure({ email: `${'e'.repeat(117)}@example.com` })).toContain('email');
    expect(failure({ email: 'not-an-email' })).toContain('email');
    expect(failure({ websites: ['https://a.example', 'https://b.example', 'https://c.example'] })).toContain('at most 2');
    expect(failure({ websites: ['www.example.com'] })).toContain('http://');
    expect(failure({ websites: [`https://${'w'.repeat(249)}`] })).toContain('256');
    expect(failure({ vertical: 'SPACESHIPS' })).toContain('vertical');
  });
});
