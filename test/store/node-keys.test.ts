import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch } from '../support/kabar.js';
import { sendTemplate, tenant } from '../limits/support.js';

/**
 * Two Kabar nodes on one PostgreSQL database issue their row keys independently. Under one frozen
 * clock they count the same (millisecond, sequence) from the same stored key; with random noise in
 * the last two digits, one key in 256 of those differed in nothing, and the send that drew it failed
 * with a duplicate primary key (HTTP 500, code 131000). With a tag each (`KABAR_NODE_TAG`), the last
 * two digits are the node's own and no key can be issued twice.
 */
describe.runIf(dialects.includes('postgres'))('row keys of two Kabar nodes on one PostgreSQL database', () => {
  const database = freshDatabase('postgres');
  afterAll(() => database.cleanup());

  it('never issue the same key with a tag each: 40 messages received on the first node, 40 sent from the second, all answered 200', async () => {
    const first = await startKabar('postgres', database, SimClock.frozenAt(testEpoch), 'fixed', { nodeTag: 1 });
    const second = await startKabar('postgres', database, SimClock.frozenAt(testEpoch), 'fixed', { nodeTag: 2 });
    try {
      const business = await tenant(first, 'Toko Kunci Dua Node');
      const waIds = Array.from({ length: 40 }, (_, index) => `6282800${String(index).padStart(6, '0')}`);
      const received = await Promise.all(
        waIds.map((from) => first.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: first.admin, payload: { from, to: business.phoneNumberId, text: 'Halo' } })),
      );
      expect(received.filter((response) => response.statusCode !== 200).map((response) => response.body)).toEqual([]);
      const failed: string[] = [];
      for (const waId of waIds) {
        const answer = await sendTemplate(second, business, waId);
        if (answer.statusCode !== 200) failed.push(answer.body);
      }
      expect(failed).toEqual([]);
      // Both nodes went through the same (millisecond, sequence) values; their tags tell them apart.
      const shared = await sql<{ slot: string }>`select substr(key, 1, 18) as slot from messages group by 1 having count(*) > 1`.execute(first.kabar.services.database.db);
      expect(shared.rows.length).toBeGreaterThan(0);
      const tags = await sql<{ tag: string; count: number }>`select substr(key, 19, 2) as tag, count(*)::int as count from messages group by 1 order by 1`.execute(first.kabar.services.database.db);
      expect(tags.rows).toEqual([
        { tag: '01', count: 40 },
        { tag: '02', count: 40 },
      ]);
      const stored = await sql<{ count: number }>`select count(*)::int as count from messages`.execute(first.kabar.services.database.db);
      expect(stored.rows[0]?.count).toBe(80);
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);
});
