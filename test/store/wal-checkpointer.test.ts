import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseOptions, type OpenDatabase, type WalCheckpoints } from '../../src/store/index.js';
import { WalCheckpointer } from '../../src/store/wal-checkpointer.js';

/**
 * SQLite's WAL is copied back into the database file by a second connection on a thread of its own,
 * so that the COMMIT on the event loop does not do it; the main connection's `wal_autocheckpoint`
 * stays as the bound on the WAL, whatever the thread manages.
 */
describe('SQLite checkpoints on a thread of their own', () => {
  const opened: { open: OpenDatabase; dir: string }[] = [];
  const pageBytes = 4_096;
  /** A WAL frame is its page and a 24-byte header; the file starts with a 32-byte header. */
  const walBytes = (frames: number) => 32 + frames * (pageBytes + 24);

  async function sqlite(options: Partial<DatabaseOptions>): Promise<{ open: OpenDatabase; dir: string; checkpoints: WalCheckpoints }> {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-checkpoint-'));
    const open = await openDatabase({ dataDir: dir, ...options });
    await migrateToLatest(open.db, open.schema);
    opened.push({ open, dir });
    const checkpoints = open.walCheckpoints;
    if (checkpoints === undefined) throw new Error('this database has no checkpointer thread');
    return { open, dir, checkpoints };
  }

  afterEach(async () => {
    for (const { open, dir } of opened.splice(0)) {
      await open.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Writes `rows` settings of 1 KiB each in transactions of `perCommit`, about a page per four rows. */
  async function write(open: OpenDatabase, prefix: string, rows: number, perCommit: number): Promise<void> {
    const value = JSON.stringify('x'.repeat(1_000));
    for (let start = 0; start < rows; start += perCommit) {
      const batch = Array.from({ length: Math.min(perCommit, rows - start) }, (_, index) => ({ key: `${prefix}.${start + index}`, value, updated_at: 1 }));
      await open.db.insertInto('settings').values(batch).execute();
    }
  }

  const count = async (open: OpenDatabase, prefix: string) =>
    Number((await open.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', `${prefix}.%`).executeTakeFirstOrThrow()).n);

  it('copies every committed frame into the database file while the main connection stays below its mark', async () => {
    const { open, dir, checkpoints } = await sqlite({ sqliteCheckpointIntervalMs: 5 });
    const before = statSync(join(dir, 'kabar.db')).size;
    await write(open, 'copied', 2_000, 100);
    // The thread's next run starts after the writes above: it finds every frame and copies them all.
    await checkpoints.next();
    const after = await checkpoints.next();
    // Between two commits the thread may have copied every frame, and the next write then started
    // the WAL over: it holds what came since, all of it copied.
    expect(after.walFrames).toBeGreaterThan(0);
    expect(after.walFrames).toBeLessThan(10_000);
    expect(after.checkpointedFrames).toBe(after.walFrames);
    expect(after.failure).toBeUndefined();
    // 2,000 rows of 1 KiB are some 500 pages: they are in the database file, not only in the WAL.
    expect(statSync(join(dir, 'kabar.db')).size - before).toBeGreaterThan(400 * pageBytes);
  });

  it('keeps the WAL within its mark when the thread does not run at all', async () => {
    const { open, dir, checkpoints } = await sqlite({ sqliteCheckpointIntervalMs: 3_600_000, sqliteCheckpointPages: 300 });
    // About 2,500 pages in commits of about 25: without the mark, the WAL would hold them all.
    await write(open, 'bounded', 10_000, 100);
    expect(checkpoints().runs).toBe(0);
    // The WAL started over from its beginning each time a COMMIT reached the mark.
    expect(statSync(join(dir, 'kabar.db-wal')).size).toBeLessThanOrEqual(walBytes(300 + 100));
    expect(await count(open, 'bounded')).toBe(10_000);
  });

  it('keeps the WAL near its mark under writes with no pause, with the thread checkpointing often', async () => {
    const { open, dir, checkpoints } = await sqlite({ sqliteCheckpointIntervalMs: 5, sqliteCheckpointPages: 300 });
    // About 5,000 pages: without a bound the WAL would hold them all, 20 MiB.
    await write(open, 'busy', 20_000, 100);
    expect(checkpoints().runs).toBeGreaterThan(0);
    // A COMMIT past the mark whose checkpoint meets the thread's skips its own, and the WAL grows
    // past the mark until one of the two copies every frame before the next write starts it over.
    expect(statSync(join(dir, 'kabar.db-wal')).size).toBeLessThanOrEqual(walBytes(5 * 300));
    expect(await count(open, 'busy')).toBe(20_000);
  });

  it('stops the thread on close, after which the last connection folds the WAL in and removes it', async () => {
    const { open, dir, checkpoints } = await sqlite({ sqliteCheckpointIntervalMs: 5 });
    await write(open, 'closed', 1_000, 100);
    await checkpoints.next();
    await open.close();
    opened.splice(0);
    expect(existsSync(join(dir, 'kabar.db-wal'))).toBe(false);
    // The thread has exited: waiting for its next run settles at once, with no new run.
    const runs = checkpoints().runs;
    expect((await checkpoints.next()).runs).toBe(runs);

    const again = await openDatabase({ dataDir: dir });
    opened.push({ open: again, dir });
    expect(await count(again, 'closed')).toBe(1_000);
  });

  it('runs at both durability levels, and not for a database in memory', async () => {
    for (const level of ['FULL', 'NORMAL'] as const) {
      const { open, checkpoints } = await sqlite({ sqliteSynchronous: level, sqliteCheckpointIntervalMs: 5 });
      await write(open, `level.${level}`, 400, 100);
      await checkpoints.next();
      const counts = await checkpoints.next();
      expect(counts.checkpointedFrames).toBe(counts.walFrames);
      expect(counts.walFrames).toBeGreaterThan(0);
      const mode = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(open.db);
      expect(mode.rows[0]?.wal_autocheckpoint).toBe(10_000);
    }
    const memory = await openDatabase({ dataDir: tmpdir(), sqliteFile: ':memory:' });
    expect(memory.walCheckpoints).toBeUndefined();
    await memory.close();
  });

  it('reports why the thread stopped when it cannot open the database, leaving the checkpoints to the mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-checkpoint-'));
    try {
      const told: string[] = [];
      const checkpointer = new WalCheckpointer(join(dir, 'missing.db'), { intervalMs: 5, onFailure: (reason) => told.push(reason) });
      const counts = await checkpointer.next();
      expect(counts.runs).toBe(0);
      expect(counts.failure).toBe('SQLITE_CANTOPEN');
      expect(told).toEqual(['SQLITE_CANTOPEN']);
      await checkpointer.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Runs `test/support/database-process.ts` in a process of its own; settles with its exit code. */
  function databaseProcess(mode: 'close' | 'leave'): Promise<number | null> {
    const script = fileURLToPath(new URL('../support/database-process.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: 'inherit' });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
  }

  it('lets a process end once its work is done, and not before the close has finished', async () => {
    // Closed, the process ends with the exit code it set after the close: it did not end during it.
    expect(await databaseProcess('close')).toBe(3);
    // Left open, nothing else to do: the thread does not keep the process alive.
    expect(await databaseProcess('leave')).toBe(0);
  }, 20_000);
});
