/**
 * The per-address login limiter with an injected clock: each address has its
 * own bucket; the number of tracked addresses stays bounded; and filling the
 * limiter with many other addresses forgets only idle addresses, never the
 * limit of an address that keeps calling.
 */
import { describe, expect, it } from 'vitest';
import { AddressRateLimiter, LOGIN_RATE_PER_ADDRESS, MAX_LOGIN_ADDRESSES } from '../src/address-rate-limit.js';

const LIMIT = { perSecond: 1, burst: 3 };

function clocked(maxAddresses?: number): { limiter: AddressRateLimiter; advance(ms: number): void } {
  let now = 1_000_000;
  return { limiter: new AddressRateLimiter(LIMIT, maxAddresses, () => now), advance: (ms) => void (now += ms) };
}

/** Uses up the burst of `address`, checking each attempt is allowed and the next one is not. */
function exhaust(limiter: AddressRateLimiter, address: string, burst: number): void {
  for (let i = 0; i < burst; i++) expect(limiter.take(address)).toBe(true);
  expect(limiter.take(address)).toBe(false);
}

describe('AddressRateLimiter', () => {
  it('gives each address its own burst, refilled over time', () => {
    const { limiter, advance } = clocked();
    exhaust(limiter, '10.0.0.1', 3);
    expect(limiter.take('10.0.0.2')).toBe(true);
    advance(999);
    expect(limiter.take('10.0.0.1')).toBe(false);
    advance(1);
    expect(limiter.take('10.0.0.1')).toBe(true);
    expect(limiter.take('10.0.0.1')).toBe(false);
  });

  it('does not reset the limit of an address still in use when many other addresses fill it', () => {
    const { limiter } = clocked(100);
    exhaust(limiter, 'attacker', 3);
    for (let i = 0; i < 5_000; i++) {
      expect(limiter.take(`10.1.${i >> 8}.${i & 255}`)).toBe(true);
      if (i % 50 === 0) expect(limiter.take('attacker')).toBe(false);
      expect(limiter.trackedAddresses).toBeLessThanOrEqual(100);
    }
    expect(limiter.take('attacker')).toBe(false);
  });

  it('does so at the default bound of 10,000 addresses with the login rate', () => {
    const limiter = new AddressRateLimiter(LOGIN_RATE_PER_ADDRESS, undefined, () => 0);
    exhaust(limiter, 'attacker', LOGIN_RATE_PER_ADDRESS.burst);
    for (let i = 0; i < 3 * MAX_LOGIN_ADDRESSES; i++) {
      limiter.take(`addr-${i}`);
      if (i % 1_000 === 0) expect(limiter.take('attacker')).toBe(false);
    }
    expect(limiter.trackedAddresses).toBe(MAX_LOGIN_ADDRESSES);
    expect(limiter.take('attacker')).toBe(false);
  });

  it('keeps other addresses limited when it forgets the least recently used one', () => {
    const { limiter } = clocked(3);
    for (const address of ['a', 'b', 'c']) exhaust(limiter, address, 3);
    expect(limiter.take('b')).toBe(false);
    expect(limiter.take('d')).toBe(true);
    // 'a' was idle longest and is forgotten; 'b' and 'c' keep their empty buckets.
    expect(limiter.trackedAddresses).toBe(3);
    expect(limiter.take('b')).toBe(false);
    expect(limiter.take('c')).toBe(false);
    expect(limiter.take('a')).toBe(true);
  });

  it.each([
    ['a zero rate', { perSecond: 0, burst: 3 }, 10, /perSecond > 0 and burst >= 1/],
    ['a burst below one', { perSecond: 1, burst: 0 }, 10, /perSecond > 0 and burst >= 1/],
    ['no addresses', LIMIT, 0, /positive integer capacity, got 0/],
    ['a fractional bound', LIMIT, 2.5, /positive integer capacity, got 2.5/],
  ])('refuses %s with a RangeError', (_what, limit, maxAddresses, message) => {
    expect(() => new AddressRateLimiter(limit, maxAddresses)).toThrow(RangeError);
    expect(() => new AddressRateLimiter(limit, maxAddresses)).toThrow(message);
  });
});
