import { describe, expect, it } from 'vitest';
import { InMemorySendBudgets } from './in-memory-budgets.js';

const at = 1_767_225_600_000;
const number = '1000000001';

/** Sends from `number` to `count` different users at `now`; answers how many were taken. */
async function sends(budgets: InMemorySendBudgets, count: number, now: number, level: 'STANDARD' | 'HIGH' = 'STANDARD'): Promise<number> {
  let taken = 0;
  for (let index = 0; index < count; index += 1) {
    if ((await budgets.take({ phoneNumberId: number, waId: `62811${String(index).padStart(7, '0')}`, level, now })).ok) taken += 1;
  }
  return taken;
}

async function inbound(budgets: InMemorySendBudgets, count: number, now: number, level: 'STANDARD' | 'HIGH' = 'STANDARD'): Promise<void> {
  for (let index = 0; index < count; index += 1) await budgets.takeInbound({ phoneNumberId: number, level, now });
}

describe('InMemorySendBudgets.takeInbound', () => {
  it("takes one message from the number's second for each inbound message", async () => {
    const budgets = new InMemorySendBudgets();
    await inbound(budgets, 40, at);
    expect(await sends(budgets, 41, at)).toBe(40);
    const refused = await budgets.take({ phoneNumberId: number, waId: '6281299999999', level: 'STANDARD', now: at });
    expect(refused).toEqual({ ok: false, spent: 'number', waitMs: 12.5 });
  });

  it('is never refused and never goes into debt: a flood leaves an empty second that refills as after sends', async () => {
    const budgets = new InMemorySendBudgets();
    await inbound(budgets, 1_000, at);
    expect(await sends(budgets, 1, at)).toBe(0);
    expect(await sends(budgets, 1, at + 12.5)).toBe(1);
    expect(await sends(budgets, 80, at + 1_012.5)).toBe(80);
  });

  it('adds nothing to a second its sends already spent', async () => {
    const budgets = new InMemorySendBudgets();
    expect(await sends(budgets, 80, at)).toBe(80);
    await inbound(budgets, 100, at);
    expect(await sends(budgets, 1, at + 12.5)).toBe(1);
  });

  it("counts at the number's own rate: 1,000 a second at HIGH", async () => {
    const budgets = new InMemorySendBudgets();
    await inbound(budgets, 400, at, 'HIGH');
    expect(await sends(budgets, 601, at, 'HIGH')).toBe(600);
  });

  it('keeps what inbound took through a snapshot and restore', async () => {
    const budgets = new InMemorySendBudgets();
    await inbound(budgets, 60, at);
    const restored = new InMemorySendBudgets();
    restored.restore(budgets.snapshot(at), at);
    expect(await sends(restored, 21, at)).toBe(20);
  });
});

describe('InMemorySendBudgets.giveBack', () => {
  it("gives a refused send's message back to the number's second, whatever was taken in between", async () => {
    const budgets = new InMemorySendBudgets();
    const refusedLater = { phoneNumberId: number, waId: '6281299999999', level: 'STANDARD', now: at } as const;
    expect((await budgets.take(refusedLater)).ok).toBe(true);
    expect(await sends(budgets, 80, at)).toBe(79);
    await budgets.giveBack(refusedLater);
    expect(await sends(budgets, 2, at)).toBe(1);
  });

  it("gives the pair its 6 s back: a burst of 45 taken and given back leaves the whole burst", async () => {
    const budgets = new InMemorySendBudgets();
    const request = { phoneNumberId: number, waId: '6281299999999', level: 'STANDARD', now: at } as const;
    for (let index = 0; index < 45; index += 1) expect((await budgets.take(request)).ok).toBe(true);
    for (let index = 0; index < 45; index += 1) await budgets.giveBack(request);
    for (let index = 0; index < 45; index += 1) expect((await budgets.take(request)).ok).toBe(true);
    expect(await budgets.take(request)).toMatchObject({ ok: false, spent: 'pair' });
  });

  it("forgets a user's marketing delivery given back", async () => {
    const budgets = new InMemorySendBudgets();
    const cap = { count: 2, windowMs: 86_400_000 };
    expect((await budgets.takeMarketing({ waId: '6281299999999', cap, now: at })).ok).toBe(true);
    expect((await budgets.takeMarketing({ waId: '6281299999999', cap, now: at + 1 })).ok).toBe(true);
    await budgets.giveBackMarketing({ waId: '6281299999999', cap, now: at + 1 });
    expect((await budgets.takeMarketing({ waId: '6281299999999', cap, now: at + 2 })).ok).toBe(true);
    expect((await budgets.takeMarketing({ waId: '6281299999999', cap, now: at + 3 })).ok).toBe(false);
  });
});
