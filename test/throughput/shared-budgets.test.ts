import { afterAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch, type TestKabar } from '../support/kabar.js';
import type { Tenant } from '../support/tenant.js';
import { errorOf, sendTemplate, tenant, user } from '../limits/support.js';

/**
 * The send budgets outlive a restart on both engines (SQLite: saved at stop, loaded at start;
 * PostgreSQL: kept in the database), and on PostgreSQL two Kabar nodes on one database share them:
 * together they send 80 messages in a second from a number, not 80 each.
 */

async function atStandard(t: TestKabar, name: string): Promise<Tenant> {
  const business = await tenant(t, name, { verified: true });
  const level = await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${business.phoneNumberId}/throughput`, headers: t.admin, payload: { level: 'STANDARD' } });
  expect(level.statusCode, level.body).toBe(200);
  return business;
}

async function statuses(t: TestKabar, business: Tenant, waIds: readonly string[]): Promise<number[]> {
  return (await Promise.all(waIds.map((waId) => sendTemplate(t, business, waId)))).map((response) => response.statusCode);
}

for (const dialect of dialects) {
  describe(`send budgets across a restart on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    it('keeps the number a second and the pair rate limit through a restart', async () => {
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      const business = await atStandard(before, 'Toko Tahan Restart');
      const regular = user(6282500000000, 0);
      // A burst of 45 to one customer, then 35 other customers: the number's 80 of this second.
      for (let index = 0; index < 45; index += 1) expect((await sendTemplate(before, business, regular)).statusCode).toBe(200);
      expect(errorOf(await sendTemplate(before, business, regular))).toMatchObject({ code: 131056 });
      expect(await statuses(before, business, Array.from({ length: 35 }, (_, index) => user(6282500001000, index)))).toEqual(Array(35).fill(200));
      expect(errorOf(await sendTemplate(before, business, user(6282500002000, 0)))).toMatchObject({ code: 130429 });
      await before.close();

      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      expect(errorOf(await sendTemplate(after, business, user(6282500002000, 0)))).toMatchObject({ code: 130429 });
      await after.advance('1s');
      // The second is over; the pair still owes 45 × 6 s.
      expect((await sendTemplate(after, business, user(6282500002000, 0))).statusCode).toBe(200);
      expect(errorOf(await sendTemplate(after, business, regular))).toMatchObject({ code: 131056 });
      await after.advance('270s');
      expect((await sendTemplate(after, business, regular)).statusCode).toBe(200);
      await after.close();
    }, 60_000);
  });
}

if (dialects.includes('postgres')) {
  describe('send budgets shared by two Kabar nodes on one PostgreSQL database', () => {
    const database = freshDatabase('postgres');
    afterAll(() => database.cleanup());

    it('lets the two nodes together send 80 messages a second from a number, then answers 130429 on both', async () => {
      const first = await startKabar('postgres', database, SimClock.frozenAt(testEpoch), 'fixed', { nodeTag: 1 });
      const second = await startKabar('postgres', database, SimClock.frozenAt(testEpoch), 'fixed', { nodeTag: 2 });
      try {
        const business = await atStandard(first, 'Toko Dua Node');
        const [fromFirst, fromSecond] = await Promise.all([
          statuses(first, business, Array.from({ length: 40 }, (_, index) => user(6282600000000, index))),
          statuses(second, business, Array.from({ length: 40 }, (_, index) => user(6282600001000, index))),
        ]);
        expect([...fromFirst, ...fromSecond]).toEqual(Array(80).fill(200));
        // 40 + 40 = 80: each node alone would still have 40 to give.
        const overFirst = await sendTemplate(first, business, user(6282600002000, 0));
        const overSecond = await sendTemplate(second, business, user(6282600002000, 1));
        expect(errorOf(overFirst)).toMatchObject({ code: 130429 });
        expect(errorOf(overSecond)).toMatchObject({ code: 130429 });
        await Promise.all([first.advance('1s'), second.advance('1s')]);
        expect((await sendTemplate(second, business, user(6282600002000, 1))).statusCode).toBe(200);
      } finally {
        await first.close();
        await second.close();
      }
    }, 60_000);
  });
}
