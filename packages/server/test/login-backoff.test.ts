/**
 * Per-user login backoff with an injected clock: free attempts, doubling
 * locks up to the ceiling, reset on success, forgetting idle names, and
 * refusal of a bad policy.
 */
import { describe, expect, it } from 'vitest';
import { LoginBackoff, type LoginBackoffPolicy } from '../src/login-backoff.js';

const POLICY: LoginBackoffPolicy = { freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };

function clocked(): { backoff: LoginBackoff; advance(ms: number): void } {
  let now = 1_000_000;
  return { backoff: new LoginBackoff(POLICY, () => now), advance: (ms) => void (now += ms) };
}

describe('LoginBackoff', () => {
  it('allows the free attempts, then locks for 1, 2, 4, 8, 8 s after each further failure', () => {
    const { backoff, advance } = clocked();
    for (let i = 0; i < 3; i++) {
      expect(backoff.retryAfterMs('alice')).toBe(0);
      backoff.recordFailure('alice');
    }
    const locks: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(backoff.retryAfterMs('alice')).toBe(i === 0 ? 0 : locks[i - 1]);
      const wait = backoff.retryAfterMs('alice');
      advance(wait);
      backoff.recordFailure('alice');
      locks.push(backoff.retryAfterMs('alice'));
      expect(locks[i]).toBe(backoff.retryAfterMs('alice'));
    }
    expect(locks).toEqual([1000, 2000, 4000, 8000, 8000]);
    advance(7999);
    expect(backoff.retryAfterMs('alice')).toBe(1);
    advance(1);
    expect(backoff.retryAfterMs('alice')).toBe(0);
  });

  it('keeps names apart and clears a name on success', () => {
    const { backoff } = clocked();
    for (let i = 0; i < 4; i++) backoff.recordFailure('alice');
    expect(backoff.retryAfterMs('alice')).toBe(1000);
    expect(backoff.retryAfterMs('bob')).toBe(0);
    backoff.recordSuccess('alice');
    expect(backoff.retryAfterMs('alice')).toBe(0);
    for (let i = 0; i < 3; i++) backoff.recordFailure('alice');
    expect(backoff.retryAfterMs('alice')).toBe(0);
  });

  it('forgets a name after forgetAfterMs without failures', () => {
    const { backoff, advance } = clocked();
    for (let i = 0; i < 3; i++) backoff.recordFailure('alice');
    advance(60_001);
    backoff.recordFailure('alice');
    expect(backoff.retryAfterMs('alice')).toBe(0);
  });

  it.each([
    ['negative free attempts', { ...POLICY, freeAttempts: -1 }],
    ['a zero base delay', { ...POLICY, baseDelayMs: 0 }],
    ['a ceiling below the base delay', { ...POLICY, maxDelayMs: 10 }],
    ['a zero forget time', { ...POLICY, forgetAfterMs: 0 }],
  ])('refuses a policy with %s', (_what, policy) => {
    expect(() => new LoginBackoff(policy)).toThrow(RangeError);
  });
});
