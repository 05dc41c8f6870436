import { describe, expect, it } from 'vitest';
import { inUserAndKeyOrder, type HeldEntry } from './held-user-index.js';

const entry = (waId: string, key: string, written = false): HeldEntry => ({ waId, key, written });
const names = (entries: readonly HeldEntry[]): string[] => entries.map((held) => `${held.waId} ${held.key}`);

describe('inUserAndKeyOrder', () => {
  it('orders the unwritten entries by user, then key, as one sort over both would', () => {
    const entries = [
      entry('15550100002', 'K03'),
      entry('15550100001', 'K01'),
      entry('15550100002', 'K04', true),
      entry('15550100010', 'K02'),
      entry('15550100001', 'K07'),
      // Out of key order within its user: that user's entries are sorted.
      entry('15550100001', 'K05'),
      entry('15550100002', 'K06'),
    ];
    const sorted = entries.filter((held) => !held.written).sort((left, right) => (left.waId === right.waId ? (left.key < right.key ? -1 : 1) : left.waId < right.waId ? -1 : 1));
    expect(names(inUserAndKeyOrder(entries))).toEqual(names(sorted));
    expect(names(inUserAndKeyOrder(entries))).toEqual(['15550100001 K01', '15550100001 K05', '15550100001 K07', '15550100002 K03', '15550100002 K06', '15550100010 K02']);
  });

  it('keeps the entries themselves, so that writing one marks it written', () => {
    const first = entry('15550100001', 'K01');
    expect(inUserAndKeyOrder([first])[0]).toBe(first);
    expect(inUserAndKeyOrder([])).toEqual([]);
  });
});
