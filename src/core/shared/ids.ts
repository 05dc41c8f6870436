import type { Clock } from './clock.js';
import type { Random } from './prng.js';

/**
 * Time-ordered keys: 12 hex digits of milliseconds, 6 of a per-millisecond sequence, 2 of noise.
 * Rows inserted in time order append to the primary-key index instead of writing at random.
 */
export class KeyGenerator {
  readonly #clock: Clock;
  readonly #random: Random;
  #lastMillisecond = -1;
  #sequence = 0;

  constructor(clock: Clock, random: Random) {
    this.#clock = clock;
    this.#random = random;
  }

  next(): string {
    let millisecond = this.#clock.now();
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
    this.#lastMillisecond = millisecond;
    const noise = Math.floor(this.#random() * 256);
    return (
      millisecond.toString(16).padStart(12, '0') +
      this.#sequence.toString(16).padStart(6, '0') +
      noise.toString(16).padStart(2, '0')
    ).toUpperCase();
  }
}

/** The smallest key of a millisecond: every key generated at or after `epochMilliseconds` sorts at or above it. */
export function keyFloor(epochMilliseconds: number): string {
  return Math.max(0, Math.floor(epochMilliseconds)).toString(16).padStart(12, '0').toUpperCase();
}
