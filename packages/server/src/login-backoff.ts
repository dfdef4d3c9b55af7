/**
 * Per-user backoff for password logins. The per-address token bucket of
 * `POST /api/login` slows one machine down; an attacker with many addresses
 * would still get many guesses at one account. So each user name (known or
 * not: the answer must not tell which) gets a few free failed attempts,
 * after which every further failure locks the name for twice as long as the
 * previous lock, up to a ceiling. While a name is locked, logins for it are
 * refused before the password is checked. A successful login clears the
 * name; a name left alone long enough is forgotten.
 *
 * API tokens are not affected, so a locked-out user's scripts keep working.
 */
import { LruMap } from '@glossa/store';

/** How fast failed logins lock a name. */
export interface LoginBackoffPolicy {
  /** Failed attempts per name before locking starts. @default 5 */
  readonly freeAttempts: number;
  /** The first lock, in milliseconds; each further failure doubles it. @default 1_000 */
  readonly baseDelayMs: number;
  /** The longest lock, in milliseconds. @default 15 minutes */
  readonly maxDelayMs: number;
  /** Milliseconds without a failure after which a name's count starts over. @default 1 hour */
  readonly forgetAfterMs: number;
}

/** The default policy: 5 free attempts, then 1 s, 2 s, 4 s … up to 15 min. */
export const DEFAULT_LOGIN_BACKOFF: LoginBackoffPolicy = {
  freeAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 3_600_000,
};

interface NameState {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

/** Most names tracked at once; beyond it the longest-idle are forgotten. */
const MAX_TRACKED_NAMES = 10_000;

/** Failed-login bookkeeping per user name. */
export class LoginBackoff {
  private readonly names = new LruMap<string, NameState>(MAX_TRACKED_NAMES);

  constructor(
    private readonly policy: LoginBackoffPolicy = DEFAULT_LOGIN_BACKOFF,
    /** Clock in milliseconds; injectable for tests. */
    private readonly now: () => number = Date.now,
  ) {
    const { freeAttempts, baseDelayMs, maxDelayMs, forgetAfterMs } = policy;
    if (!Number.isInteger(freeAttempts) || freeAttempts < 0) throw new RangeError(`freeAttempts must be a non-negative integer, got ${freeAttempts}`);
    if (!(baseDelayMs > 0) || !(maxDelayMs >= baseDelayMs) || !(forgetAfterMs > 0)) {
      throw new RangeError(`login backoff needs baseDelayMs > 0, maxDelayMs >= baseDelayMs and forgetAfterMs > 0, got ${baseDelayMs}, ${maxDelayMs}, ${forgetAfterMs}`);
    }
  }

  /** Milliseconds until `name` may try again; 0 when it may now. */
  retryAfterMs(name: string): number {
    const state = this.current(name);
    return state === undefined ? 0 : Math.max(0, state.lockedUntil - this.now());
  }

  /** Records a failed login for `name`, locking it once the free attempts are used up. */
  recordFailure(name: string): void {
    const now = this.now();
    const state = this.current(name) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    state.failures++;
    state.lastFailure = now;
    const over = state.failures - this.policy.freeAttempts;
    if (over > 0) state.lockedUntil = now + Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over - 1, 40));
    this.names.set(name, state);
  }

  /** Clears `name` after a successful login. */
  recordSuccess(name: string): void {
    this.names.delete(name);
  }

  private current(name: string): NameState | undefined {
    const state = this.names.peek(name);
    if (state !== undefined && this.now() - state.lastFailure > this.policy.forgetAfterMs && state.lockedUntil <= this.now()) {
      this.names.delete(name);
      return undefined;
    }
    return state;
  }
}
