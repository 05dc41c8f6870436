import type { Clock } from './clock.js';
import type { Random } from './prng.js';

/** Where a millisecond's sequence starts: a random point of the first quarter of its 24 bits. */
const sequenceStarts = 0x40_0000;
const lastSequence = 0xff_ffff;

/**
 * Time-ordered keys: 12 hex digits of milliseconds, 6 of a per-millisecond sequence, 2 of noise.
 * Rows inserted in time order append to the primary-key index instead of writing at random.
 *
 * Several processes may write one PostgreSQL database, each with its own generator, so a key must
 * not depend on counting from the same point as another process: each millisecond's sequence
 * starts at a random point of its first quarter (not at 0), and a process resuming after a stored
 * key jumps a random distance past it. Two processes then share a (millisecond, sequence) only when
 * their runs of keys in that millisecond happen to overlap (runs of k keys: about 2k in 4 million),
 * and a shared one collides only if its noise matches too (1 in 256). Counting from 0, or from the
 * same stored key under a frozen clock, they shared every (millisecond, sequence) both issued, and
 * one key in 256 of those collided: a duplicate primary key, and the send it belonged to failed.
 */
export class KeyGenerator {
  readonly #clock: Clock;
  readonly #random: Random;
  #lastMillisecond = -1;
  #sequence = 0;
  /** The hex digits of `#prefixMillisecond`: kept while a burst of keys (an import) shares a millisecond. */
  #prefix = '';
  #prefixMillisecond = -1;

  constructor(clock: Clock, random: Random) {
    this.#clock = clock;
    this.#random = random;
  }

  /**
   * Continues after a key issued before (the highest one in storage at start): with the clock frozen,
   * or moved back, a restarted process would otherwise issue the same millisecond and sequence again.
   * It continues a random distance past it, not right after it: another process that resumed after
   * the same key, or is still issuing keys in that millisecond, counts from elsewhere.
   */
  resumeAfter(key: string | undefined): void {
    const parsed = key === undefined ? undefined : parseKey(key);
    if (parsed === undefined) return;
    if (parsed.millisecond > this.#lastMillisecond || (parsed.millisecond === this.#lastMillisecond && parsed.sequence > this.#sequence)) {
      this.#lastMillisecond = parsed.millisecond;
      this.#sequence = parsed.sequence + this.#sequenceStart();
    }
  }

  #sequenceStart(): number {
    return Math.floor(this.#random() * sequenceStarts);
  }

  next(): string {
    let millisecond = Math.floor(this.#clock.now());
    if (millisecond <= this.#lastMillisecond) {
      millisecond = this.#lastMillisecond;
      this.#sequence += 1;
      if (this.#sequence > lastSequence) {
        millisecond += 1;
        this.#sequence = this.#sequenceStart();
      }
    } else {
      this.#sequence = this.#sequenceStart();
    }
    if (millisecond !== this.#prefixMillisecond) {
      this.#prefix = millisecond.toString(16).padStart(12, '0').toUpperCase();
      this.#prefixMillisecond = millisecond;
    }
    this.#lastMillisecond = millisecond;
    const noise = Math.floor(this.#random() * 256);
    return this.#prefix + (this.#sequence * 256 + noise).toString(16).padStart(8, '0').toUpperCase();
  }
}

const keyPattern = /^([0-9A-F]{12})([0-9A-F]{6})[0-9A-F]{2}$/;

/** The millisecond and sequence of a key, or undefined when it is not one of ours. */
export function parseKey(key: string): { readonly millisecond: number; readonly sequence: number } | undefined {
  const match = keyPattern.exec(key);
  if (match === null) return undefined;
  return { millisecond: Number.parseInt(match[1] ?? '', 16), sequence: Number.parseInt(match[2] ?? '', 16) };
}

/** Whether a string is a well-formed key (20 upper-case hex digits). */
export function isKey(key: string): boolean {
  return keyPattern.test(key);
}

/** The smallest key of a millisecond: every key generated at or after `epochMilliseconds` sorts at or above it. */
export function keyFloor(epochMilliseconds: number): string {
  return Math.max(0, Math.floor(epochMilliseconds)).toString(16).padStart(12, '0').toUpperCase();
}
