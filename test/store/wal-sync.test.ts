import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../src/store/index.js';
import { sqliteFiles } from '../support/databases.js';

/**
 * With `synchronous` FULL (Kabar's default) every SQLite write settles only after a sync of the WAL
 * that began after it, run off the event loop; writes that land during one sync share the next.
 */
describe('SQLite writes synced off the event loop', () => {
  const openFile = sqliteFiles('kabar-wal-');
  const sqlite = (synchronous: 'FULL' | 'NORMAL' | undefined): Promise<OpenDatabase> => openFile(synchronous === undefined ? {} : { sqliteSynchronous: synchronous });

  const insert = (open: OpenDatabase, key: string) => open.db.insertInto('settings').values({ key, value: '"v"', updated_at: 1 }).execute();
  const syncs = (open: OpenDatabase) => {
    const counts = open.walSyncs?.();
    if (counts === undefined) throw new Error('this database does not sync its WAL itself');
    return counts;
  };

  it('answers a write only after a WAL sync that began after it', async () => {
    const open = await sqlite(undefined);
    const before = syncs(open);
    await insert(open, 'wal.one');
    expect(syncs(open).finished).toBeGreaterThanOrEqual(before.started + 1);
    const beforeTransaction = syncs(open);
    await open.db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'wal.two', value: '"v"', updated_at: 1 }).execute();
      await trx.insertInto('settings').values({ key: 'wal.three', value: '"v"', updated_at: 1 }).execute();
    });
    // One sync for the transaction, with its COMMIT: not one per statement.
    expect(syncs(open).finished).toBe(beforeTransaction.started + 1);
    expect(syncs(open).started).toBe(beforeTransaction.started + 1);
  });

  it('does not sync for reads', async () => {
    const open = await sqlite('FULL');
    await insert(open, 'wal.read');
    const before = syncs(open);
    for (let index = 0; index < 10; index += 1) await open.db.selectFrom('settings').selectAll().where('key', '=', 'wal.read').execute();
    await sql`select count(*) as n from settings`.execute(open.db);
    expect(syncs(open)).toEqual(before);
  });

  it('lets 200 concurrent writes share syncs, each answered after one that began after it', async () => {
    const open = await sqlite('FULL');
    const before = syncs(open);
    const settled = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const startedAtCall = syncs(open).started;
        await insert(open, `wal.many.${index}`);
        return { startedAtCall, finishedAtAnswer: syncs(open).finished };
      }),
    );
    for (const { startedAtCall, finishedAtAnswer } of settled) expect(finishedAtAnswer).toBeGreaterThan(startedAtCall);
    const used = syncs(open).started - before.started;
    expect(used).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThan(200);
    const count = await open.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', 'wal.many.%').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(200);
  });

  it('leaves the syncs to SQLite at NORMAL, which survives a crash of Kabar but not of the machine', async () => {
    const open = await sqlite('NORMAL');
    await insert(open, 'wal.normal');
    expect(open.walSyncs).toBeUndefined();
    const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(open.db);
    expect(mode.rows[0]?.synchronous).toBe(1);
  });

  it('keeps statement journals and sorts in memory, not in a temporary file per group commit', async () => {
    for (const level of ['FULL', 'NORMAL'] as const) {
      const open = await sqlite(level);
      const store = await sql<{ temp_store: number }>`pragma temp_store`.execute(open.db);
      expect(store.rows[0]?.temp_store).toBe(2);
    }
  });
});
