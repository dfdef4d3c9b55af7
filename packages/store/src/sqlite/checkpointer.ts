/**
 * WAL checkpoints off the event loop. SQLite copies the write-ahead log back
 * into the database file every 1,000 pages by default, inside the commit
 * that crosses the mark: a stall of several milliseconds (with an fsync of
 * the database file) on the thread that commits, which for the sync server
 * is the thread that relays. A `BackgroundCheckpointer` turns that off for
 * the writing connection and runs passive checkpoints from a second
 * connection in a worker thread instead: writers go on appending to the log
 * while it is copied, and the log is reused from its start once a
 * checkpoint has caught up.
 *
 * A passive checkpoint copies the frames that were in the log when it
 * started; the log is reused only once a checkpoint has caught up before the
 * next commit begins. Commits usually come with pauses between them, and
 * the interval keeps requesting checkpoints while anything was written, so
 * the log stays small. Commits without any pause could keep a worker's
 * checkpoint from ever catching up; once the log passes `maxLogPages`
 * without it, the writing connection finishes the checkpoint itself (a
 * short stall: the worker has copied most of the log already), so the log
 * is reused from its start at the next commit.
 *
 * A checkpoint that fails (a full disk: copying the log into the database
 * needs room) is not the end: the error is reported and the checkpoint is
 * requested again every interval until one succeeds, so the log is reused
 * from its start once space is back. Only a worker that exits or crashes
 * hands checkpoints back to SQLite's automatic ones.
 *
 * The worker is plain CommonJS evaluated from a string, so it runs the same
 * way from the TypeScript sources, from the built package and under a test
 * runner, and it loads the same `better-sqlite3` as the main thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** What one passive checkpoint did, as SQLite reports it. */
export interface CheckpointResult {
  /** Pages in the log when the checkpoint ran. */
  readonly logPages: number;
  /** Pages of the log copied into the database file. */
  readonly checkpointedPages: number;
  /** Who ran it: the worker, or the writing connection finishing a checkpoint the worker could not. */
  readonly by: 'worker' | 'writer';
}

/** Options of `BackgroundCheckpointer`. */
export interface BackgroundCheckpointerOptions {
  /** Log pages written (an estimate from the bytes committed) after which a checkpoint is requested. @default 1000 */
  readonly pagesPerCheckpoint?: number;
  /** Milliseconds between checkpoints requested anyway while anything was written (0: none). @default 1000 */
  readonly intervalMs?: number;
  /** Log pages past which a checkpoint the worker could not finish is finished by the writing connection. @default 10000 (about 40 MB) */
  readonly maxLogPages?: number;
  /** Receives a checkpoint's failure (retried at the next interval) or the worker's exit (the writing connection then checkpoints itself again; see `hasFailed`). */
  readonly onError?: (error: Error) => void;
  /** Receives every completed checkpoint (for tests and metrics). */
  readonly onCheckpoint?: (result: CheckpointResult) => void;
}

/** The page size SQLite uses for a new database, to turn committed bytes into log pages. */
const PAGE_BYTES = 4096;
/** SQLite's own automatic checkpoint threshold, restored when the worker fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
// Opens the log and its index now, so the worker holds every file it needs once it says it is ready.
db.pragma('wal_checkpoint(PASSIVE)');
parentPort.postMessage({ ready: true });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message ? error.message : error) });
  }
});
`;

interface WorkerReply {
  readonly ready?: boolean;
  readonly ok?: boolean;
  readonly log?: number;
  readonly checkpointed?: number;
  readonly error?: string;
}

/**
 * Runs the WAL checkpoints of `db` (the connection that writes, opened on
 * `file`) in a worker thread.
 *
 * @example
 * const checkpointer = new BackgroundCheckpointer(db, file);
 * checkpointer.noteCommit(bytesWritten); // after each commit
 * await checkpointer.close();            // before db.close()
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly pagesPerCheckpoint: number;
  private readonly maxLogPages: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private pagesSinceCheckpoint = 0;
  private wroteSinceCheckpoint = false;
  private running = false;
  private failed = false;
  private exited = false;
  private failuresInARow = 0;
  private caughtUp = true;
  private closing: Promise<void> | null = null;
  private markReady: () => void = () => undefined;
  /** Resolves once the worker has opened the database (or has failed: see `hasFailed`). */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.markReady = resolve;
  });

  constructor(
    private readonly db: Database.Database,
    file: string,
    private readonly options: BackgroundCheckpointerOptions = {},
  ) {
    this.pagesPerCheckpoint = options.pagesPerCheckpoint ?? SQLITE_AUTOCHECKPOINT_PAGES;
    if (!(this.pagesPerCheckpoint >= 1)) throw new RangeError(`pagesPerCheckpoint must be at least 1, got ${this.pagesPerCheckpoint}`);
    this.maxLogPages = options.maxLogPages ?? 10_000;
    if (!(this.maxLogPages >= 1)) throw new RangeError(`maxLogPages must be at least 1, got ${this.maxLogPages}`);
    const intervalMs = options.intervalMs ?? 1000;
    if (!(intervalMs >= 0)) throw new RangeError(`intervalMs must be 0 or more, got ${intervalMs}`);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file } });
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => this.finished(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => {
      this.exited = true;
      if (this.closing === null) this.fail(new Error('the checkpoint worker exited; the database checkpoints on commit again'));
    });
    db.pragma('wal_autocheckpoint = 0');
    if (intervalMs > 0) {
      this.timer = setInterval(() => {
        if (this.wroteSinceCheckpoint) this.request();
      }, intervalMs);
      this.timer.unref();
    }
  }

  /** Whether the worker is gone and the writing connection checkpoints itself again. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Checkpoints that failed since the last one that succeeded (each is retried at the next interval). */
  get failedAttempts(): number {
    return this.failuresInARow;
  }

  /** Whether the last checkpoint copied every frame of the log and nothing was committed since it was requested. */
  get isCaughtUp(): boolean {
    return this.caughtUp && !this.wroteSinceCheckpoint && !this.running;
  }

  /** Records a commit of about `bytes` bytes; requests a checkpoint once enough log pages were written. */
  noteCommit(bytes: number): void {
    this.wroteSinceCheckpoint = true;
    this.caughtUp = false;
    // Each commit writes at least the table's and the index's leaf pages.
    this.pagesSinceCheckpoint += 2 + Math.ceil(bytes / PAGE_BYTES);
    if (this.pagesSinceCheckpoint >= this.pagesPerCheckpoint) this.request();
  }

  /** Asks the worker for a passive checkpoint now, unless one is running. */
  request(): void {
    if (this.running || this.failed || this.closing !== null) return;
    this.running = true;
    this.pagesSinceCheckpoint = 0;
    this.wroteSinceCheckpoint = false;
    this.worker.postMessage('checkpoint');
  }

  /** Stops the worker (after the checkpoint it is running, if any). */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.timer !== undefined) clearInterval(this.timer);
      if (this.exited) return resolve();
      // Keep the process alive until the worker is gone, or an otherwise idle process would exit mid-close.
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('close');
    });
    return this.closing;
  }

  private finished(reply: WorkerReply): void {
    if (reply.ready === true) {
      this.markReady();
      return;
    }
    this.running = false;
    if (!reply.ok) {
      this.retryLater(new Error(`background checkpoint failed (retried at the next interval): ${reply.error ?? 'unknown error'}`));
      return;
    }
    this.failuresInARow = 0;
    const result: CheckpointResult = { logPages: reply.log ?? 0, checkpointedPages: reply.checkpointed ?? 0, by: 'worker' };
    this.caughtUp = result.checkpointedPages >= result.logPages;
    this.options.onCheckpoint?.(result);
    if (!this.caughtUp && result.logPages > this.maxLogPages) this.finishOnWriter();
  }

  /** Runs a passive checkpoint on the writing connection, which no commit can interleave with. */
  private finishOnWriter(): void {
    if (!this.db.open) return;
    try {
      const [row] = this.db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      const result: CheckpointResult = { logPages: row?.log ?? 0, checkpointedPages: row?.checkpointed ?? 0, by: 'writer' };
      this.caughtUp = result.checkpointedPages >= result.logPages;
      this.options.onCheckpoint?.(result);
    } catch (error) {
      this.retryLater(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Reports a failed checkpoint and leaves it to be requested again, by the interval or the next commits. */
  private retryLater(error: Error): void {
    this.failuresInARow++;
    this.caughtUp = false;
    this.wroteSinceCheckpoint = true;
    this.pagesSinceCheckpoint = this.pagesPerCheckpoint;
    this.options.onError?.(error);
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.running = false;
    this.markReady();
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    this.options.onError?.(error);
  }
}
