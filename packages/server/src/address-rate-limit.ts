/**
 * A rate limit per client address, as `POST /api/login` applies it: each
 * address has its own token bucket. The buckets live in an `LruMap`, so
 * memory stays bounded however many addresses call: when a new address
 * would exceed the bound, the address that has gone longest without a
 * request is forgotten, and every other address keeps its bucket. (An
 * address that is forgotten starts over with a full bucket, which it would
 * mostly have refilled anyway while it was idle.)
 */
import { LruMap } from '@glossa/store';
import { TokenBucket, type RateLimit } from './rate-limit.js';

/** The password login limit per address: 10 attempts at once, then 1 per second. */
export const LOGIN_RATE_PER_ADDRESS: RateLimit = { perSecond: 1, burst: 10 };

/** Most addresses whose login attempts are tracked at once. @default 10_000 */
export const MAX_LOGIN_ADDRESSES = 10_000;

/** One token bucket per address, at most `maxAddresses` of them, the least recently used forgotten first. */
export class AddressRateLimiter {
  private readonly buckets: LruMap<string, TokenBucket>;

  /**
   * @param limit The rate each address is held to.
   * @param maxAddresses Most addresses tracked at once; a positive integer.
   * @param now Clock in milliseconds; injectable for tests.
   * @throws RangeError for a bad `limit` or `maxAddresses`.
   */
  constructor(
    private readonly limit: RateLimit,
    maxAddresses: number = MAX_LOGIN_ADDRESSES,
    private readonly now: () => number = () => performance.now(),
  ) {
    new TokenBucket(limit, now); // checks the limit now rather than on the first request
    this.buckets = new LruMap(maxAddresses);
  }

  /** Takes one attempt for `address`; returns false when the address is over its limit. */
  take(address: string): boolean {
    let bucket = this.buckets.get(address);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.limit, this.now);
      this.buckets.set(address, bucket);
    }
    return bucket.take();
  }

  /** How many addresses are tracked; never more than `maxAddresses`. */
  get trackedAddresses(): number {
    return this.buckets.size;
  }
}
