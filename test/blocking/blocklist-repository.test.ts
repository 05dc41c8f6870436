import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KyselyBlocklistRepository, type OpenDatabase } from '../../src/store/index.js';
import { dialects, openMigrated } from '../support/databases.js';

const number = 'pn-1';

for (const dialect of dialects) {
  describe(`the blocklist a send asks on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
    });

    afterEach(() => close());

    const block = (waId: string): Promise<unknown> =>
      open.db.insertInto('blocked_users').values({ phone_number_id: number, wa_id: waId, business_id: 'biz-1', blocked_at: 1 }).execute();

    it('reads a number’s list once, then answers at once from memory until a change is committed', async () => {
      await block('6281200000001');
      const blocklist = new KyselyBlocklistRepository(open.db, 60_000);

      const first = blocklist.isBlocked(number, '6281200000001');
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toBe(true);
      // The list is in memory: every send after the first is answered without a promise.
      expect(blocklist.isBlocked(number, '6281200000001')).toBe(true);
      expect(blocklist.isBlocked(number, '6281200000002')).toBe(false);

      await block('6281200000002');
      // Not yet told: the list in memory still answers.
      expect(blocklist.isBlocked(number, '6281200000002')).toBe(false);
      blocklist.forget([{ businessId: 'biz-1', phoneNumberId: number, waId: '6281200000002', blocked: true, at: 2 }]);
      const reread = blocklist.isBlocked(number, '6281200000002');
      expect(reread).toBeInstanceOf(Promise);
      expect(await reread).toBe(true);
      expect(blocklist.isBlocked(number, '6281200000002')).toBe(true);
    });
  });
}
