import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import pg from 'pg';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/store/index.js';

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** Options for buildApp / openDatabase: a fresh SQLite directory or a fresh PostgreSQL schema. */
  readonly options: { dataDir: string; databaseUrl?: string; postgresSchema?: string };
  cleanup(): Promise<void>;
}

const postgresUrl = process.env['KABAR_TEST_DATABASE_URL'];

if (process.env['CI'] !== undefined && process.env['CI'] !== 'false' && postgresUrl === undefined) {
  throw new Error('KABAR_TEST_DATABASE_URL is required in CI: the repository suite must run on PostgreSQL too.');
}

/** The engines every store and HTTP test runs on: SQLite always, PostgreSQL when configured (always in CI). */
export const dialects: readonly ('sqlite' | 'postgres')[] = postgresUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

export function freshDatabase(name: 'sqlite' | 'postgres'): TestDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'kabar-test-'));
  if (name === 'sqlite') {
    return { name, options: { dataDir }, cleanup: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })) };
  }
  const schema = `kabar_test_${randomBytes(6).toString('hex')}`;
  return {
    name,
    options: { dataDir, databaseUrl: postgresUrl ?? '', postgresSchema: schema },
    async cleanup() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh database of the engine, opened without a server and migrated; `close` drops it. */
export async function openMigrated(name: 'sqlite' | 'postgres'): Promise<{ readonly open: OpenDatabase; close(): Promise<void> }> {
  const database = freshDatabase(name);
  const { dataDir, databaseUrl, postgresSchema } = database.options;
  const open = await openDatabase({ dataDir, ...(databaseUrl === undefined ? {} : { url: databaseUrl, schema: postgresSchema ?? '' }) });
  await migrateToLatest(open.db, open.schema);
  return {
    open,
    async close() {
      await open.close();
      await database.cleanup();
    },
  };
}

/**
 * Opens SQLite files for the tests of a `describe`, each in a fresh directory, migrated, with the
 * options given; every one opened during a test is closed and its directory removed after it.
 */
export function sqliteFiles(prefix: string): (options?: Omit<Parameters<typeof openDatabase>[0], 'dataDir'>) => Promise<OpenDatabase> {
  const opened: { open: OpenDatabase; dir: string }[] = [];
  afterEach(async () => {
    for (const { open, dir } of opened.splice(0)) {
      await open.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return async (options = {}) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const open = await openDatabase({ ...options, dataDir: dir });
    await migrateToLatest(open.db, open.schema);
    opened.push({ open, dir });
    return open;
  };
}
