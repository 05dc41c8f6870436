import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { KeyGenerator, parseKey } from './ids.js';

/** A clock read from a variable, so a test moves it between keys. */
function clockAt(times: { now: number }): Clock {
  return { now: () => times.now };
}

/** The key layout, written out: 12 hex digits of milliseconds, 6 of the sequence, 2 of noise. */
const layout = (millisecond: number, sequence: number, noise: number): string =>
  (millisecond.toString(16).padStart(12, '0') + sequence.toString(16).padStart(6, '0') + noise.toString(16).padStart(2, '0')).toUpperCase();

describe('KeyGenerator', () => {
  it('writes the millisecond, the sequence within it and the noise, in increasing order', () => {
    const times = { now: 1_764_000_000_123 };
    const noises = [0.99, 0.5, 0, 0.0625];
    const keys = new KeyGenerator(clockAt(times), () => noises.shift() ?? 0);
    const first = keys.next();
    const second = keys.next();
    times.now += 1;
    const third = keys.next();
    times.now -= 5; // a clock moved back keeps counting in the last millisecond
    const fourth = keys.next();
    expect([first, second, third, fourth]).toEqual([
      layout(1_764_000_000_123, 0, 253),
      layout(1_764_000_000_123, 1, 128),
      layout(1_764_000_000_124, 0, 0),
      layout(1_764_000_000_124, 1, 16),
    ]);
    expect([...[first, second, third, fourth]].sort()).toEqual([first, second, third, fourth]);
  });

  it('continues after a key issued before a restart, in that millisecond', () => {
    const times = { now: 1_764_000_000_000 };
    const keys = new KeyGenerator(clockAt(times), () => 0);
    keys.next();
    keys.resumeAfter(layout(1_764_000_000_500, 41, 7));
    expect(parseKey(keys.next())).toEqual({ millisecond: 1_764_000_000_500, sequence: 42 });
  });

  it('writes the node tag in place of the noise, so two nodes counting the same millisecond and sequence never issue the same key', () => {
    const times = { now: 1_764_000_000_000 };
    const stored = layout(1_764_000_000_500, 41, 7);
    const first = new KeyGenerator(clockAt(times), () => 0.5, 1);
    const second = new KeyGenerator(clockAt(times), () => 0.5, 2);
    first.resumeAfter(stored);
    second.resumeAfter(stored);
    const mine = Array.from({ length: 1_000 }, () => first.next());
    const theirs = Array.from({ length: 1_000 }, () => second.next());
    expect(mine[0]).toBe(layout(1_764_000_000_500, 42, 1));
    expect(theirs[0]).toBe(layout(1_764_000_000_500, 42, 2));
    const issued = new Set(mine);
    expect(theirs.filter((key) => issued.has(key))).toEqual([]);
    expect(() => new KeyGenerator(clockAt(times), () => 0, 256)).toThrow(/0 to 255/);
  });
});
