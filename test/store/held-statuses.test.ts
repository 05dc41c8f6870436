import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageStored, statusChanged, type MessageRecord, type MessageStatus, type StatusChange } from '../../src/core/messaging/index.js';
import { records, unitOf } from '../../src/core/shared/index.js';
import {
  GroupCommitter, HeldStatuses, KyselyConsoleRepository, KyselyMessagingRepository, coreUnitWriters, heldStatusesOf, migrateDown, migrateToLatest, migrationNames, openDatabase,
  recoverHeldStatuses, sqliteStatementsOf, withHeldStatuses, type Database, type OpenDatabase,
} from '../../src/store/index.js';
import { dialects, freshDatabase, openMigrated, type TestDatabase } from '../support/databases.js';
import { message, spread, t0, users } from '../support/stored-messages.js';

function change(before: MessageRecord, status: MessageStatus, at: number, errorCode: number | null = null): StatusChange {
  return { key: before.key, status, errorCode, updatedAt: at, message: before };
}

/** What the rows themselves hold, without any held status. */
async function rowStatuses(db: Kysely<Database>, keys: readonly string[]): Promise<Record<string, string>> {
  const rows = await db.selectFrom('messages').select(['key', 'status']).where('key', 'in', [...keys]).orderBy('key').execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.status]));
}

async function journalRows(db: Kysely<Database>): Promise<number> {
  return (await db.selectFrom('status_journal').select('id').execute()).length;
}

for (const dialect of dialects) {
  describe(`statuses as every reader sees them on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
    });

    afterEach(() => close());

    it('shows a status the moment it commits: one message, a user’s conversation filtered by status, the console’s log and its filter, and the messages in flight', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const messages = new KyselyMessagingRepository(open.db);
      const consoleStore = new KyselyConsoleRepository(open.db);
      const [a, b, c] = [message('A1', users[0], { idempotencyKey: 'idem-1' }), message('A2', users[0]), message('A3', users[1])];
      await committer.commit(unitOf(records(messageStored, [a, b, c])));
      await committer.commit(unitOf(records(statusChanged, [change(a, 'sent', t0 + 1), change(b, 'sent', t0 + 2), change(c, 'sent', t0 + 3)])));
      await committer.commit(unitOf(records(statusChanged, [change({ ...a, status: 'sent' }, 'delivered', t0 + 4), change({ ...c, status: 'sent' }, 'failed', t0 + 5, 131026)])));
      await committer.commit(unitOf(records(statusChanged, [change({ ...a, status: 'delivered' }, 'read', t0 + 6)])));

      expect(await messages.findMessage('A1')).toMatchObject({ status: 'read', updatedAt: t0 + 6 });
      expect((await messages.findMessages(['A2', 'A3'])).map((found) => [found.key, found.status, found.errorCode])).toEqual([['A2', 'sent', null], ['A3', 'failed', 131026]]);
      expect(await messages.findByIdempotencyKey('p1', 'idem-1')).toMatchObject({ key: 'A1', status: 'read' });
      expect(await consoleStore.findMessage('A1')).toMatchObject({ status: 'read', sent_at: t0 + 1, delivered_at: t0 + 4, read_at: t0 + 6, failed_at: null });
      expect(await consoleStore.findMessage('A3')).toMatchObject({ status: 'failed', error_code: 131026, sent_at: t0 + 3, failed_at: t0 + 5 });

      const log = await consoleStore.messageLog({ limit: 10 });
      expect(log.rows.map((row) => `${row.key} ${row.status}`)).toEqual(['A3 failed', 'A2 sent', 'A1 read']);
      expect((await consoleStore.messageLog({ limit: 10, status: 'sent' })).rows.map((row) => row.key)).toEqual(['A2']);
      expect((await messages.listByUser(users[0], { limit: 10, outboundStatuses: ['read'] })).map((found) => found.key)).toEqual(['A1']);
      expect((await messages.listInFlight('A0')).map((found) => `${found.key} ${found.status}`)).toEqual(['A2 sent']);
    });
  });
}

describe('status rows written late on SQLite', () => {
  let database: TestDatabase;
  let open: OpenDatabase;

  beforeEach(async () => {
    database = freshDatabase('sqlite');
    open = await openDatabase({ dataDir: database.options.dataDir });
    await migrateToLatest(open.db, open.schema);
  });

  afterEach(async () => {
    await open.close();
    await database.cleanup();
  });

  function heldWithClock(clock: { now: number }): HeldStatuses {
    const statements = sqliteStatementsOf(open.db);
    if (statements === undefined) throw new Error('SQLite hands out its statements');
    const held = new HeldStatuses(statements, { holdMs: 1_000, now: () => clock.now });
    withHeldStatuses(open.db, held);
    return held;
  }

  it('journals each commit’s statuses as one row, writes a due generation in key order a slice with each group commit, one write a message, and then deletes its journal rows', async () => {
    const clock = { now: 0 };
    const held = heldWithClock(clock);
    const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
    const stored = spread(0, 100);
    await committer.commit(unitOf(records(messageStored, stored)));
    // Sent in one commit and delivered in the next, in an order unlike the keys'.
    const reversed = [...stored].reverse();
    await committer.commit(unitOf(records(statusChanged, reversed.map((before, index) => change(before, 'sent', t0 + index)))));
    await committer.commit(unitOf(records(statusChanged, reversed.map((before, index) => change({ ...before, status: 'sent' }, 'delivered', t0 + 1_000 + index)))));
    expect(await journalRows(open.db)).toBe(2);
    expect(held.held).toBe(100);
    expect(Object.values(await rowStatuses(open.db, stored.map((entry) => entry.key)))).toEqual(Array(100).fill('accepted'));

    clock.now = 999;
    await committer.commit(unitOf(records(messageStored, spread(100, 1))));
    // Not yet due: the rows are untouched.
    expect(Object.values(await rowStatuses(open.db, stored.map((entry) => entry.key)))).toEqual(Array(100).fill('accepted'));

    clock.now = 1_000;
    await committer.commit(unitOf(records(messageStored, spread(101, 1))));
    // Due: the first 64 messages in key order, each in one write with both of its times.
    const rows = await rowStatuses(open.db, stored.map((entry) => entry.key));
    expect(Object.entries(rows).filter(([, status]) => status === 'delivered').map(([key]) => key)).toEqual(stored.slice(0, 64).map((entry) => entry.key));
    expect(held.held).toBe(36);
    expect(await journalRows(open.db)).toBe(2);
    const first = await open.db.selectFrom('messages').select(['sent_at', 'delivered_at']).where('key', '=', 'K00000').executeTakeFirstOrThrow();
    expect(first).toEqual({ sent_at: t0 + 99, delivered_at: t0 + 1_099 });

    await committer.commit(unitOf(records(messageStored, spread(102, 1))));
    // The rest of the generation, and its journal rows go.
    expect(Object.values(await rowStatuses(open.db, stored.map((entry) => entry.key)))).toEqual(Array(100).fill('delivered'));
    expect(held.held).toBe(0);
    expect(await journalRows(open.db)).toBe(0);
  });

  it('settles one user’s statuses for a reader that filters by status, and a later slice never writes an older status over them', async () => {
    const clock = { now: 0 };
    const held = heldWithClock(clock);
    const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
    const messages = new KyselyMessagingRepository(open.db);
    const stored = spread(0, 200);
    await committer.commit(unitOf(records(messageStored, stored)));
    await committer.commit(unitOf(records(statusChanged, stored.map((before) => change(before, 'sent', t0 + 1)))));
    clock.now = 1_000;
    // The generation of `sent` is cut, and its first slice writes K00000–K00063.
    await committer.commit(unitOf(records(messageStored, spread(200, 1))));
    const last = stored[199];
    if (last === undefined) throw new Error('200 messages');
    // Then the last one is delivered (fresh), in a commit that writes K00064–K00127 of the older generation.
    await committer.commit(unitOf(records(statusChanged, [change({ ...last, status: 'sent' }, 'delivered', t0 + 2)])));
    const other = stored.find((entry) => entry.waId !== last.waId && entry.key > 'K00127' && entry.key < 'K00192');
    if (other === undefined) throw new Error('another user');
    expect(await rowStatuses(open.db, [other.key, last.key])).toEqual({ [other.key]: 'accepted', [last.key]: 'accepted' });

    // A reader that filters by status writes that user's statuses at once, and only theirs.
    const shown = await messages.listByUser(last.waId, { limit: 100, outboundStatuses: ['delivered'] });
    expect(shown.map((found) => found.key)).toEqual([last.key]);
    expect(await rowStatuses(open.db, [other.key, last.key])).toEqual({ [other.key]: 'accepted', [last.key]: 'delivered' });

    // The older generation's last slices reach the other user's message, and pass over the settled one.
    await committer.commit(unitOf(records(messageStored, spread(201, 1))));
    await committer.commit(unitOf(records(messageStored, spread(202, 1))));
    expect(await rowStatuses(open.db, [other.key, last.key])).toEqual({ [other.key]: 'sent', [last.key]: 'delivered' });
    await committer.flushHeld();
    expect(held.held).toBe(0);
    expect(await journalRows(open.db)).toBe(0);
    expect(await messages.findMessage(last.key)).toMatchObject({ status: 'delivered' });
  });

  it('writes after a restart, in the order they committed, the statuses a crash kept from their rows', async () => {
    const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
    const stored = spread(0, 30);
    await committer.commit(unitOf(records(messageStored, stored)));
    await committer.commit(unitOf(records(statusChanged, stored.map((before) => change(before, 'sent', t0 + 1)))));
    await committer.commit(unitOf(records(statusChanged, stored.slice(0, 10).map((before) => change({ ...before, status: 'sent' }, 'delivered', t0 + 2)))));
    await committer.commit(unitOf(records(statusChanged, stored.slice(0, 5).map((before) => change({ ...before, status: 'delivered' }, 'read', t0 + 3)))));
    expect(heldStatusesOf(open.db)?.held).toBe(30);
    // A crash: the connection closes with the statuses still held.
    await open.close();

    open = await openDatabase({ dataDir: database.options.dataDir });
    await migrateToLatest(open.db, open.schema);
    expect(await recoverHeldStatuses(open.db)).toEqual({ written: 45 });
    expect(await journalRows(open.db)).toBe(0);
    const rows = await rowStatuses(open.db, stored.map((entry) => entry.key));
    expect(Object.values(rows)).toEqual([...Array(5).fill('read'), ...Array(5).fill('delivered'), ...Array(20).fill('sent')]);
    const times = await open.db.selectFrom('messages').select(['sent_at', 'delivered_at', 'read_at']).where('key', '=', 'K00000').executeTakeFirstOrThrow();
    expect(times).toEqual({ sent_at: t0 + 1, delivered_at: t0 + 2, read_at: t0 + 3 });
    expect(await recoverHeldStatuses(open.db)).toEqual({ written: 0 });
  });

  it('creates the journal in its migration, and takes it away going down', async () => {
    const stepsBack = migrationNames.length - migrationNames.indexOf('2026-11-28T15-00-00-status-journal');
    expect(await journalRows(open.db)).toBe(0);
    for (let step = 0; step < stepsBack; step += 1) await migrateDown(open.db, open.schema);
    await expect(open.db.selectFrom('status_journal').selectAll().execute()).rejects.toThrow();
    await migrateToLatest(open.db, open.schema);
    expect(await journalRows(open.db)).toBe(0);
  });
});
