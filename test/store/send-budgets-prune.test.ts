import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselySendBudgets, openDatabase, type OpenDatabase } from '../../src/store/index.js';
import { freshDatabase, openMigrated } from '../support/databases.js';

/**
 * On PostgreSQL every Kabar node takes from the same budget rows and prunes the ones untouched for
 * two days, each on its own. A take locks its rows from the moment it inserts them, so another node's
 * prune never deletes a row under it: before, a prune landing between the take's insert and its
 * SELECT … FOR UPDATE failed the send with "send budget rows vanished inside their transaction".
 */
const postgres = freshDatabase('postgres').options.databaseUrl;

describe.skipIf(postgres === undefined || postgres === '')('send budgets pruned by another node on postgres', () => {
  let first: { readonly open: OpenDatabase; close(): Promise<void> };
  let second: OpenDatabase;

  beforeAll(async () => {
    first = await openMigrated('postgres');
    // A second pool on the same schema: another Kabar node.
    const schema = first.open.schema ?? '';
    second = await openDatabase({ dataDir: '', url: postgres ?? '', schema });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('never loses a take to a prune of the rows it is taking from', { timeout: 90_000 }, async () => {
    const taker = new KyselySendBudgets(first.open.db);
    const pruner = new KyselySendBudgets(second.db);
    const day = 24 * 60 * 60 * 1_000;
    let failures = 0;
    let refusedBeforeTheirTime = 0;
    for (let round = 0; round < 400; round += 1) {
      // Every row is "old" to the pruner: it deletes whatever is not locked by a take under way.
      const now = 1_800_000_000_000 + round * 10 * day;
      const takes = Array.from({ length: 8 }, (_, index) =>
        taker.take({ phoneNumberId: '106540352242922', waId: `62812${String(round).padStart(4, '0')}${index}`, level: 'STANDARD', now }).then(
          (verdict) => {
            if (!verdict.ok) refusedBeforeTheirTime += 1;
          },
          () => {
            failures += 1;
          },
        ),
      );
      const prunes = Array.from({ length: 8 }, () => pruner.prune(now + day));
      await Promise.all([...takes, ...prunes]);
    }
    expect(failures).toBe(0);
    // Eight takes in one instant of a fresh second fit the number's 80 and each pair's burst.
    expect(refusedBeforeTheirTime).toBe(0);
  });
});
