import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageStored, statusChanged, type MessageRecord } from '../../src/core/messaging/index.js';
import { record, unitOf, type CommitOutcome, type UnitOfWork } from '../../src/core/shared/index.js';
import { GroupCommitter, KyselyMessagingRepository, coreUnitWriters, type OpenDatabase } from '../../src/store/index.js';
import { dialects, openMigrated } from '../support/databases.js';
import { message, t0, users } from '../support/stored-messages.js';

/** Longer than any test runs: a unit held for later can only have committed with another. */
const never = 600_000;

function stored(item: MessageRecord): UnitOfWork {
  return unitOf([record(messageStored, item)]);
}

function sent(item: MessageRecord, at: number): UnitOfWork {
  return unitOf([record(statusChanged, { key: item.key, status: 'sent' as const, errorCode: null, updatedAt: at, message: item })]);
}

/** Lets the event loop turn more often than a group commit waits before it writes. */
async function turns(count = 10): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Whether a commit has settled, read without waiting for it. */
function tracked(outcome: Promise<CommitOutcome>): { readonly settled: () => boolean; readonly outcome: Promise<CommitOutcome> } {
  let settled = false;
  const watched = outcome.finally(() => {
    settled = true;
  });
  return { settled: () => settled, outcome: watched };
}

for (const dialect of dialects) {
  describe(`units committed later on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;
    /** The committer's monotonic time, moved by hand. */
    let now = 1_000;
    /** The size of each transaction the committer wrote, in units. */
    let batches: number[];

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
      now = 1_000;
      batches = [];
    });

    afterEach(() => close());

    function committer(laterMs: number, maxBatch?: number): GroupCommitter {
      return new GroupCommitter(open.db, {
        writers: coreUnitWriters,
        laterMs,
        now: () => now,
        onCommitted: (units) => batches.push(units.length),
        ...(maxBatch === undefined ? {} : { maxBatch }),
      });
    }

    it('holds a unit while requests are committing and writes it in the transaction of the next one', async () => {
      const writer = committer(never);
      const [first, second] = [message('A1', users[0]), message('A2', users[1])];
      await writer.commit(stored(first));
      now += 5;
      const later = tracked(writer.commitLater(sent(first, t0 + 1)));
      await turns();
      expect(later.settled()).toBe(false);
      expect(batches).toEqual([1]);

      await Promise.all([writer.commit(stored(second)), later.outcome]);
      expect(await later.outcome).toEqual({ committed: true });
      expect(batches).toEqual([1, 2]);
      expect(await new KyselyMessagingRepository(open.db).findMessage('A1')).toMatchObject({ status: 'sent', updatedAt: t0 + 1 });
    });

    it('writes a held unit on its own once `laterMs` has passed without another commit', async () => {
      const writer = committer(20);
      const item = message('B1', users[0]);
      await writer.commit(stored(item));
      expect(await writer.commitLater(sent(item, t0 + 1))).toEqual({ committed: true });
      expect(batches).toEqual([1, 1]);
      expect(await new KyselyMessagingRepository(open.db).findMessage('B1')).toMatchObject({ status: 'sent' });
    });

    it('does not hold a unit when no request has committed within `laterMs`', async () => {
      const writer = committer(never);
      const item = message('C1', users[0]);
      expect(writer.requestsCommitting()).toBe(false);
      await writer.commit(stored(item));
      now += never;
      expect(writer.requestsCommitting()).toBe(true);
      now += 1;
      expect(writer.requestsCommitting()).toBe(false);
      // Held, it would wait for a timer longer than the test may run.
      expect(await writer.commitLater(sent(item, t0 + 1))).toEqual({ committed: true });
      expect(batches).toEqual([1, 1]);
    });

    it('writes held units at once when they fill a batch, and on drain', async () => {
      const writer = committer(never, 2);
      const [d1, d2, d3] = [message('D1', users[0]), message('D2', users[1]), message('D3', users[2])];
      await writer.commit(unitOf([d1, d2, d3].map((item) => record(messageStored, item))));
      expect(await Promise.all([writer.commitLater(sent(d1, t0 + 1)), writer.commitLater(sent(d2, t0 + 2))])).toEqual([{ committed: true }, { committed: true }]);
      expect(batches).toEqual([1, 2]);

      const held = tracked(writer.commitLater(sent(d3, t0 + 3)));
      await turns();
      expect(held.settled()).toBe(false);
      await writer.drain();
      expect(await held.outcome).toEqual({ committed: true });
      expect(batches).toEqual([1, 2, 1]);
      const statuses = await new KyselyMessagingRepository(open.db).findMessages(['D1', 'D2', 'D3']);
      expect(statuses.map((found) => found.status)).toEqual(['sent', 'sent', 'sent']);
    });
  });
}
