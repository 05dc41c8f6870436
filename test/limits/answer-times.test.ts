import { afterAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch, type TestKabar } from '../support/kabar.js';
import type { LimitsView } from './support.js';

/**
 * The time a number takes to answer its customers feeds its quality score; it is stored, so a
 * restart in the middle of the week gives the same score, on both engines.
 */
for (const dialect of dialects) {
  describe(`answer times across a restart on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    const customers = ['6282800000001', '6282800000002', '6282800000003', '6282800000004'];

    async function reply(t: TestKabar, to: string): Promise<void> {
      const response = await t.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${t.demo.phoneNumberId}/messages`,
        headers: t.auth,
        payload: { messaging_product: 'whatsapp', to, text: { body: 'Terima kasih, kami bantu.' } },
      });
      expect(response.statusCode, response.body).toBe(200);
    }

    async function quality(t: TestKabar): Promise<LimitsView['quality']> {
      const response = await t.kabar.app.inject({ method: 'GET', url: `/admin/phone_numbers/${t.demo.phoneNumberId}/limits`, headers: t.admin });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<LimitsView>().quality;
    }

    it('keeps the questions and answers of the week through a restart: the same score after it', async () => {
      const first = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      for (const customer of customers) await first.userWrites('Halo, pesanan saya belum sampai', customer);
      await first.advance('10m');
      await reply(first, customers[0] ?? '');
      await first.advance('10m');
      await first.close();

      // Restarted mid-window: the second customer is answered after it, in time; the last two never.
      const second = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 20 * 60_000));
      await second.advance('10m');
      await reply(second, customers[1] ?? '');
      await second.advance('25h');
      const before = await quality(second);
      expect(before.explanation).toContain('2 of 4 customer messages waited more than 24 h for an answer');
      expect(before.score).toBe(92.5);
      const now = second.clock.now();
      await second.close();

      const third = await startKabar(dialect, database, SimClock.frozenAt(now));
      expect(await quality(third)).toEqual(before);
      await third.close();
    }, 60_000);
  });
}
