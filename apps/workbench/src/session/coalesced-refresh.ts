/**
 * Asking a server again after every change, without asking once per change.
 * The token-unit agreement is computed on the server over the whole project;
 * a dashboard that fetched it after every layer change would send a request
 * per keystroke of every annotator. A `CoalescedRefresh` keeps at most one
 * request in flight: changes during it are folded into one more request,
 * sent once the first has answered and at least `minIntervalMs` after it
 * started. Answers arrive in the order the requests were sent, and an answer
 * is only delivered while the refresh is open.
 */
import type { PollTimer } from './document-list-poll.js';

/** Options of `CoalescedRefresh`. */
export interface CoalescedRefreshOptions<T> {
  /** Sends one request. */
  readonly fetch: () => Promise<T>;
  /** Receives each answer. */
  readonly onAnswer: (answer: T) => void;
  /** Shortest time between the starts of two requests, in milliseconds. @default 1000 */
  readonly minIntervalMs?: number;
  /** Clock in milliseconds. @default performance.now */
  readonly now?: () => number;
  /** @default setTimeout / clearTimeout */
  readonly timer?: PollTimer;
}

const BROWSER_TIMER: PollTimer = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** See the module comment. */
export class CoalescedRefresh<T> {
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly timer: PollTimer;
  private inFlight = false;
  private pending = false;
  private waiting: unknown = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(private readonly options: CoalescedRefreshOptions<T>) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    if (!(this.minIntervalMs >= 0)) throw new RangeError(`minIntervalMs must be 0 or more, got ${this.minIntervalMs}`);
    this.now = options.now ?? (() => performance.now());
    this.timer = options.timer ?? BROWSER_TIMER;
  }

  /** Asks for a fresh answer: now when nothing is in flight and the interval has passed, else once the current request is done. */
  request(): void {
    if (this.closed) return;
    this.pending = true;
    this.startWhenDue();
  }

  /** Whether a request is in flight. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** Stops: no further request is sent and no answer is delivered. */
  close(): void {
    this.closed = true;
    this.pending = false;
    if (this.waiting !== null) this.timer.clear(this.waiting);
    this.waiting = null;
  }

  private startWhenDue(): void {
    if (this.inFlight || this.waiting !== null || !this.pending || this.closed) return;
    const wait = this.lastStart + this.minIntervalMs - this.now();
    if (wait > 0) {
      this.waiting = this.timer.set(() => {
        this.waiting = null;
        this.startWhenDue();
      }, wait);
      return;
    }
    this.pending = false;
    this.inFlight = true;
    this.lastStart = this.now();
    const settle = (answer: T | undefined, delivered: boolean): void => {
      this.inFlight = false;
      if (delivered && !this.closed) this.options.onAnswer(answer as T);
      this.startWhenDue();
    };
    this.options.fetch().then(
      (answer) => settle(answer, true),
      // A failed request is answered by the next one, if any was asked for; the fetch reports its own errors as values.
      () => settle(undefined, false),
    );
  }
}
