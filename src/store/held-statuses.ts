import type { Kysely, Selectable } from 'kysely';
import type { StatusChange } from '../core/messaging/index.js';
import type { Database, MessagesTable } from './schema.js';
import { GenerationTiming, sliceEnd, type HeldOptions, type HeldSlice, type PreparedStatements } from './held-generations.js';

/** What is written to one message's row: its last status, and the time each status was first reached. */
export interface StatusWrite {
  readonly key: string;
  readonly waId: string;
  status: string;
  errorCode: number | null;
  updatedAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  readAt: number | null;
  failedAt: number | null;
  /** Held (SQLite): known to be in its row. */
  written: boolean;
}

/** A batch's changes, one write a message: the last change sets the status, the first reach of each status its time. */
export function statusWrites(changes: readonly StatusChange[]): StatusWrite[] {
  const writes = new Map<string, StatusWrite>();
  for (const change of changes) {
    let write = writes.get(change.key);
    if (write === undefined) {
      write = { key: change.key, waId: change.message.waId, status: change.status, errorCode: change.errorCode, updatedAt: change.updatedAt, sentAt: null, deliveredAt: null, readAt: null, failedAt: null, written: false };
      writes.set(change.key, write);
    }
    write.status = change.status;
    write.errorCode = change.errorCode;
    write.updatedAt = change.updatedAt;
    if (change.status === 'sent') write.sentAt ??= change.updatedAt;
    else if (change.status === 'delivered') write.deliveredAt ??= change.updatedAt;
    else if (change.status === 'read') write.readAt ??= change.updatedAt;
    else if (change.status === 'failed') write.failedAt ??= change.updatedAt;
  }
  return [...writes.values()];
}

function copyOf(write: StatusWrite): StatusWrite {
  return { ...write, written: false };
}

/** `later` applied on top of `target`, as writing both in turn would leave the row. */
function mergeInto(target: StatusWrite, later: StatusWrite): void {
  target.status = later.status;
  target.errorCode = later.errorCode;
  target.updatedAt = later.updatedAt;
  target.sentAt ??= later.sentAt;
  target.deliveredAt ??= later.deliveredAt;
  target.readAt ??= later.readAt;
  target.failedAt ??= later.failedAt;
}

/** SQLite's statement for one message's status: a repeat keeps the time a status was first reached. */
export const sqliteStatusUpdate = `update "messages" set "status" = ?, "error_code" = ?, "updated_at" = ?,
  "sent_at" = coalesce("sent_at", ?), "delivered_at" = coalesce("delivered_at", ?), "read_at" = coalesce("read_at", ?), "failed_at" = coalesce("failed_at", ?)
  where "key" = ?`;

/** A journal row's entry: [key, status, error code, updated at, sent at, delivered at, read at, failed at]. */
type JournalEntry = [string, string, number | null, number, number | null, number | null, number | null, number | null];

const insertJournal = 'insert into "status_journal" ("writes") values (?)';
const lastJournal = 'select max("id") as "id" from "status_journal"';
const deleteJournal = 'delete from "status_journal" where "id" <= ?';

/**
 * SQLite's status rows, written late. A status written into its message's row with its change
 * dirties a page of its own: the changes of one group commit belong to messages accepted up to two
 * seconds apart, whose rows lie on as many pages as there are changes, and each page is written to
 * the WAL by the COMMIT and copied back by the checkpointer. Here a group commit writes its changes
 * as one row of `status_journal` (one page) and hands them over; they gather for `holdMs` (two
 * seconds), one write a message, are sorted by message key, and are written a slice with each
 * following group commit, so that the rows of messages accepted together are written together, and a
 * message's `sent` and `delivered` often in one write.
 *
 * - Readers of one message see its held status through `overlay`; readers that filter or count by
 *   status call `settle` first (one user's messages, or all).
 * - A journal row is deleted in the transaction that writes the last change of its generation; a
 *   restart writes what the journal still holds, in order (`recover`), so a crash loses nothing.
 * - One process owns a SQLite file, so every status passes through this one object. PostgreSQL,
 *   shared by several nodes, writes each status into its row with the change instead.
 */
export class HeldStatuses {
  readonly #statements: PreparedStatements;
  readonly #timing: GenerationTiming;
  /** The writes the transaction under way has journaled; held once it commits. */
  #journaled: (readonly StatusWrite[])[] = [];
  #fresh = new Map<string, StatusWrite>();
  #freshSince = 0;
  /** The generation being written, sorted by key; writes before `#cursor` are in their rows. */
  #draining: StatusWrite[] = [];
  #drainingByKey = new Map<string, StatusWrite>();
  #cursor = 0;
  /** The last journal row of the generation being written; undefined when none is. */
  #drainingMark: number | undefined;

  constructor(statements: PreparedStatements, options: HeldOptions = {}) {
    this.#statements = statements;
    this.#timing = new GenerationTiming(options);
  }

  /** Writes not yet known to be in their rows. */
  get held(): number {
    return this.#pending().length;
  }

  /** A group commit's transaction begins: nothing is journaled in it yet. */
  begin(): void {
    this.#journaled = [];
  }

  /** Inside a group commit's transaction: the batch's writes, as one journal row. They are the committer's from here on. */
  journal(writes: readonly StatusWrite[]): void {
    if (writes.length === 0) return;
    const entries = writes.map((write): JournalEntry => [write.key, write.status, write.errorCode, write.updatedAt, write.sentAt, write.deliveredAt, write.readAt, write.failedAt]);
    this.#statements.prepare(insertJournal).run(JSON.stringify(entries));
    this.#journaled.push(writes);
  }

  /** Called by the group committer right after a commit, before its next transaction: what it journaled is held. */
  hold(): void {
    for (const writes of this.#journaled) {
      for (const write of writes) {
        const held = this.#fresh.get(write.key);
        if (held !== undefined && !held.written) {
          mergeInto(held, write);
          continue;
        }
        if (this.#fresh.size === 0) this.#freshSince = this.#timing.now();
        this.#fresh.set(write.key, write);
      }
    }
    this.#journaled = [];
  }

  /**
   * Inside a group commit's transaction, before its own records are written: cuts a new generation
   * when the last one is written and the fresh one is due, then writes the generation's next slice
   * (four messages for each message the batch stores, at least 64); the slice that ends the
   * generation deletes its journal rows. Confirm the result after commit.
   */
  writeSlice(messagesInBatch: number): HeldSlice | undefined {
    if (this.#drainingMark === undefined) this.#cut();
    const mark = this.#drainingMark;
    if (mark === undefined) return undefined;
    const end = sliceEnd(this.#cursor, this.#draining.length, messagesInBatch);
    const update = this.#statements.prepare(sqliteStatusUpdate);
    for (let index = this.#cursor; index < end; index += 1) {
      const write = this.#draining[index];
      if (write !== undefined && !write.written) runUpdate(update, write);
    }
    const finished = end === this.#draining.length;
    if (finished) this.#statements.prepare(deleteJournal).run(mark);
    return { end, finished };
  }

  /** The slice's transaction committed: its writes are in their rows. */
  confirm(slice: HeldSlice | undefined): void {
    if (slice === undefined) return;
    for (let index = this.#cursor; index < slice.end; index += 1) {
      const write = this.#draining[index];
      if (write !== undefined) write.written = true;
    }
    this.#cursor = slice.end;
    if (slice.finished) {
      this.#draining = [];
      this.#drainingByKey = new Map();
      this.#cursor = 0;
      this.#drainingMark = undefined;
    }
  }

  /** A message row as read, with the statuses held for it applied in order. */
  overlay(row: Selectable<MessagesTable>): Selectable<MessagesTable> {
    const pending = this.#heldFor(row.key);
    if (pending.length === 0) return row;
    const patched = { ...row };
    for (const write of pending) {
      patched.status = write.status;
      patched.error_code = write.errorCode;
      patched.updated_at = write.updatedAt;
      patched.sent_at ??= write.sentAt;
      patched.delivered_at ??= write.deliveredAt;
      patched.read_at ??= write.readAt;
      patched.failed_at ??= write.failedAt;
    }
    return patched;
  }

  /**
   * Writes now, in a transaction of their own, the held statuses of one user's messages (of every
   * message without `waId`), so that a query filtering or counting by status finds them.
   */
  async settle(db: Kysely<Database>, waId?: string): Promise<void> {
    // No order needed to find them: a reader's settle costs a pass over what is held, not a sort.
    const keys = new Set<string>();
    for (const writes of [this.#draining.slice(this.#cursor), this.#fresh.values()]) {
      for (const write of writes) if (!write.written && (waId === undefined || write.waId === waId)) keys.add(write.key);
    }
    if (keys.size === 0) return;
    const settled: StatusWrite[] = [];
    try {
      await db.transaction().execute(() => {
        const update = this.#statements.prepare(sqliteStatusUpdate);
        for (const key of [...keys].sort()) {
          const pending = this.#heldFor(key);
          const [first, ...later] = pending;
          if (first === undefined) continue;
          const merged = copyOf(first);
          for (const write of later) mergeInto(merged, write);
          runUpdate(update, merged);
          settled.push(...pending);
        }
        // Marked inside the transaction: a slice that runs next must not write an older status over these.
        for (const write of settled) write.written = true;
        return Promise.resolve();
      });
    } catch (error) {
      for (const write of settled) write.written = false;
      throw error;
    }
  }

  /**
   * Writes every held status and empties the journal, in a transaction of its own. Run when no group
   * commit is under way (on the committer's chain).
   */
  async flush(db: Kysely<Database>): Promise<void> {
    if (this.#drainingMark === undefined && this.#fresh.size === 0) return;
    const writes = this.#pending();
    await db.transaction().execute(() => {
      const update = this.#statements.prepare(sqliteStatusUpdate);
      for (const write of writes) runUpdate(update, write);
      this.#statements.prepare('delete from "status_journal"').run();
      return Promise.resolve();
    });
    for (const write of writes) write.written = true;
    this.#fresh = new Map();
    this.#draining = [];
    this.#drainingByKey = new Map();
    this.#cursor = 0;
    this.#drainingMark = undefined;
  }

  /**
   * Writes what the journal still holds into the messages' rows, in the order it was journaled, then
   * empties it. Run at start, before anything is committed.
   */
  async recover(db: Kysely<Database>): Promise<{ readonly written: number }> {
    let written = 0;
    await db.transaction().execute(() => {
      const update = this.#statements.prepare(sqliteStatusUpdate);
      // A hundred journal rows at a time: the connection cannot write while a read is still open on it.
      const page = this.#statements.prepare('select "id", "writes" from "status_journal" where "id" > ? order by "id" limit 100');
      let after = 0;
      for (let rows = page.all(after) as { id: number; writes: string }[]; rows.length > 0; rows = page.all(after) as { id: number; writes: string }[]) {
        for (const row of rows) {
          for (const [key, status, errorCode, updatedAt, sent, delivered, read, failed] of JSON.parse(row.writes) as JournalEntry[]) {
            update.run(status, errorCode, updatedAt, sent, delivered, read, failed, key);
            written += 1;
          }
          after = row.id;
        }
      }
      this.#statements.prepare('delete from "status_journal"').run();
      return Promise.resolve();
    });
    return { written };
  }

  #cut(): void {
    if (this.#fresh.size === 0) return;
    if (!this.#timing.due(this.#fresh.size, this.#freshSince)) return;
    // Read before the batch journals its own writes: every journal row up to here is of this generation.
    const last = this.#statements.prepare(lastJournal).get() as { id: number | bigint | null } | undefined;
    this.#drainingMark = Number(last?.id ?? 0);
    const fresh = this.#fresh;
    this.#drainingByKey = fresh;
    // Keys sorted as strings (no comparator to call), then their writes.
    this.#draining = inKeyOrder(fresh);
    this.#cursor = 0;
    this.#fresh = new Map();
  }

  /** The message's writes not yet in its row, older generation first. */
  #heldFor(key: string): StatusWrite[] {
    return [this.#drainingByKey.get(key), this.#fresh.get(key)].filter((write): write is StatusWrite => write !== undefined && !write.written);
  }

  /** Every write not yet in its row, oldest generation first, each in key order. */
  #pending(): StatusWrite[] {
    return [...this.#draining.slice(this.#cursor), ...inKeyOrder(this.#fresh)].filter((write) => !write.written);
  }
}

function runUpdate(update: ReturnType<PreparedStatements['prepare']>, write: StatusWrite): void {
  update.run(write.status, write.errorCode, write.updatedAt, write.sentAt, write.deliveredAt, write.readAt, write.failedAt, write.key);
}

function inKeyOrder(writes: ReadonlyMap<string, StatusWrite>): StatusWrite[] {
  const ordered: StatusWrite[] = [];
  for (const key of [...writes.keys()].sort()) {
    const write = writes.get(key);
    if (write !== undefined && !write.written) ordered.push(write);
  }
  return ordered;
}

/** The held statuses of the database `db` (or a transaction of it) runs on; undefined where statuses are written with their changes. */
const heldStatuses = new WeakMap<object, HeldStatuses>();

export function heldStatusesOf(db: Kysely<Database>): HeldStatuses | undefined {
  return heldStatuses.get(db.getExecutor().adapter);
}

export function withHeldStatuses(db: Kysely<Database>, held: HeldStatuses): Kysely<Database> {
  heldStatuses.set(db.getExecutor().adapter, held);
  return db;
}

/** Before a query that filters or counts messages by status: writes the held statuses of one user's messages, or of all. */
export async function settleStatuses(db: Kysely<Database>, waId?: string): Promise<void> {
  await heldStatusesOf(db)?.settle(db, waId);
}

/** At start, before anything is committed: writes what the journal holds. A no-op where statuses are written with their changes. */
export async function recoverHeldStatuses(db: Kysely<Database>): Promise<{ readonly written: number }> {
  return (await heldStatusesOf(db)?.recover(db)) ?? { written: 0 };
}
