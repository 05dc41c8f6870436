import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseIntrospector, type Driver, type SqliteDialectConfig, type TableMetadata } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { WalCheckpointer, type CheckpointCounts } from './wal-checkpointer.js';
import { WalSync } from './wal-sync.js';
import { errorCode } from './error-code.js';
import { HeldUserIndex, withHeldUserIndex } from './held-user-index.js';
import { HeldStatuses, withHeldStatuses } from './held-statuses.js';

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
   * FULL (the default): every write is on disk before its promise settles, so an answered send
   * survives a power loss; the sync runs off the event loop and commits that land during one share
   * the next (see WalSync). NORMAL survives a crash of Kabar but not of the machine.
   */
  readonly sqliteSynchronous?: SqliteSynchronous;
  /** How often the checkpointer thread copies the WAL into the database file (see WalCheckpointer). */
  readonly sqliteCheckpointIntervalMs?: number;
  /** The WAL's bound in pages: the COMMIT that reaches it checkpoints what the thread has not. */
  readonly sqliteCheckpointPages?: number;
  /** Told why, if the checkpointer thread stops early; the WAL's bound then does all the checkpointing. */
  readonly onCheckpointerFailure?: (reason: string) => void;
}

export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** SQLite in a file: what the checkpointer thread has done so far, and a wait for its next run. */
export interface WalCheckpoints {
  (): CheckpointCounts;
  next(): Promise<CheckpointCounts>;
}

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** PostgreSQL: the schema Kabar's tables live in (its own, or the connection's current one). */
  readonly schema?: string;
  /** SQLite with `synchronous` FULL: the WAL syncs begun and finished so far. */
  readonly walSyncs?: () => { readonly started: number; readonly finished: number };
  /** SQLite in a file: what the checkpointer thread has done so far. */
  readonly walCheckpoints?: WalCheckpoints;
  close(): Promise<void>;
}

// Timestamps are bigint columns holding epoch milliseconds; they fit a JavaScript number exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** What the statements run since the connection was last given back have left to sync. */
class PendingWrites {
  #dirty = false;

  wrote(): void {
    this.#dirty = true;
  }

  /** True once per run of writes: the caller then owes a sync. */
  take(): boolean {
    const dirty = this.#dirty;
    this.#dirty = false;
    return dirty;
  }
}

/**
 * Kysely prepares every statement anew; better-sqlite3 statements can be reused, and the same few
 * statements run on every request, so they are prepared once. Nothing here iterates a statement
 * while running it again, which is what would make reuse unsafe. Kysely prepares a statement just
 * before running it, so a statement that may write marks the connection as owing a sync.
 */
function withStatementCache(connection: SqliteDatabase.Database, pending: PendingWrites): SqliteStatements & { close(): void } {
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
      if (!statement.readonly) pending.wrote();
      return statement;
    },
  };
}

/** A SQLite database's prepared statements (cached, and marking the writes they owe a sync), by the adapter Kysely and its transactions share. */
const sqliteStatements = new WeakMap<object, SqliteStatements>();

export interface SqliteStatements {
  prepare(sql: string): SqliteDatabase.Statement;
}

/**
 * The prepared statements of the SQLite database `db` (or a transaction of it) runs on, for hot
 * writes that run one statement many times inside a transaction: run directly, each costs the
 * statement alone, without Kysely's per-query work (a promise chain and a result object each).
 * Undefined on PostgreSQL.
 */
export function sqliteStatementsOf(db: Kysely<Database>): SqliteStatements | undefined {
  return sqliteStatements.get(db.getExecutor().adapter);
}

/** Registers the connection's statements, and the held per-user index and status rows that its one process writes late. */
function withStatements(db: Kysely<Database>, statements: SqliteStatements): Kysely<Database> {
  sqliteStatements.set(db.getExecutor().adapter, statements);
  return withHeldStatuses(withHeldUserIndex(db, new HeldUserIndex(statements)), new HeldStatuses(statements));
}

/**
 * SQLite's one connection, given back before its writes are synced: the caller that wrote waits for
 * the WAL sync, while the next caller already has the connection. Writes are only ever waited for
 * outside a transaction (a transaction's statements are synced with its COMMIT).
 */
class DurableSqliteDriver extends SqliteDriver {
  readonly #connection: SqliteDatabase.Database;
  readonly #pending: PendingWrites;
  readonly #wal: WalSync;

  constructor(config: SqliteDialectConfig, connection: SqliteDatabase.Database, pending: PendingWrites, wal: WalSync) {
    super(config);
    this.#connection = connection;
    this.#pending = pending;
    this.#wal = wal;
  }

  override async releaseConnection(): Promise<void> {
    const owesSync = !this.#connection.inTransaction && this.#pending.take();
    await super.releaseConnection();
    if (owesSync) await this.#wal.sync();
  }

  override async destroy(): Promise<void> {
    await this.#wal.close();
    await super.destroy();
  }
}

/** SQLite's dialect with the driver above. */
class DurableSqliteDialect extends SqliteDialect {
  readonly #driver: () => Driver;

  constructor(config: SqliteDialectConfig, driver: () => Driver) {
    super(config);
    this.#driver = driver;
  }

  override createDriver(): Driver {
    return this.#driver();
  }
}

function openSqlite(options: DatabaseOptions): OpenDatabase {
  const fileName = options.sqliteFile ?? 'kabar.db';
  const inMemory = fileName === ':memory:';
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  const file = inMemory ? ':memory:' : join(options.dataDir, fileName);
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  // FULL is kept by syncing the WAL off the event loop (WalSync), not inside every COMMIT.
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  // 16 MiB of page cache (SQLite's default is 2 MiB): a batch of an import (5,000 contacts) dirties
  // some 1,000 pages, across the table and its indexes (the name index takes rows in the middle of
  // its B-tree); with 2 MiB they spilled and were read back, and the import ran 30 % slower.
  connection.pragma('cache_size = -16384');
  // The WAL is bounded at 10,000 pages (40 MiB), not SQLite's default 1,000. Most of the copying back
  // into the database file is done by WalCheckpointer's thread; a COMMIT that reaches the mark copies
  // the rest, on the event loop, with two fsyncs of its own. A checkpoint copies a page once however
  // often it was written since the last one, so the hot pages (the ends of the time-ordered indexes,
  // an import's name index) go back far less often than at 1,000: the 1,000-recipient send workload
  // rose from 5,658 to 7,166 req/s, a 1,000,000-row import's COMMIT fell from 5.3 to 2.6 s
  // (docs/benchmarks.md). Durability is unchanged.
  connection.pragma(`wal_autocheckpoint = ${options.sqliteCheckpointPages ?? 10_000}`);
  // Temporary storage in memory. A multi-row INSERT inside a transaction keeps a statement journal
  // (the pages it changed, to undo that statement alone); past 64 KiB SQLite spills it to a temporary
  // file, created, written and deleted in every group commit of twenty or more sends. In memory, the
  // 1,000-recipient workload ran 7–12 % faster side by side (docs/benchmarks.md). Sorts that no index
  // serves also stay in memory; on SQLite's scale (one node, a business's own data) they are small.
  connection.pragma('temp_store = MEMORY');
  const pending = new PendingWrites();
  const statements = withStatementCache(connection, pending);
  const config: SqliteDialectConfig = { database: statements };
  if (inMemory) {
    const db = withStatements(new Kysely<Database>({ dialect: new SqliteDialect(config) }), statements);
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const checkpointer = new WalCheckpointer(file, {
    ...(options.sqliteCheckpointIntervalMs === undefined ? {} : { intervalMs: options.sqliteCheckpointIntervalMs }),
    ...(options.onCheckpointerFailure === undefined ? {} : { onFailure: options.onCheckpointerFailure }),
  });
  const walCheckpoints: WalCheckpoints = Object.assign(() => checkpointer.counts, { next: () => checkpointer.next() });
  // The thread's connection closes first, so that the main one, closing last, folds the WAL in and
  // removes it. Kysely only closes a connection it has used: an unused one is closed here.
  const closeWith = (db: Kysely<Database>) => async (): Promise<void> => {
    await checkpointer.stop();
    await db.destroy();
    if (connection.open) connection.close();
  };
  if ((options.sqliteSynchronous ?? 'FULL') === 'NORMAL') {
    const db = withStatements(new Kysely<Database>({ dialect: new SqliteDialect(config) }), statements);
    return { db, dialect: 'sqlite', walCheckpoints, close: closeWith(db) };
  }
  const wal = new WalSync(`${file}-wal`);
  const db = withStatements(new Kysely<Database>({ dialect: new DurableSqliteDialect(config, () => new DurableSqliteDriver(config, connection, pending, wal)) }), statements);
  return { db, dialect: 'sqlite', walSyncs: () => wal.counts, walCheckpoints, close: closeWith(db) };
}

/**
 * Kysely's PostgreSQL introspector (which its migrator uses to find its own tables) reads every
 * schema of the database and asks `has_schema_privilege` of each: a schema dropped meanwhile by
 * another process makes it fail ("schema … does not exist"). Kabar only ever needs its own schema,
 * so its introspector looks there and nowhere else.
 */
class OwnSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<{ name: string }[]> {
    const rows = await sql<{ name: string }>`select current_schema() as name`.execute(this.#db);
    return rows.rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, ns.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(this.#db);
    return rows.rows.map((row) => ({ name: row.name, schema: row.schema, isView: row.kind === 'v', columns: [] }));
  }

  async getMetadata(): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables() };
  }
}

class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}

/** SQLSTATEs a new connection may get while the server is full or starting: worth waiting for. */
const busyServer = new Set(['53300', '57P03']);
/** How long a new connection is waited for, in all, before the server's refusal reaches the caller. */
const connectPatienceMs = 6_000;
/** The longest pause before each new try, in ms; the pool's own connection coming back cuts it short. */
const connectWaits = [25, 50, 100, 200, 400, 800, 1_600];

function isBusyServer(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && busyServer.has(code);
}

/** Settles after `ms`, or as soon as `wake` does, leaving no timer behind. */
function pause(ms: number, wake: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void wake.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A pool that waits when PostgreSQL refuses a new connection because it has no slot left
 * (`too many connections`, 53300) or is starting up (57P03), instead of failing the request: several
 * Kabar nodes, migrations and other clients share one server's `max_connections`. The likeliest free
 * slot is one of this pool's own connections: a caller refused tries again as soon as one comes back
 * (it then takes that connection), and otherwise after a growing pause, for a connection another
 * client gave back. Any other error, and a server still full after 6 s, reaches the caller.
 */
function patientPool(pool: pg.Pool): { connect(): Promise<pg.PoolClient>; end(): Promise<void> } {
  // One listener however many callers wait: a release wakes them all, and those it does not serve wait again.
  let nextRelease: Promise<void> | undefined;
  const released = (): Promise<void> =>
    (nextRelease ??= new Promise<void>((resolve) => {
      pool.once('release', () => {
        nextRelease = undefined;
        resolve();
      });
    }));
  return {
    async connect() {
      const deadline = performance.now() + connectPatienceMs;
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await pool.connect();
        } catch (error) {
          const left = deadline - performance.now();
          if (!isBusyServer(error) || left <= 0) throw error;
          await pause(Math.min(left, connectWaits[Math.min(attempt, connectWaits.length - 1)] ?? left), released());
        }
      }
    },
    end: () => pool.end(),
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
  const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool: patientPool(pool) }) });
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return { db, dialect: 'postgres', schema: current.rows[0]?.schema ?? schema ?? 'public', close: () => db.destroy() };
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.url !== undefined && /^postgres(ql)?:\/\//.test(options.url)) return openPostgres(options.url, options.schema);
  return openSqlite(options);
}
