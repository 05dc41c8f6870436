import { describe, expect, it } from 'vitest';
import { memoize } from './memo.js';

describe('memoize', () => {
  it('computes each key once, undefined results included', () => {
    const calls: string[] = [];
    const half = memoize(10, (text: string) => text, (text: string) => {
      calls.push(text);
      return text.length % 2 === 0 ? text.slice(0, text.length / 2) : undefined;
    });
    expect(half('abcd')).toBe('ab');
    expect(half('abcd')).toBe('ab');
    expect(half('abc')).toBeUndefined();
    expect(half('abc')).toBeUndefined();
    expect(calls).toEqual(['abcd', 'abc']);
  });

  it('forgets everything once the limit is reached, and computes again', () => {
    let calls = 0;
    const double = memoize(2, (value: number) => String(value), (value: number) => {
      calls += 1;
      return value * 2;
    });
    double(1);
    double(2);
    double(3);
    expect(calls).toBe(3);
    double(3);
    expect(calls).toBe(3);
    double(1);
    expect(calls).toBe(4);
  });
});
