import type SqliteDatabase from 'better-sqlite3';

/**
 * What the two writers that SQLite's one process holds back share (`HeldUserIndex`, `HeldStatuses`):
 * what they write with, when what they hold becomes a generation, and how much of a generation each
 * group commit writes.
 */

/** The prepared statements of the SQLite connection (`sqliteStatementsOf` in `database.ts`). */
export interface PreparedStatements {
  prepare(sql: string): SqliteDatabase.Statement;
}

export interface HeldOptions {
  /** How long new entries gather before they are sorted and written together (ms; 2,000 by default). */
  readonly holdMs?: number;
  /** A generation is cut at this many entries, however young. */
  readonly maxHeld?: number;
  /** The process's monotonic time in ms (tests give theirs). */
  readonly now?: () => number;
}

/** What a group commit's transaction wrote of the generation being written: confirmed once it has committed. */
export interface HeldSlice {
  readonly end: number;
  readonly finished: boolean;
}

/** When the entries held since `since` are due as a generation. */
export class GenerationTiming {
  readonly #holdMs: number;
  readonly #maxHeld: number;
  readonly now: () => number;

  constructor(options: HeldOptions = {}) {
    this.#holdMs = options.holdMs ?? 2_000;
    this.#maxHeld = options.maxHeld ?? 50_000;
    this.now = options.now ?? (() => performance.now());
  }

  due(held: number, since: number): boolean {
    return held >= this.#maxHeld || this.now() - since >= this.#holdMs;
  }
}

/** Where a group commit's slice of a generation ends: four entries for each message it stores, at least 64. */
export function sliceEnd(cursor: number, length: number, messagesInBatch: number): number {
  return Math.min(length, cursor + Math.max(64, 4 * messagesInBatch));
}
