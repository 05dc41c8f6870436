import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteStatementsOf, type OpenDatabase } from '../../src/store/index.js';
import { dialects, freshDatabase, sqliteFiles } from '../support/databases.js';

/**
 * Hot writes (a status's UPDATE) run on SQLite's cached prepared statements directly. Every way
 * SQLite is opened must hand them out, to the database and to its transactions alike, and a write
 * run through them must be synced like any other before its commit settles.
 */
describe('SQLite prepared statements for hot writes', () => {
  const openFile = sqliteFiles('kabar-statements-');
  const sqlite = (mode: 'memory' | 'NORMAL' | 'FULL'): Promise<OpenDatabase> => openFile(mode === 'memory' ? { sqliteFile: ':memory:' } : { sqliteSynchronous: mode });

  const upsert = `insert into "settings" ("key", "value", "updated_at") values (?, ?, ?)
    on conflict ("key") do update set "value" = excluded."value", "updated_at" = excluded."updated_at"`;

  for (const mode of ['memory', 'NORMAL', 'FULL'] as const) {
    it(`hands them out on SQLite opened ${mode === 'memory' ? 'in memory' : `with synchronous ${mode}`}, inside a transaction too`, async () => {
      const open = await sqlite(mode);
      const outside = sqliteStatementsOf(open.db);
      expect(outside).toBeDefined();
      await open.db.transaction().execute(async (trx) => {
        const inside = sqliteStatementsOf(trx);
        expect(inside).toBe(outside);
        inside?.prepare(upsert).run('statements.one', '"a"', 1);
        inside?.prepare(upsert).run('statements.one', '"b"', 2);
      });
      const row = await open.db.selectFrom('settings').select(['value', 'updated_at']).where('key', '=', 'statements.one').executeTakeFirst();
      expect(row).toEqual({ value: '"b"', updated_at: 2 });
    });
  }

  it('syncs the WAL for a write run through them before the commit settles', async () => {
    const open = await sqlite('FULL');
    const before = open.walSyncs?.().finished ?? 0;
    await open.db.transaction().execute(async (trx) => {
      sqliteStatementsOf(trx)?.prepare(upsert).run('statements.synced', '"v"', 1);
    });
    expect(open.walSyncs?.().finished).toBeGreaterThan(before);
  });

  for (const name of dialects.filter((dialect) => dialect === 'postgres')) {
    it('hands out none on PostgreSQL', async () => {
      const database = freshDatabase(name);
      const open = await openDatabase({ dataDir: database.options.dataDir, url: database.options.databaseUrl ?? '', ...(database.options.postgresSchema === undefined ? {} : { schema: database.options.postgresSchema }) });
      try {
        expect(sqliteStatementsOf(open.db)).toBeUndefined();
      } finally {
        await open.close();
        await database.cleanup();
      }
    });
  }
});
