import type { Kysely } from 'kysely';
import { payloadsOf, type UnitOfWork } from '../core/shared/index.js';
import { messageStored } from '../core/messaging/index.js';
import type { Database } from './schema.js';
import { GenerationTiming, sliceEnd, type HeldOptions, type HeldSlice, type PreparedStatements } from './held-generations.js';

/** One message's entry in `message_users`, held until it is written. */
export interface HeldEntry {
  readonly waId: string;
  readonly key: string;
  written: boolean;
}


/** The last message (by rowid) when a generation was cut: every message up to it has its entry in that generation or earlier. */
interface Mark {
  readonly rowid: number;
  readonly key: string;
}

const insertEntry = 'insert into "message_users" ("wa_id", "key") values (?, ?) on conflict do nothing';
const lastMessage = 'select rowid as "rowid", "key" from "messages" order by rowid desc limit 1';
const writeMark = `insert into "message_users_mark" ("id", "message_rowid", "message_key") values (1, ?, ?)
  on conflict ("id") do update set "message_rowid" = excluded."message_rowid", "message_key" = excluded."message_key"`;

/**
 * SQLite's per-user index of the message log, written late. Each message has an entry
 * (`wa_id`, `key`) in `message_users`; written with its message, a send to one of many recipients
 * changes a page of that table of its own, a page of WAL in every group commit and a page for the
 * checkpointer to copy back. Here the group committer hands over the entries of what it committed;
 * they gather for `holdMs` (two seconds), are put in user order, and are written a slice with
 * each following group commit, so that a user's entries of those seconds share a page.
 *
 * - Readers of a user's messages call `settle` first: the user's held entries are written at once.
 * - A transaction that reads a user's messages (a read receipt) calls `writeUser` inside it.
 * - `message_users_mark` names the last message whose entry, and every earlier one's, is written;
 *   after a crash `recoverHeldUserIndex` writes the entries of the messages after it.
 * - One process owns a SQLite file, so every message passes through this one object. PostgreSQL,
 *   shared by several nodes, writes each entry with its message instead.
 */
export class HeldUserIndex {
  readonly #statements: PreparedStatements;
  readonly #timing: GenerationTiming;
  /** The entries of the generation gathering, by user, each user's in the order they came. */
  #fresh = new Map<string, HeldEntry[]>();
  #freshCount = 0;
  #freshSince = 0;
  /** The generation being written, in user order (`inUserOrder`); entries before `#cursor` are written. */
  #draining: HeldEntry[] = [];
  #cursor = 0;
  #drainingMark: Mark | undefined;
  /** Every entry not yet known to be written, by user. */
  readonly #byUser = new Map<string, Set<HeldEntry>>();

  constructor(statements: PreparedStatements, options: HeldOptions = {}) {
    this.#statements = statements;
    this.#timing = new GenerationTiming(options);
  }

  /** Entries not yet known to be written. */
  get held(): number {
    let count = 0;
    for (const entries of this.#byUser.values()) count += entries.size;
    return count;
  }

  /** Called by the group committer right after a commit, before its next transaction. */
  hold(units: readonly UnitOfWork[]): void {
    for (const unit of units) {
      for (const message of payloadsOf(unit, messageStored)) {
        if (this.#freshCount === 0) this.#freshSince = this.#timing.now();
        const entry: HeldEntry = { waId: message.waId, key: message.key, written: false };
        const fresh = this.#fresh.get(entry.waId);
        if (fresh === undefined) this.#fresh.set(entry.waId, [entry]);
        else fresh.push(entry);
        this.#freshCount += 1;
        let held = this.#byUser.get(entry.waId);
        if (held === undefined) {
          held = new Set();
          this.#byUser.set(entry.waId, held);
        }
        held.add(entry);
      }
    }
  }

  /**
   * Inside a group commit's transaction, before its own messages are written: cuts a new generation
   * when the last one is written and the fresh one is due, then writes the generation's next slice
   * (four entries for each message the batch stores, at least 64). Confirm the result after commit.
   */
  writeSlice(messagesInBatch: number): HeldSlice | undefined {
    if (this.#cursor >= this.#draining.length) this.#cut();
    if (this.#cursor >= this.#draining.length) return undefined;
    const end = sliceEnd(this.#cursor, this.#draining.length, messagesInBatch);
    const insert = this.#statements.prepare(insertEntry);
    for (let index = this.#cursor; index < end; index += 1) {
      const entry = this.#draining[index];
      if (entry !== undefined && !entry.written) insert.run(entry.waId, entry.key);
    }
    const finished = end === this.#draining.length;
    const mark = this.#drainingMark;
    if (finished && mark !== undefined) this.#writeMark(mark);
    return { end, finished };
  }

  /** The slice's transaction committed: its entries are written. */
  confirm(slice: HeldSlice | undefined): void {
    if (slice === undefined) return;
    for (let index = this.#cursor; index < slice.end; index += 1) {
      const entry = this.#draining[index];
      if (entry !== undefined) this.#written(entry);
    }
    this.#cursor = slice.end;
    if (slice.finished) {
      this.#draining = [];
      this.#cursor = 0;
      this.#drainingMark = undefined;
    }
  }

  /** Writes the user's held entries now, in a transaction of their own, so that a reader finds them. */
  async settle(db: Kysely<Database>, waId: string): Promise<void> {
    const held = this.#byUser.get(waId);
    if (held === undefined || held.size === 0) return;
    const entries = [...held];
    await db.transaction().execute(() => {
      this.#writeEntries(entries);
      return Promise.resolve();
    });
    for (const entry of entries) this.#written(entry);
  }

  /**
   * Writes the user's held entries inside the caller's transaction, which then reads them. They stay
   * held (written again, to no effect, later): the transaction may still roll back.
   */
  writeUser(waId: string): void {
    const held = this.#byUser.get(waId);
    if (held !== undefined) this.#writeEntries([...held]);
  }

  /**
   * Writes every held entry and the mark, in a transaction of its own. Run when no group commit is
   * under way (on the committer's chain), so that every committed message is held or written.
   */
  async flush(db: Kysely<Database>): Promise<void> {
    if (this.#byUser.size === 0) return;
    const entries = [...this.#draining.slice(this.#cursor), ...[...this.#fresh.values()].flat()].filter((entry) => !entry.written);
    entries.sort(byUserAndKey);
    await db.transaction().execute(() => {
      this.#writeEntries(entries);
      const mark = this.#lastMessage();
      if (mark !== undefined) this.#writeMark(mark);
      return Promise.resolve();
    });
    for (const entry of entries) this.#written(entry);
    this.#fresh = new Map();
    this.#freshCount = 0;
    this.#draining = [];
    this.#cursor = 0;
    this.#drainingMark = undefined;
  }

  /**
   * Writes the entries of the messages after the mark (of all of them when the mark is missing or no
   * longer names its message, as after a VACUUM renumbered the rows), then moves the mark to the
   * last message. Run at start, before anything is committed.
   */
  async recover(db: Kysely<Database>): Promise<{ readonly written: number }> {
    let written = 0;
    await db.transaction().execute(() => {
      const mark = this.#statements.prepare('select "message_rowid", "message_key" from "message_users_mark" where "id" = 1').get() as { message_rowid: number | bigint; message_key: string } | undefined;
      const named = mark === undefined ? undefined : (this.#statements.prepare('select "key" from "messages" where rowid = ?').get(mark.message_rowid) as { key: string } | undefined);
      const after = mark !== undefined && named?.key === mark.message_key ? mark.message_rowid : 0;
      written = this.#statements.prepare('insert or ignore into "message_users" ("wa_id", "key") select "wa_id", "key" from "messages" where rowid > ? order by "wa_id", "key"').run(after).changes;
      const last = this.#lastMessage();
      if (last !== undefined) this.#writeMark(last);
      return Promise.resolve();
    });
    return { written };
  }

  #cut(): void {
    if (this.#freshCount === 0) return;
    if (!this.#timing.due(this.#freshCount, this.#freshSince)) return;
    // Read before the batch writes its own messages: every message up to here is in this generation or written.
    this.#drainingMark = this.#lastMessage();
    this.#draining = inUserOrder(this.#fresh);
    this.#cursor = 0;
    this.#fresh = new Map();
    this.#freshCount = 0;
  }

  #lastMessage(): Mark | undefined {
    const row = this.#statements.prepare(lastMessage).get() as { rowid: number | bigint; key: string } | undefined;
    return row === undefined ? undefined : { rowid: Number(row.rowid), key: row.key };
  }

  #writeMark(mark: Mark): void {
    this.#statements.prepare(writeMark).run(mark.rowid, mark.key);
  }

  #writeEntries(entries: readonly HeldEntry[]): void {
    const insert = this.#statements.prepare(insertEntry);
    for (const entry of entries) if (!entry.written) insert.run(entry.waId, entry.key);
  }

  #written(entry: HeldEntry): void {
    if (entry.written) return;
    entry.written = true;
    const held = this.#byUser.get(entry.waId);
    if (held === undefined) return;
    held.delete(entry);
    if (held.size === 0) this.#byUser.delete(entry.waId);
  }
}

/**
 * A generation's entries, by user (the users' ids sorted as strings, as the `message_users` index
 * orders them), each user's in the order they were held: the order their messages committed in,
 * which is key order, since keys are time-ordered and taken as a message is accepted. The order only
 * keeps a user's entries of those seconds on one page; an entry written out of it is still written.
 * A generation holds two seconds of messages (about 14,000 under the 1,000-recipient workload), and
 * one comparison a pair over all of them held the event loop for 5 ms and more; grouped as they are
 * held, only the users are sorted. Entries already written are skipped when the slice is written.
 */
export function inUserOrder(byUser: ReadonlyMap<string, readonly HeldEntry[]>): HeldEntry[] {
  const ordered: HeldEntry[] = [];
  for (const waId of [...byUser.keys()].sort()) {
    for (const entry of byUser.get(waId) ?? []) ordered.push(entry);
  }
  return ordered;
}

function byUserAndKey(left: HeldEntry, right: HeldEntry): number {
  if (left.waId !== right.waId) return left.waId < right.waId ? -1 : 1;
  return left.key < right.key ? -1 : left.key > right.key ? 1 : 0;
}

/** The held index of the database `db` (or a transaction of it) runs on; undefined where entries are written with their messages. */
const heldIndexes = new WeakMap<object, HeldUserIndex>();

export function heldUserIndexOf(db: Kysely<Database>): HeldUserIndex | undefined {
  return heldIndexes.get(db.getExecutor().adapter);
}

export function withHeldUserIndex(db: Kysely<Database>, index: HeldUserIndex): Kysely<Database> {
  heldIndexes.set(db.getExecutor().adapter, index);
  return db;
}

/** Before reading a user's messages through `message_users`: writes what is held of that user. */
export async function settleUser(db: Kysely<Database>, waId: string): Promise<void> {
  await heldUserIndexOf(db)?.settle(db, waId);
}

/**
 * At start, before anything is committed: writes the entries of the messages after the mark, then
 * moves the mark to the last message. A no-op where entries are written with their messages.
 */
export async function recoverHeldUserIndex(db: Kysely<Database>): Promise<{ readonly written: number }> {
  return (await heldUserIndexOf(db)?.recover(db)) ?? { written: 0 };
}
