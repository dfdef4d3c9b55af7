/**
 * What stands between the server and one external model server: a
 * deadline per call, a limit on calls in flight (the rest wait in a short
 * queue), and a circuit breaker that stops calling a backend after
 * consecutive failures and tries it again, once, after a cool-down. Each
 * backend has its own guard, so a slow or dead backend delays only calls to
 * itself.
 */
import { ExternalBackendError } from './errors.js';

/** Options of a {@link BackendGuard}. */
export interface BackendGuardOptions {
  /** The backend's name, in errors. */
  readonly backend: string;
  /** Calls in flight at once. @default 2 */
  readonly concurrency?: number;
  /** Calls waiting for a free slot before new ones are refused. @default 32 */
  readonly maxQueue?: number;
  /** Consecutive failures that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** How long an open circuit refuses calls before letting one through, in ms. @default 30,000 */
  readonly cooldownMs?: number;
  /** The clock, in ms. @default Date.now */
  readonly now?: () => number;
}

/** The breaker's state: `closed` calls, `open` refuses, `half-open` lets one trial call through. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Counts a guard keeps. */
export interface GuardCounts {
  /** Calls that ran and succeeded. */
  readonly succeeded: number;
  /** Calls that ran and failed (errors and timeouts). */
  readonly failed: number;
  /** Of the failed calls, those that ran out of time. */
  readonly timedOut: number;
  /** Calls refused without reaching the backend (circuit open, or queue full). */
  readonly refused: number;
  /** Times the circuit opened. */
  readonly opened: number;
}

/** The guard of one backend (see the module comment). */
export class BackendGuard {
  private readonly backend: string;
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private readonly failureThreshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private trialRunning = false;
  private counts = { succeeded: 0, failed: 0, timedOut: 0, refused: 0, opened: 0 };

  constructor(options: BackendGuardOptions) {
    this.backend = options.backend;
    this.concurrency = positiveInteger(options.concurrency ?? 2, 'concurrency');
    this.maxQueue = nonNegativeInteger(options.maxQueue ?? 32, 'maxQueue');
    this.failureThreshold = positiveInteger(options.failureThreshold ?? 5, 'failureThreshold');
    this.cooldownMs = nonNegativeInteger(options.cooldownMs ?? 30_000, 'cooldownMs');
    this.now = options.now ?? Date.now;
  }

  /** The breaker's state now. */
  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** What the guard counted so far. */
  get stats(): GuardCounts {
    return { ...this.counts };
  }

  /**
   * Runs `call` under the guard: refused at once while the circuit is open
   * (or while its one trial call runs) or the queue is full; otherwise run
   * when a slot is free, with an `AbortSignal` that fires at the deadline,
   * `timeoutMs` after this call (waiting included). A rejection or a timeout
   * counts as a failure of the backend unless `call`'s error says it is not
   * the backend's fault (`countsAsFailure: false`).
   */
  run<T>(call: (signal: AbortSignal) => Promise<T>, timeoutMs: number, what: string): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialRunning)) {
      this.counts.refused++;
      return Promise.reject(new ExternalBackendError(this.backend, 'unavailable', `${what}: the circuit is open after ${this.consecutiveFailures} consecutive failures; calls resume after a cool-down of ${this.cooldownMs} ms`));
    }
    const trial = state === 'half-open';
    if (trial) this.trialRunning = true;
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let waiter: (() => void) | undefined;
      const timer = setTimeout(() => {
        if (waiter) {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
        }
        fail(new ExternalBackendError(this.backend, 'timeout', `${what}: no answer within ${timeoutMs} ms`), true);
        controller.abort();
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        if (trial) this.trialRunning = false;
      };
      const fail = (error: ExternalBackendError, backendFault: boolean): void => {
        if (settled) return;
        settled = true;
        finish();
        if (backendFault) this.recordFailure(error.reason === 'timeout');
        reject(error);
      };
      const start = (): void => {
        waiter = undefined;
        if (settled) return;
        this.inFlight++;
        call(controller.signal).then(
          (value) => {
            this.release();
            if (settled) return;
            settled = true;
            finish();
            this.recordSuccess();
            resolve(value);
          },
          (error: unknown) => {
            this.release();
            const wrapped = error instanceof ExternalBackendError ? error : new ExternalBackendError(this.backend, 'network', `${what}: ${error instanceof Error ? error.message : String(error)}`);
            fail(wrapped, wrapped.countsAsFailure);
          },
        );
      };
      if (this.inFlight < this.concurrency) {
        start();
        return;
      }
      if (this.queue.length >= this.maxQueue) {
        this.counts.refused++;
        settled = true;
        finish();
        reject(new ExternalBackendError(this.backend, 'busy', `${what}: ${this.inFlight} calls in flight and ${this.queue.length} waiting; try again later`));
        return;
      }
      waiter = start;
      this.queue.push(start);
    });
  }

  private release(): void {
    this.inFlight--;
    const next = this.queue.shift();
    if (next) next();
  }

  private recordSuccess(): void {
    this.counts.succeeded++;
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
  }

  private recordFailure(timedOut: boolean): void {
    this.counts.failed++;
    if (timedOut) this.counts.timedOut++;
    this.consecutiveFailures++;
    // A failed trial reopens the circuit for another cool-down; so does the threshold reached.
    if (this.openedAt !== undefined || this.consecutiveFailures >= this.failureThreshold) {
      if (this.openedAt === undefined) this.counts.opened++;
      this.openedAt = this.now();
    }
  }
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${field} must be a positive integer, not ${value}`);
  return value;
}

function nonNegativeInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${field} must be a non-negative integer, not ${value}`);
  return value;
}
