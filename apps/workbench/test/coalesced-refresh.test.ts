import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoalescedRefresh } from '../src/session/coalesced-refresh.js';
import type { PollTimer } from '../src/session/document-list-poll.js';

/** A clock and timer the test moves by hand. */
class ManualClock implements PollTimer {
  now = 0;
  private timers: { id: number; at: number; callback: () => void }[] = [];
  private next = 0;
  set(callback: () => void, delayMs: number): unknown {
    const id = this.next++;
    this.timers.push({ id, at: this.now + delayMs, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get armed(): number {
    return this.timers.length;
  }
  /** Moves the clock, firing the timers that come due. */
  advance(ms: number): void {
    this.now += ms;
    for (;;) {
      const due = this.timers.find((t) => t.at <= this.now);
      if (due === undefined) return;
      this.timers = this.timers.filter((t) => t !== due);
      due.callback();
    }
  }
}

/** A fetch whose answers the test gives one by one. */
function deferredFetch() {
  const calls: { startedAt: number; resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  return {
    calls,
    fetch: (clock: ManualClock) => () =>
      new Promise<number>((resolve, reject) => {
        calls.push({ startedAt: clock.now, resolve, reject });
      }),
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(minIntervalMs = 1000) {
  const clock = new ManualClock();
  const { calls, fetch } = deferredFetch();
  const answers: number[] = [];
  const refresh = new CoalescedRefresh<number>({ fetch: fetch(clock), onAnswer: (a) => answers.push(a), minIntervalMs, now: () => clock.now, timer: clock });
  return { clock, calls, answers, refresh };
}

describe('CoalescedRefresh', () => {
  it('asks at once when idle and delivers the answer', async () => {
    const { calls, answers, refresh } = setup();
    refresh.request();
    expect(calls).toHaveLength(1);
    expect(refresh.busy).toBe(true);
    calls[0]?.resolve(7);
    await flush();
    expect(answers).toEqual([7]);
    expect(refresh.busy).toBe(false);
  });

  it('folds every request made during a request into one more, sent after the interval', async () => {
    const { clock, calls, answers, refresh } = setup(1000);
    refresh.request();
    for (let i = 0; i < 10; i++) refresh.request();
    expect(calls).toHaveLength(1);
    clock.advance(300);
    calls[0]?.resolve(1);
    await flush();
    // The interval has not passed since the first request started: the second waits.
    expect(calls).toHaveLength(1);
    expect(clock.armed).toBe(1);
    clock.advance(699);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.startedAt).toBe(1000);
    calls[1]?.resolve(2);
    await flush();
    expect(answers).toEqual([1, 2]);
    expect(clock.armed).toBe(0);
  });

  it('asks again at once after an answer when the interval has passed', async () => {
    const { clock, calls, refresh } = setup(100);
    refresh.request();
    refresh.request();
    clock.advance(250);
    calls[0]?.resolve(1);
    await flush();
    expect(calls).toHaveLength(2);
  });

  it('goes on after a failed request and delivers nothing for it', async () => {
    const { clock, calls, answers, refresh } = setup(0);
    refresh.request();
    refresh.request();
    calls[0]?.reject(new Error('network down'));
    await flush();
    expect(answers).toEqual([]);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(3);
    await flush();
    expect(answers).toEqual([3]);
    expect(clock.armed).toBe(0);
  });

  it('delivers nothing and asks nothing more once closed', async () => {
    const { clock, calls, answers, refresh } = setup(1000);
    refresh.request();
    refresh.request();
    refresh.close();
    calls[0]?.resolve(1);
    await flush();
    clock.advance(5000);
    refresh.request();
    expect(answers).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('refuses a negative interval', () => {
    expect(() => new CoalescedRefresh({ fetch: () => Promise.resolve(1), onAnswer: () => undefined, minIntervalMs: -1 })).toThrow(RangeError);
  });

  it('never has two requests in flight, never starts two closer than the interval, and answers every request with a later one', async () => {
    type Step = { kind: 'request' } | { kind: 'answer' } | { kind: 'fail' } | { kind: 'advance'; ms: number };
    const step = fc.oneof(
      fc.constant<Step>({ kind: 'request' }),
      fc.constant<Step>({ kind: 'answer' }),
      fc.constant<Step>({ kind: 'fail' }),
      fc.integer({ min: 1, max: 700 }).map((ms): Step => ({ kind: 'advance', ms })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.integer({ min: 0, max: 500 }), async (steps, interval) => {
        const { clock, calls, refresh } = setup(interval);
        let settled = 0;
        let callsBeforeLastRequest = -1;
        for (const s of steps) {
          if (s.kind === 'request') {
            callsBeforeLastRequest = calls.length;
            refresh.request();
          } else if (s.kind === 'advance') clock.advance(s.ms);
          else if (settled < calls.length) {
            const call = calls[settled++];
            if (s.kind === 'answer') call?.resolve(settled);
            else call?.reject(new Error('failed'));
            await flush();
          }
          expect(calls.length - settled).toBeLessThanOrEqual(1);
        }
        // Let everything finish: answer what is in flight and run out the clock.
        for (let round = 0; round < 5; round++) {
          while (settled < calls.length) {
            calls[settled++]?.resolve(settled);
            await flush();
          }
          clock.advance(interval + 1);
        }
        for (let i = 1; i < calls.length; i++) expect((calls[i]?.startedAt ?? 0) - (calls[i - 1]?.startedAt ?? 0)).toBeGreaterThanOrEqual(interval);
        // The last request was answered by a request sent after it was made.
        if (callsBeforeLastRequest >= 0) expect(calls.length).toBeGreaterThan(callsBeforeLastRequest);
      }),
      { numRuns: 150 },
    );
  });
});
