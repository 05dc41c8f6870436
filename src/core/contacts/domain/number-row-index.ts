/**
 * The first row of each number seen in an import file: an open-addressing hash table in typed
 * arrays (about 24 bytes a number at most), which the garbage collector does not walk. A million
 * numbers take some 24 MB where a Map took more than twice that and slowed every collection.
 */
export class NumberRowIndex {
  #keys: Float64Array;
  #rows: Int32Array;
  #size = 0;

  constructor(capacity = 1 << 16) {
    this.#keys = new Float64Array(capacity);
    this.#rows = new Int32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** The row that first had `number` (digits of a wa_id, below 2^53), or records `row` and answers undefined. */
  firstRowOrAdd(number: number, row: number): number | undefined {
    if (this.#size * 2 >= this.#keys.length) this.#grow();
    const found = this.#slot(this.#keys, number);
    if (this.#keys[found] === number) return this.#rows[found];
    this.#keys[found] = number;
    this.#rows[found] = row;
    this.#size += 1;
    return undefined;
  }

  /** Linear probing from a multiplicative hash; 0 marks an empty slot (no wa_id is 0). */
  #slot(keys: Float64Array, number: number): number {
    const mask = keys.length - 1;
    let slot = (Math.imul(number % 2_147_483_647 | 0, 0x9e3779b1) ^ Math.floor(number / 2_147_483_647)) & mask;
    while (keys[slot] !== 0 && keys[slot] !== number) slot = (slot + 1) & mask;
    return slot;
  }

  #grow(): void {
    const keys = this.#keys;
    const rows = this.#rows;
    this.#keys = new Float64Array(keys.length * 2);
    this.#rows = new Int32Array(keys.length * 2);
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] ?? 0;
      if (key === 0) continue;
      const slot = this.#slot(this.#keys, key);
      this.#keys[slot] = key;
      this.#rows[slot] = rows[index] ?? 0;
    }
  }
}
