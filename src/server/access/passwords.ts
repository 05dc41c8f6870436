import argon2 from 'argon2';
import type { PasswordHasher } from '../../core/access/index.js';

/**
 * Argon2id with OWASP's minimum configuration (19 MiB of memory, 2 passes, 1 lane): slow enough to
 * make guessing costly, light enough for a small server signing in a team.
 */
export const argon2Passwords: PasswordHasher = {
  hash: (password) => argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  async verify(hash, password) {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  },
};

/** Failed sign-ins kept in memory per throttling key (one process; a restart forgets them). */
export class MemorySignInAttempts {
  readonly #failures = new Map<string, number[]>();

  failures(key: string): readonly number[] {
    return this.#failures.get(key) ?? [];
  }

  recordFailure(key: string, at: number): void {
    // Only the latest failures matter to the rules; keep a bounded list per key and a bounded map.
    const list = [...(this.#failures.get(key) ?? []), at].slice(-50);
    if (this.#failures.size >= 100_000) this.#failures.clear();
    this.#failures.set(key, list);
  }

  clear(key: string): void {
    this.#failures.delete(key);
  }
}
