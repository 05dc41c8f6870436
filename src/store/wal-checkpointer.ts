import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { errorCode } from './error-code.js';

/** What the checkpointer has done so far. */
export interface CheckpointCounts {
  /** PASSIVE checkpoints run on the checkpointer's thread. */
  readonly runs: number;
  /** Checkpoints that found another one under way and did nothing. */
  readonly busy: number;
  /** WAL frames in the log at the last checkpoint, and how many of them were in the database file. */
  readonly walFrames: number;
  readonly checkpointedFrames: number;
  /** Why the thread stopped early, if it did; the commit-time bound then does all the checkpointing. */
  readonly failure?: string;
}

interface CheckpointReport {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

// The worker is plain JavaScript given as a string, so it runs the same from the TypeScript sources
// and from the build. It opens its own connection to the database (WAL allows one writer and many
// readers; a checkpoint needs no write lock) and runs a PASSIVE checkpoint every `intervalMs`:
// PASSIVE never waits for, nor blocks, the main connection's readers and writers.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ busy: row.busy, log: row.log, checkpointed: row.checkpointed });
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** An error from the thread: better-sqlite3's errors cross between threads with their code alone. */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return errorCode(error) ?? String(error);
}

/**
 * Copies the WAL back into the database file on a thread of its own.
 *
 * SQLite checkpoints inside the COMMIT that takes the WAL past `wal_autocheckpoint` pages, and
 * better-sqlite3 runs COMMIT on the event loop: every request waits while thousands of pages are
 * copied and the database file is synced. Here a second connection on a worker thread checkpoints
 * every 100 ms instead, while requests go on; under the 1,000-recipient send workload the median p99
 * fell from 23 to 19–20 ms (docs/benchmarks.md). `wal_autocheckpoint` stays on the main connection
 * as the bound on the WAL: a PASSIVE checkpoint copies frames, but only a writer starts the WAL over,
 * and only once every frame is in the database file, which under steady writes a checkpoint on
 * another thread seldom catches. When the WAL reaches the mark, the COMMIT's own checkpoint copies
 * only what this thread has not yet copied, and the next write starts the WAL over. If the thread
 * fails, that bound does all the checkpointing, as it would without the thread.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #stopped: Promise<void>;
  #runs = 0;
  #busy = 0;
  #walFrames = 0;
  #checkpointedFrames = 0;
  #failure: string | undefined;
  #waiting: ((counts: CheckpointCounts) => void)[] = [];
  #exited = false;

  constructor(file: string, options: { readonly intervalMs?: number; readonly onFailure?: (reason: string) => void } = {}) {
    const intervalMs = options.intervalMs ?? 100;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(workerSource, { eval: true, workerData: { file, driver, intervalMs } });
    this.#worker.on('message', (report: CheckpointReport) => {
      this.#runs += 1;
      if (report.busy !== 0) this.#busy += 1;
      this.#walFrames = report.log;
      this.#checkpointedFrames = report.checkpointed;
      this.#settleWaiting();
    });
    this.#stopped = new Promise((resolve) => {
      this.#worker.on('error', (error: unknown) => {
        this.#failure = describeFailure(error);
        options.onFailure?.(this.#failure);
      });
      this.#worker.on('exit', () => {
        this.#exited = true;
        this.#settleWaiting();
        resolve();
      });
    });
    // The thread never keeps the process alive; a 'message' listener would, so this comes after it.
    this.#worker.unref();
  }

  get counts(): CheckpointCounts {
    const counts = { runs: this.#runs, busy: this.#busy, walFrames: this.#walFrames, checkpointedFrames: this.#checkpointedFrames };
    return this.#failure === undefined ? counts : { ...counts, failure: this.#failure };
  }

  #settleWaiting(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const settle of waiting) settle(this.counts);
  }

  /** Settles with the counts after the thread's next checkpoint, or once the thread has stopped. */
  next(): Promise<CheckpointCounts> {
    if (this.#exited) return Promise.resolve(this.counts);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Stops the thread and closes its connection; settles once the thread has exited. Idempotent. */
  async stop(): Promise<void> {
    // Unreferenced, the thread would let the process end while this waits for it: a caller that
    // closes the database and then reports a failure (`kabar start` on a port in use) would exit 0.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#stopped;
  }
}
