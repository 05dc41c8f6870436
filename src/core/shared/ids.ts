import type { Clock } from './clock.js';
import type { Random } from './prng.js';

/**
 * Time-ordered keys: 12 hex digits of milliseconds, 6 of a per-millisecond sequence, 2 of noise.
 * Rows inserted in time order append to the primary-key index instead of writing at random.
 */
export class KeyGenerator {
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #nodeTag: number | undefined;
  #lastMillisecond = -1;
  #sequence = 0;
  /** The hex digits of `#prefixMillisecond`: kept while a burst of keys (an import) shares a millisecond. */
  #prefix = '';
  #prefixMillisecond = -1;

  /**
   * `nodeTag` (0–255) takes the place of the noise: Kabar nodes sharing one PostgreSQL database, each
   * with its own tag, never issue the same key, since each counts its own (millisecond, sequence)
   * and the tags differ. Without one the last two digits are random, as for a single node.
   */
  constructor(clock: Clock, random: Random, nodeTag?: number) {
    if (nodeTag !== undefined && !(Number.isInteger(nodeTag) && nodeTag >= 0 && nodeTag <= 255)) throw new Error(`a node tag is a whole number from 0 to 255, not ${nodeTag}`);
    this.#clock = clock;
    this.#random = random;
    this.#nodeTag = nodeTag;
  }

  /**
   * Continues after a key issued before (the highest one in storage at start): with the clock frozen,
   * or moved back, a restarted process would otherwise issue the same millisecond and sequence again.
   */
  resumeAfter(key: string | undefined): void {
    const parsed = key === undefined ? undefined : parseKey(key);
    if (parsed === undefined) return;
    if (parsed.millisecond > this.#lastMillisecond || (parsed.millisecond === this.#lastMillisecond && parsed.sequence > this.#sequence)) {
      this.#lastMillisecond = parsed.millisecond;
      this.#sequence = parsed.sequence;
    }
  }

  next(): string {
    let millisecond = Math.floor(this.#clock.now());
    if (millisecond <= this.#lastMillisecond) {
      millisecond = this.#lastMillisecond;
      this.#sequence += 1;
      if (this.#sequence > 0xffffff) {
        millisecond += 1;
        this.#sequence = 0;
      }
    } else {
      this.#sequence = 0;
    }
    if (millisecond !== this.#prefixMillisecond) {
      this.#prefix = millisecond.toString(16).padStart(12, '0').toUpperCase();
      this.#prefixMillisecond = millisecond;
    }
    this.#lastMillisecond = millisecond;
    const noise = this.#nodeTag ?? Math.floor(this.#random() * 256);
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
