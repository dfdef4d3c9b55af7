import { describe, expect, it } from 'vitest';
import { fail, ok } from '@glossa/core';
import type { Result } from '@glossa/core';
import type { ApiProblem, DocumentListing } from '../src/api.js';
import { DocumentListPoll, layerSignature } from '../src/session/document-list-poll.js';
import type { PollTimer } from '../src/session/document-list-poll.js';

/** A timer the test fires by hand: it records each requested delay. */
class ManualTimer implements PollTimer {
  readonly delays: number[] = [];
  private pending: { readonly id: number; readonly callback: () => void } | null = null;
  private next = 0;
  set(callback: () => void, delayMs: number): unknown {
    this.delays.push(delayMs);
    this.pending = { id: this.next++, callback };
    return this.pending.id;
  }
  clear(handle: unknown): void {
    if (this.pending?.id === handle) this.pending = null;
  }
  get armed(): boolean {
    return this.pending !== null;
  }
  /** Fires the pending poll and waits until its read has been handled. */
  async fire(reads: { settled: Promise<void> }): Promise<void> {
    const pending = this.pending;
    if (pending === null) throw new Error('no poll is scheduled');
    this.pending = null;
    pending.callback();
    await reads.settled;
  }
}

const doc = (id: string, ...layers: string[]): DocumentListing => ({ id, characters: 10, layers: layers.map((layer) => ({ layer, spans: 1 })) });

/** A fetch answering from a script, one answer per call. */
function scripted(answers: Result<DocumentListing[], ApiProblem>[]) {
  const reads = { settled: Promise.resolve(), calls: 0 };
  const fetch = (): Promise<Result<DocumentListing[], ApiProblem>> => {
    const answer = answers[reads.calls++];
    if (answer === undefined) throw new Error('more polls than scripted answers');
    const promise = Promise.resolve(answer);
    // Settled once the poll has handled the answer (a microtask after it resolves).
    reads.settled = promise.then(() => new Promise<void>((resolve) => queueMicrotask(resolve)));
    return promise;
  };
  return { reads, fetch };
}

const NETWORK: Result<DocumentListing[], ApiProblem> = fail([{ status: 0, code: 'network', message: 'no network' }]);

describe('DocumentListPoll', () => {
  it('backs off while nothing changes, reports a new layer and polls soon again after it', async () => {
    const initial = [doc('a', 'alice', 'bob')];
    const { reads, fetch } = scripted([ok(initial), ok([doc('a', 'bob', 'alice')]), NETWORK, ok(initial), ok(initial), ok([doc('a', 'alice', 'bob', 'carol')]), ok([doc('a', 'alice', 'bob', 'carol')])]);
    const timer = new ManualTimer();
    const poll = new DocumentListPoll({ project: 'p', initial, fetch, timer, minDelayMs: 1000, maxDelayMs: 8000 });
    const heard: string[][] = [];
    poll.onChange((listings) => heard.push(listings.flatMap((d) => d.layers.map((l) => l.layer))));
    for (let i = 0; i < 7; i++) await timer.fire(reads);
    expect(timer.delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000, 1000, 2000]);
    expect(heard).toEqual([['alice', 'bob', 'carol']]);
    expect(poll.listings).toEqual([doc('a', 'alice', 'bob', 'carol')]);
  });

  it('reports a new document', async () => {
    const { reads, fetch } = scripted([ok([doc('a'), doc('b', 'alice')])]);
    const timer = new ManualTimer();
    const poll = new DocumentListPoll({ project: 'p', initial: [doc('a')], fetch, timer });
    const heard: string[][] = [];
    poll.onChange((listings) => heard.push(listings.map((d) => d.id)));
    await timer.fire(reads);
    expect(heard).toEqual([['a', 'b']]);
  });

  it('polls at once when poked, and backs off from the shortest delay again', async () => {
    const initial = [doc('a', 'alice')];
    const { reads, fetch } = scripted([ok(initial), ok(initial), ok(initial)]);
    const timer = new ManualTimer();
    const poll = new DocumentListPoll({ project: 'p', initial, fetch, timer, minDelayMs: 500, maxDelayMs: 10_000 });
    await timer.fire(reads);
    await timer.fire(reads);
    expect(timer.delays).toEqual([500, 1000, 2000]);
    poll.poke();
    expect(timer.delays.at(-1)).toBe(0);
    await timer.fire(reads);
    expect(timer.delays.at(-1)).toBe(1000);
  });

  it('schedules nothing more once destroyed', async () => {
    const { reads, fetch } = scripted([ok([doc('a', 'bob')])]);
    const timer = new ManualTimer();
    const poll = new DocumentListPoll({ project: 'p', initial: [doc('a')], fetch, timer });
    const heard: unknown[] = [];
    poll.onChange((listings) => heard.push(listings));
    poll.destroy();
    expect(timer.armed).toBe(false);
    poll.poke();
    expect(timer.armed).toBe(false);
    expect(heard).toEqual([]);
    expect(reads.calls).toBe(0);
  });

  it.each([
    { minDelayMs: 0, maxDelayMs: 10 },
    { minDelayMs: 100, maxDelayMs: 50 },
    { minDelayMs: Number.NaN, maxDelayMs: 50 },
  ])('refuses delays $minDelayMs and $maxDelayMs with a RangeError', ({ minDelayMs, maxDelayMs }) => {
    expect(() => new DocumentListPoll({ project: 'p', initial: [], fetch: () => Promise.resolve(ok([])), timer: new ManualTimer(), minDelayMs, maxDelayMs })).toThrow(/expected 0 < minDelayMs <= maxDelayMs/);
  });
});

describe('layerSignature', () => {
  it('ignores order and counts, and tells layers and documents apart', () => {
    const a = layerSignature([doc('x', 'alice', 'bob'), doc('y')]);
    expect(layerSignature([doc('y'), { ...doc('x', 'bob', 'alice'), characters: 99 }])).toBe(a);
    expect(layerSignature([doc('x', 'alice', 'bob'), doc('y', 'carol')])).not.toBe(a);
    expect(layerSignature([doc('x', 'alice', 'bob')])).not.toBe(a);
  });
});
