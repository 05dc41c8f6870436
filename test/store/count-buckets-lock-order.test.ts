import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageStored, statusChanged, type MessageRecord, type StatusChange } from '../../src/core/messaging/index.js';
import { records, unitOf } from '../../src/core/shared/index.js';
import { GroupCommitter, KyselyAnalyticsRepository, coreUnitWriters, openDatabase, writeUnits, type OpenDatabase } from '../../src/store/index.js';
import { freshDatabase, openMigrated } from '../support/databases.js';

/**
 * On PostgreSQL every Kabar node adds its statuses to the same analytics counts. A batch adds to its
 * buckets in key order, so two nodes' transactions lock shared buckets in the same order: in any
 * other order, one holding the first bucket and the other the second wait for each other, and
 * PostgreSQL aborts one of them as a deadlock.
 */
const postgres = freshDatabase('postgres').options.databaseUrl;
const halfHour = 1_800_000;
const t0 = Math.floor(Date.UTC(2026, 10, 25, 9) / halfHour) * halfHour;

function outbound(key: string, createdAt: number): MessageRecord {
  return {
    key, businessId: 'b1', wabaId: 'w1', phoneNumberId: 'p1', direction: 'outbound', waId: '15550100001', type: 'text', content: { body: 'Hi' }, category: null,
    status: 'accepted', errorCode: null, contextKey: null, bizOpaqueCallbackData: null, idempotencyKey: null, requestFingerprint: null, createdAt, updatedAt: createdAt,
  };
}

const sent = (message: MessageRecord): StatusChange => ({ key: message.key, status: 'sent', errorCode: null, updatedAt: message.createdAt + 1, message });

describe.skipIf(postgres === undefined || postgres === '')('analytics counts added by two nodes at once on postgres', () => {
  let first: { readonly open: OpenDatabase; close(): Promise<void> };
  let second: OpenDatabase;

  beforeAll(async () => {
    first = await openMigrated('postgres');
    // A second pool on the same schema: another Kabar node.
    second = await openDatabase({ dataDir: '', url: postgres ?? '', schema: first.open.schema ?? '' });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('never deadlocks two nodes adding to the same buckets, and loses no count', { timeout: 90_000 }, async () => {
    const pools = [first.open.db, second.db] as const;
    const rounds = 300;
    const perNode = 4;
    // Each node's messages fall in the same two half hours; node 0 meets them early-first, node 1 late-first.
    const messages = pools.map((_, node) =>
      Array.from({ length: rounds * perNode }, (_, index) => {
        const late = (index % 2 === 0) === (node === 1);
        return outbound(`N${node}${String(index).padStart(6, '0')}`, t0 + (late ? halfHour : 0) + index);
      }),
    );
    for (const [node, db] of pools.entries()) await new GroupCommitter(db, { writers: coreUnitWriters }).commit(unitOf(records(messageStored, messages[node] ?? [])));
    let failures = 0;
    for (let round = 0; round < rounds; round += 1) {
      // Straight transactions, as a batch of the group committer runs them (which would retry a failed batch unit by unit).
      const commits = pools.map((db, node) => {
        const batch = (messages[node] ?? []).slice(round * perNode, (round + 1) * perNode);
        return db
          .transaction()
          .execute((trx) => writeUnits(trx, coreUnitWriters, [unitOf(records(statusChanged, batch.map(sent)))]))
          .catch(() => {
            failures += 1;
          });
      });
      await Promise.all(commits);
    }
    expect(failures).toBe(0);
    const counts = await new KyselyAnalyticsRepository(first.open.db).messageCounts({ businessId: 'b1', wabaId: 'w1', phoneNumberIds: ['p1'], from: t0, to: t0 + 2 * halfHour, bucketMs: halfHour, countryCodes: undefined });
    expect(counts).toEqual([{ bucketStart: t0, sent: rounds * perNode, delivered: 0 }, { bucketStart: t0 + halfHour, sent: rounds * perNode, delivered: 0 }]);
  });
});
