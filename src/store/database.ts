import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDialectConfig } from 'kysely';
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
  /** PostgreSQL: the schema Kabar's tables live in (its own, or the connection's current one). */
  readonly schema?: string;
  close(): Promise<void>;
}

// Timestamps are bigint columns holding epoch milliseconds; they fit a JavaScript number exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Kysely prepares every statement anew; better-sqlite3 statements can be reused, and the same few
 * statements run on every request, so they are prepared once. Nothing here iterates a statement
 * while running it again, which is what would make reuse unsafe.
 */
function withStatementCache(connection: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => connection.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        if (statements.size >= 1_000) statements.clear();
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
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
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return { db, dialect: 'postgres', schema: current.rows[0]?.schema ?? schema ?? 'public', close: () => db.destroy() };
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.url !== undefined && /^postgres(ql)?:\/\//.test(options.url)) return openPostgres(options.url, options.schema);
  return openSqlite(options);
}
