import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { KeyGenerator, parseKey } from './ids.js';
import { seededRandom } from './prng.js';

/** A clock read from a variable, so a test moves it between keys. */
function clockAt(times: { now: number }): Clock {
  return { now: () => times.now };
}

/** The key layout, written out: 12 hex digits of milliseconds, 6 of the sequence, 2 of noise. */
const layout = (millisecond: number, sequence: number, noise: number): string =>
  (millisecond.toString(16).padStart(12, '0') + sequence.toString(16).padStart(6, '0') + noise.toString(16).padStart(2, '0')).toUpperCase();

/** The millisecond and sequence of a key, without its noise. */
const slot = (key: string): string => key.slice(0, 18);

describe('KeyGenerator', () => {
  it('writes the millisecond, the sequence within it (from a random start each millisecond) and the noise, in increasing order', () => {
    const times = { now: 1_764_000_000_123 };
    // Each new millisecond draws where its sequence starts (a point of the first 2^22), then every key its noise.
    const draws = [0.5, 0.99, 0.5, 0.25, 0, 0.0625];
    const keys = new KeyGenerator(clockAt(times), () => draws.shift() ?? 0);
    const first = keys.next();
    const second = keys.next();
    times.now += 1;
    const third = keys.next();
    times.now -= 5; // a clock moved back keeps counting in the last millisecond
    const fourth = keys.next();
    expect([first, second, third, fourth]).toEqual([
      layout(1_764_000_000_123, 0x20_0000, 253),
      layout(1_764_000_000_123, 0x20_0001, 128),
      layout(1_764_000_000_124, 0x10_0000, 0),
      layout(1_764_000_000_124, 0x10_0001, 16),
    ]);
    expect([...[first, second, third, fourth]].sort()).toEqual([first, second, third, fourth]);
  });

  it('continues after a key issued before a restart, in that millisecond, a random distance past it', () => {
    const times = { now: 1_764_000_000_000 };
    const keys = new KeyGenerator(clockAt(times), () => 0);
    keys.next();
    keys.resumeAfter(layout(1_764_000_000_500, 41, 7));
    expect(parseKey(keys.next())).toEqual({ millisecond: 1_764_000_000_500, sequence: 42 });

    const jumping = new KeyGenerator(clockAt(times), () => 0.5);
    jumping.resumeAfter(layout(1_764_000_000_500, 41, 7));
    expect(parseKey(jumping.next())).toEqual({ millisecond: 1_764_000_000_500, sequence: 41 + 0x20_0000 + 1 });
  });

  it('gives two processes on one database no common key: resuming after the same stored key under a frozen clock, and starting the same new millisecond', () => {
    const times = { now: 1_764_000_000_000 };
    const stored = layout(1_764_000_000_500, 41, 7);
    const first = new KeyGenerator(clockAt(times), seededRandom(1));
    const second = new KeyGenerator(clockAt(times), seededRandom(2));
    first.resumeAfter(stored);
    second.resumeAfter(stored);
    const issue = (keys: KeyGenerator): string[] => Array.from({ length: 5_000 }, () => keys.next());
    const frozen = [issue(first), issue(second)];
    times.now = 1_764_000_001_000;
    const moved = [issue(first), issue(second)];
    for (const [mine, theirs] of [frozen, moved]) {
      const slots = new Set((mine ?? []).map(slot));
      // Not one (millisecond, sequence) in common, so not one key: counting from the same point,
      // all 5,000 were shared and some 20 keys collided on their noise.
      expect((theirs ?? []).filter((key) => slots.has(slot(key)))).toEqual([]);
    }
  });
});
