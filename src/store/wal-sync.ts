import { open, type FileHandle } from 'node:fs/promises';
import { errorCode } from './error-code.js';

/**
 * The fsync that makes SQLite's commits durable, taken off the event loop.
 *
 * With `synchronous = FULL` in WAL mode SQLite syncs the WAL inside every COMMIT, and better-sqlite3
 * runs COMMIT on the event loop: under load, a third or more of the process's time was spent waiting
 * for the disk with nothing else able to run. Kabar instead opens the database with
 * `synchronous = NORMAL` (SQLite still syncs around every checkpoint, so the file is never corrupt)
 * and, after each write, fsyncs the WAL itself on libuv's thread pool. A write's promise settles
 * only once the sync that followed it has finished, so an answered request is on disk exactly as
 * with FULL, while other requests run during the sync and commits that land meanwhile share the
 * next one.
 */
export class WalSync {
  readonly #walFile: string;
  #handle: FileHandle | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #started = 0;
  #finished = 0;

  constructor(walFile: string) {
    this.#walFile = walFile;
  }

  /** Settles once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    if (this.#running === undefined) return this.#start();
    // A sync under way may have started before the caller's write: wait for the next one after it.
    this.#queued ??= this.#running.then(
      () => this.#startQueued(),
      () => this.#startQueued(),
    );
    return this.#queued;
  }

  /** Syncs begun and finished so far (how many writes shared each one). */
  get counts(): { readonly started: number; readonly finished: number } {
    return { started: this.#started, finished: this.#finished };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#running, this.#queued]);
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }

  #startQueued(): Promise<void> {
    this.#queued = undefined;
    return this.#start();
  }

  #start(): Promise<void> {
    const run = this.#fsync().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #fsync(): Promise<void> {
    this.#started += 1;
    await this.#fsyncWal();
    this.#finished += 1;
  }

  async #fsyncWal(): Promise<void> {
    if (this.#handle === undefined) {
      try {
        this.#handle = await open(this.#walFile, 'r');
      } catch (error) {
        // No WAL yet means nothing was committed to one: there is nothing to sync.
        if (errorCode(error) === 'ENOENT') return;
        throw error;
      }
    }
    await this.#handle.sync();
  }
}
