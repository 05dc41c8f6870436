/**
 * Scenario 3: the schema-only send plus one row per message in a SQLite file (WAL), written by group
 * commit: the sends of one event-loop turn share one transaction, flushed on setImmediate, and each
 * is answered only after that transaction has committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { serve, sqliteSynchronous } from '../lib/protocol.js';
import { sendApp, type AcceptedSend } from '../lib/send-route.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kabar-bench-minimal-'));
const connection = new SqliteDatabase(join(dataDir, 'minimal.db'));
// Kabar's default durability (src/store/database.ts): WAL, synced on every commit (FULL), unless
// BENCH_SQLITE_SYNCHRONOUS=NORMAL asks for the crash-safe but not power-loss-safe mode.
const synchronous = sqliteSynchronous() ?? 'FULL';
connection.pragma('journal_mode = WAL');
connection.pragma(`synchronous = ${synchronous}`);
connection.exec(`CREATE TABLE messages (
  key TEXT PRIMARY KEY,
  phone_number_id TEXT NOT NULL,
  wa_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
)`);
const insert = connection.prepare<[string, string, string, string, number]>(
  'INSERT INTO messages (key, phone_number_id, wa_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
);
const insertAll = connection.transaction((sends: readonly AcceptedSend[]) => {
  for (const send of sends) insert.run(send.key, send.phoneNumberId, send.waId, send.body, send.createdAt);
});

interface Pending {
  readonly send: AcceptedSend;
  resolve(): void;
  reject(error: unknown): void;
}

let queue: Pending[] = [];
let scheduled = false;
let transactions = 0;

function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  try {
    insertAll(batch.map((pending) => pending.send));
    transactions += 1;
  } catch (error) {
    for (const pending of batch) pending.reject(error);
    return;
  }
  for (const pending of batch) pending.resolve();
}

function commit(send: AcceptedSend): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    queue.push({ send, resolve, reject });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

const app = sendApp(commit);
await serve(app, {
  stats: () => {
    const row = connection.prepare<[], { count: number }>('SELECT count(*) AS count FROM messages').get();
    return { rows: row?.count ?? 0, transactions, synchronous_full: synchronous === 'FULL' ? 1 : 0 };
  },
  close: () => {
    connection.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});
