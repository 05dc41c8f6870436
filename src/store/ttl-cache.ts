/**
 * Answers kept in memory for `ttlMs` of wall time, for reads on hot paths whose writes through this
 * process refresh the entry at once. Bounded: past `maxEntries` it starts afresh.
 */
export class TtlCache<Value> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { readonly value: Value; readonly until: number }>();

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  /** The value remembered for `key`, wrapped so that a remembered `undefined` is told from a miss. */
  get(key: string): { readonly value: Value } | undefined {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.until > performance.now() ? entry : undefined;
  }

  set(key: string, value: Value): void {
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, until: performance.now() + this.#ttlMs });
  }
}
