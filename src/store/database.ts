import { Worker } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite in `dataDir`. */
  readonly url?: string;
  readonly dataDir: string;
  /** A PostgreSQL schema to live in (created if missing); tests use one each. */
  readonly schema?: string;
  /** SQLite file name inside dataDir, or ':memory:'. */
  readonly sqliteFile?: string;
  /**
   * FULL (the default) syncs the WAL on every commit, so an answered send survives a power loss;
   * NORMAL survives a crash of Kabar but not of the machine. Group commit pays one sync per batch.
   */
  readonly sqliteSynchronous?: SqliteSynchronous;
}

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

// Timestamps are bigint columns holding epoch milliseconds; they fit a JavaScript number exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * The writer runs with automatic checkpoints off; a worker thread checkpoints the WAL on its own
 * connection so that copying pages back never stalls a request (docs/benchmarks.md).
 */
const checkpointWorkerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const connection = new Database(workerData.file);
connection.pragma('busy_timeout = 1000');
const timer = setInterval(() => { try { connection.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); try { connection.pragma('wal_checkpoint(TRUNCATE)'); } catch {} connection.close(); parentPort.close(); });
`;

function openSqlite(options: DatabaseOptions): OpenDatabase {
  const fileName = options.sqliteFile ?? 'kabar.db';
  const inMemory = fileName === ':memory:';
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  const file = inMemory ? ':memory:' : join(options.dataDir, fileName);
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma(`synchronous = ${options.sqliteSynchronous ?? 'FULL'}`);
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  let worker: Worker | undefined;
  if (!inMemory) {
    connection.pragma('wal_autocheckpoint = 0');
    worker = new Worker(checkpointWorkerSource, { eval: true, workerData: { driver: 'better-sqlite3', file, intervalMs: 1000 } });
    worker.unref();
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    db,
    dialect: 'sqlite',
    async close() {
      await db.destroy();
      if (worker !== undefined) {
        const stopped = new Promise<void>((resolve) => worker?.once('exit', () => resolve()));
        worker.postMessage('stop');
        await stopped;
      }
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<OpenDatabase> {
  if (schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.url !== undefined && /^postgres(ql)?:\/\//.test(options.url)) return openPostgres(options.url, options.schema);
  return openSqlite(options);
}
