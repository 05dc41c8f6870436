import { describe, expect, it } from 'vitest';
import { inUserOrder, type HeldEntry } from './held-user-index.js';

const entry = (waId: string, key: string, written = false): HeldEntry => ({ waId, key, written });
const names = (entries: readonly HeldEntry[]): string[] => entries.map((held) => `${held.waId} ${held.key}`);

/** Entries grouped by user in the order they came, as the index holds a generation. */
function byUser(entries: readonly HeldEntry[]): Map<string, HeldEntry[]> {
  const grouped = new Map<string, HeldEntry[]>();
  for (const held of entries) grouped.set(held.waId, [...(grouped.get(held.waId) ?? []), held]);
  return grouped;
}

describe('inUserOrder', () => {
  it('puts a generation in the index order of its users, each user’s entries as they were held', () => {
    const entries = [entry('15550100002', 'K03'), entry('15550100001', 'K01'), entry('15550100010', 'K02'), entry('15550100001', 'K05'), entry('15550100002', 'K06'), entry('15550100001', 'K07')];
    // Held in commit order, which is key order: the same as one sort by user and key over all of them.
    const sorted = [...entries].sort((left, right) => (left.waId === right.waId ? (left.key < right.key ? -1 : 1) : left.waId < right.waId ? -1 : 1));
    expect(names(inUserOrder(byUser(entries)))).toEqual(names(sorted));
    expect(names(inUserOrder(byUser(entries)))).toEqual(['15550100001 K01', '15550100001 K05', '15550100001 K07', '15550100002 K03', '15550100002 K06', '15550100010 K02']);
  });

  it('keeps the entries themselves, so that writing one marks it written', () => {
    const first = entry('15550100001', 'K01');
    expect(inUserOrder(byUser([first]))[0]).toBe(first);
    expect(inUserOrder(new Map())).toEqual([]);
  });
});
