import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inboundRead, messageStored, type MessageRecord } from '../../src/core/messaging/index.js';
import { record, records, unitOf } from '../../src/core/shared/index.js';
import {
  GroupCommitter, HeldUserIndex, KyselyConsoleRepository, KyselyContactsRepository, KyselyMessagingRepository, coreUnitWriters, heldUserIndexOf, migrateDown, migrateToLatest,
  migrationNames, openDatabase, recoverHeldUserIndex, sqliteStatementsOf, withHeldUserIndex, type Database, type OpenDatabase,
} from '../../src/store/index.js';
import { dialects, freshDatabase, openMigrated, type TestDatabase } from '../support/databases.js';
import { message, spread, t0, users } from '../support/stored-messages.js';

async function entries(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('message_users').select(['wa_id', 'key']).orderBy('wa_id').orderBy('key').execute();
  return rows.map((row) => `${row.wa_id} ${row.key}`);
}

async function mark(db: Kysely<Database>): Promise<string | undefined> {
  return (await db.selectFrom('message_users_mark').select('message_key').where('id', '=', 1).executeTakeFirst())?.message_key;
}

const sorted = (messages: readonly MessageRecord[]): string[] => messages.map((entry) => `${entry.waId} ${entry.key}`).sort();

for (const dialect of dialects) {
  describe(`a user's messages through message_users on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
    });

    afterEach(() => close());

    it("finds a user's messages the moment they commit: the log, the conversation, the numbers written to, and the read receipt", async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const stored = [
        message('A1', '15550100001', { direction: 'inbound', status: 'received' }),
        message('A2', '15550100001'),
        message('A3', '15550100002', { phoneNumberId: 'p2', businessId: 'b2' }),
        message('A4', '15550100001', { direction: 'inbound', status: 'received', phoneNumberId: 'p2', businessId: 'b2' }),
        message('A5', '15550100001', { direction: 'inbound', status: 'received' }),
      ];
      await committer.commit(unitOf(records(messageStored, stored)));
      // SQLite holds the entries in memory for now; PostgreSQL wrote them with the messages.
      if (dialect === 'sqlite') {
        expect(heldUserIndexOf(open.db)?.held).toBe(5);
        expect(await entries(open.db)).toEqual([]);
      } else {
        expect(heldUserIndexOf(open.db)).toBeUndefined();
        expect(await entries(open.db)).toEqual(sorted(stored));
      }

      const messages = new KyselyMessagingRepository(open.db);
      expect((await messages.listByUser('15550100001', { limit: 10 })).map((found) => found.key)).toEqual(['A5', 'A4', 'A2', 'A1']);
      expect((await messages.listByUser('15550100001', { businessId: 'b1', direction: 'inbound', limit: 10 })).map((found) => found.key)).toEqual(['A5', 'A1']);
      // Reading settled that user's entries, and no one else's.
      expect(await entries(open.db)).toEqual(dialect === 'sqlite' ? sorted(stored.filter((entry) => entry.waId === '15550100001')) : sorted(stored));

      const log = new KyselyConsoleRepository(open.db);
      expect((await log.messageLog({ waId: '15550100002', limit: 10 })).rows.map((row) => row.key)).toEqual(['A3']);
      expect((await log.messageLog({ waId: '15550100001', limit: 2 })).rows.map((row) => row.key)).toEqual(['A5', 'A4']);
      expect((await log.messageLog({ waId: '15550100001', before: 'A4', limit: 10 })).rows.map((row) => row.key)).toEqual(['A2', 'A1']);
      expect((await log.messageLog({ waId: '15550100001', direction: 'outbound', limit: 10 })).rows.map((row) => row.key)).toEqual(['A2']);

      const contacts = new KyselyContactsRepository(open.db);
      expect((await contacts.numbersInTouchWith('15550100001')).sort((left, right) => left.phoneNumberId.localeCompare(right.phoneNumberId))).toEqual([
        { phoneNumberId: 'p1', businessId: 'b1' },
        { phoneNumberId: 'p2', businessId: 'b2' },
      ]);

      // A receipt for a message whose entry is still held marks it and the earlier ones of that number read.
      const later = [message('A6', '15550100009', { direction: 'inbound', status: 'received' }), message('A7', '15550100009', { direction: 'inbound', status: 'received' })];
      await committer.commit(unitOf(records(messageStored, later)));
      await committer.commit(unitOf([record(inboundRead, { phoneNumberId: 'p1', waId: '15550100009', throughKey: 'A6', at: t0 + 5 })]));
      await committer.commit(unitOf([record(inboundRead, { phoneNumberId: 'p1', waId: '15550100001', throughKey: 'A5', at: t0 + 6 })]));
      const status = async (key: string) => (await messages.findMessage(key))?.status;
      expect([await status('A6'), await status('A7'), await status('A1'), await status('A5'), await status('A4')]).toEqual(['read', 'received', 'read', 'read', 'received']);
    });

    it('fills message_users from the messages already stored when the migration runs', async () => {
      const stepsBack = migrationNames.length - migrationNames.indexOf('2026-11-28T13-00-00-message-users');
      for (let step = 0; step < stepsBack; step += 1) await migrateDown(open.db, open.schema);
      const before = open.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const row = (key: string, waId: string) => ({
        key, business_id: 'b1', waba_id: 'w1', phone_number_id: 'p1', direction: 'outbound', wa_id: waId, type: 'text', content: '{"body":"Hi"}', status: 'sent', created_at: t0, updated_at: t0,
      });
      await before.insertInto('messages').values([row('M1', '15550100002'), row('M2', '15550100001'), row('M3', '15550100002')]).execute();
      await migrateToLatest(open.db, open.schema);
      expect(await entries(open.db)).toEqual(['15550100001 M2', '15550100002 M1', '15550100002 M3']);
      // SQLite's mark names the last message, so a start writes nothing again.
      expect(await mark(open.db)).toBe(dialect === 'sqlite' ? 'M3' : undefined);
      expect(await recoverHeldUserIndex(open.db)).toEqual({ written: 0 });
      // And back: the index returns and the table goes.
      for (let step = 0; step < stepsBack; step += 1) await migrateDown(open.db, open.schema);
      await expect(before.selectFrom('message_users').selectAll().execute()).rejects.toThrow();
    });
  });
}

describe('the held per-user index on SQLite', () => {
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

  it('writes a generation once it is due, sorted by user and key, a slice with each group commit, and then moves the mark', async () => {
    let now = 0;
    const statements = sqliteStatementsOf(open.db);
    if (statements === undefined) throw new Error('SQLite hands out its statements');
    const held = new HeldUserIndex(statements, { holdMs: 1_000, now: () => now });
    withHeldUserIndex(open.db, held);
    const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });

    const first = spread(0, 100);
    await committer.commit(unitOf(records(messageStored, first)));
    now = 999;
    await committer.commit(unitOf(records(messageStored, spread(100, 1))));
    // Not yet due: nothing written, everything held.
    expect(await entries(open.db)).toEqual([]);
    expect(held.held).toBe(101);

    now = 1_000;
    const generation = [...first, ...spread(100, 1)];
    await committer.commit(unitOf(records(messageStored, spread(101, 1))));
    // Due: the generation is cut and its first 64 entries, in user and key order, go with this commit.
    expect(await entries(open.db)).toEqual(sorted(generation).slice(0, 64));
    expect(held.held).toBe(101 - 64 + 1);
    expect(await mark(open.db)).toBeUndefined();

    await committer.commit(unitOf(records(messageStored, spread(102, 1))));
    // The rest of the generation, and the mark: the last message when the generation was cut.
    expect(await entries(open.db)).toEqual(sorted(generation));
    expect(await mark(open.db)).toBe('K00100');
    expect(held.held).toBe(2);

    // Shutting down writes what is left, and the mark moves to the last message.
    await committer.flushHeld();
    expect(held.held).toBe(0);
    expect(await entries(open.db)).toEqual(sorted(spread(0, 103)));
    expect(await mark(open.db)).toBe('K00102');
  });

  it('writes after a restart the entries a crash kept in memory, from the mark or, when the mark is lost, from every message', async () => {
    const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
    await committer.commit(unitOf(records(messageStored, spread(0, 10))));
    await committer.flushHeld();
    await committer.commit(unitOf(records(messageStored, spread(10, 40))));
    expect(heldUserIndexOf(open.db)?.held).toBe(40);
    // A crash: the connection closes with the entries still held.
    await open.close();

    open = await openDatabase({ dataDir: database.options.dataDir });
    await migrateToLatest(open.db, open.schema);
    expect(await recoverHeldUserIndex(open.db)).toEqual({ written: 40 });
    expect(await entries(open.db)).toEqual(sorted(spread(0, 50)));
    expect(await mark(open.db)).toBe('K00049');
    expect((await new KyselyMessagingRepository(open.db).listByUser(users[1], { limit: 100 })).length).toBe(17);

    // A mark that no longer names its message (a VACUUM renumbered the rows): every message is looked at again.
    await open.db.deleteFrom('message_users').where('key', '>=', 'K00020').execute();
    await open.db.updateTable('message_users_mark').set({ message_key: 'K99999' }).execute();
    expect(await recoverHeldUserIndex(open.db)).toEqual({ written: 30 });
    expect(await entries(open.db)).toEqual(sorted(spread(0, 50)));
  });
});
