/**
 * `RunQueue`: when one recommender runs. Changes mark scopes dirty; after
 * `debounceMs` without a new change the dirty scopes run together. While a
 * run is going, further changes only mark scopes dirty again, so at most
 * one run is queued behind the running one, whatever the number of
 * changes. Each recommender has its own queue, so a slow one never holds
 * up another.
 */

/** What a queue runs: the scopes marked dirty since the last run began. */
export type ScopeRun = (scopes: ReadonlySet<string>) => Promise<void>;

/** One recommender's schedule. */
export class RunQueue {
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: ScopeRun,
    /** Quiet time after a change before a run starts, in milliseconds. */
    private readonly debounceMs: number,
    /** Told of a run that threw (the queue goes on). */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Whether a run is going. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Whether a run is waiting (debouncing, or queued behind the running one). */
  get isQueued(): boolean {
    return this.dirty.size > 0;
  }

  /** Marks `scopes` dirty and (re)starts the quiet period, unless a run is going: then they wait for it. */
  schedule(scopes: Iterable<string>): void {
    if (this.closed) return;
    for (const scope of scopes) this.dirty.add(scope);
    if (this.dirty.size === 0 || this.running !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.debounceMs);
  }

  /** Resolves once nothing is running or queued. */
  idle(): Promise<void> {
    if (this.running === undefined && this.dirty.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops scheduling; resolves once the running run (if any) ended. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
    await this.running;
    this.settle();
  }

  private start(): void {
    this.timer = undefined;
    if (this.closed || this.dirty.size === 0) return;
    const scopes = this.dirty;
    this.dirty = new Set();
    this.running = this.run(scopes)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        if (this.dirty.size > 0 && !this.closed) this.timer = setTimeout(() => this.start(), this.debounceMs);
        else this.settle();
      });
  }

  private settle(): void {
    if (this.running !== undefined || this.dirty.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
