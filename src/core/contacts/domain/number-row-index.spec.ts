import { describe, expect, it } from 'vitest';
import { NumberRowIndex } from './number-row-index.js';

describe('NumberRowIndex', () => {
  it('remembers the first row of every number through many growths', () => {
    const index = new NumberRowIndex(4);
    for (let row = 1; row <= 50_000; row += 1) expect(index.firstRowOrAdd(6281210000000 + row * 7, row)).toBeUndefined();
    expect(index.size).toBe(50_000);
    expect(index.firstRowOrAdd(6281210000000 + 7, 99_999)).toBe(1);
    expect(index.firstRowOrAdd(6281210000000 + 50_000 * 7, 99_999)).toBe(50_000);
    expect(index.firstRowOrAdd(15550100000, 3)).toBeUndefined();
    expect(index.firstRowOrAdd(15550100000, 4)).toBe(3);
  });
});
