/**
 * A token bucket: `burst` tokens at most, refilled at `perSecond` tokens per
 * second. Each message takes one token; a message that finds the bucket empty
 * is over the limit.
 */

/** A rate limit: a sustained rate and a burst allowance. */
export interface RateLimit {
  /** Sustained messages per second. */
  readonly perSecond: number;
  /** Messages that may arrive at once after a quiet period. */
  readonly burst: number;
}

/** A token bucket enforcing one `RateLimit`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    /** Clock in milliseconds; injectable for tests. */
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError(`A rate limit needs perSecond > 0 and burst >= 1, got ${limit.perSecond}/s burst ${limit.burst}`);
    }
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token; returns false when the bucket is empty (the message is over the limit). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
