/**
 * `MemoryReturner`: gives the memory of unloaded rooms back to the
 * operating system. V8 collects its old generation only under allocation
 * pressure, so a server whose rooms were all unloaded sits on their garbage
 * (and the pages under it) for as long as nothing else happens: hundreds of
 * MB after a busy hour. Once rooms were unloaded or their staging copies
 * freed, and nothing more for `delayMs`,
 * this asks V8 for a full collection, at most once per `intervalMs`; the
 * pages it frees go back to the system. The collection runs at once (it
 * compacts best) when no room is in memory, so nobody waits on it, and in
 * V8's incremental steps otherwise.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's collector as `--expose-gc` exposes it (the options object is understood by Node 20's V8). */
type Collect = (options?: { type: 'major' | 'minor'; execution: 'sync' | 'async' }) => void;

let collector: Collect | null | undefined;

/** The full collector, exposed once for this process; null when the engine does not allow it. */
function fullCollector(): Collect | null {
  if (collector !== undefined) return collector;
  try {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as Collect;
  } catch {
    collector = null;
  }
  return collector;
}

/** Milliseconds after the last unload before memory is returned. */
export const MEMORY_RETURN_DELAY_MS = 5_000;
/** Least milliseconds between two returns. */
export const MEMORY_RETURN_INTERVAL_MS = 30_000;

/** Returns memory some time after rooms were unloaded; see the module comment. */
export class MemoryReturner {
  private timer: NodeJS.Timeout | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private stopped = false;
  /** How many collections it asked for. */
  collections = 0;

  constructor(
    /** Whether no room is in memory now. */
    private readonly idle: () => boolean,
    private readonly delayMs = MEMORY_RETURN_DELAY_MS,
    private readonly intervalMs = MEMORY_RETURN_INTERVAL_MS,
  ) {}

  /** A room was unloaded (or its staging copy freed): return memory once nothing more was freed for `delayMs`. */
  noteFreed(): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    const wait = Math.max(this.delayMs, this.last + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.collect(), wait);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private collect(): void {
    this.timer = null;
    const gc = fullCollector();
    if (gc === null || this.stopped) return;
    this.last = performance.now();
    this.collections++;
    if (this.idle()) gc();
    else gc({ type: 'major', execution: 'async' });
  }
}
