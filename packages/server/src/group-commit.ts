/**
 * Group commit: updates submitted while a commit is being prepared or is in
 * flight are written together by the next `appendBatch`, so one fsync covers
 * many updates. Entries are committed, and their callbacks run, in the order
 * they were submitted, which keeps every room's updates in order.
 */
import type { RoomUpdate, UpdateLog } from '@glossa/store';

/** Called once an entry is committed (`error` undefined) or failed to commit. */
export type CommitCallback = (error?: unknown) => void;

interface PendingEntry extends RoomUpdate {
  readonly done: CommitCallback;
}

/**
 * Batches `UpdateLog.appendBatch` calls.
 *
 * @example
 * const committer = new GroupCommitter(store);
 * committer.submit('policy/doc1', update, (error) => { if (!error) relay(update); });
 */
export class GroupCommitter {
  private queue: PendingEntry[] = [];
  private running = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly store: UpdateLog,
    /** The most entries one transaction writes. @default 4096 */
    private readonly maxBatch = 4096,
    /** Receives an exception thrown by a callback (callbacks should not throw). */
    private readonly onCallbackError: (error: unknown) => void = () => undefined,
  ) {
    if (!(maxBatch >= 1)) throw new RangeError(`maxBatch must be at least 1, got ${maxBatch}`);
  }

  /** Entries submitted and not yet committed or failed. */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /**
   * The error of the last commit when it failed and none succeeded since
   * (a full disk, say): the store cannot commit now. Undefined otherwise.
   */
  get lastFailure(): unknown {
    return this.failure?.error;
  }

  /** Queues an update of `room`; `done` runs once it is committed or has failed. */
  submit(room: string, update: Uint8Array, done: CommitCallback): void {
    this.queue.push({ room, update, done });
    this.schedule();
  }

  /** Resolves once every entry submitted so far has been committed or has failed. */
  flush(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // setImmediate lets every message already read from the sockets join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
      let failure: { error: unknown } | undefined;
      try {
        await this.store.appendBatch(batch);
      } catch (error) {
        failure = { error };
      }
      this.failure = failure;
      for (const entry of batch) {
        try {
          if (failure) entry.done(failure.error);
          else entry.done();
        } catch (error) {
          this.onCallbackError(error);
        }
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
