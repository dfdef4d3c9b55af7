import { describe, expect, it } from 'vitest';
import { RunQueue } from '../src/suggestions/run-queue.js';

/** A run that records its scopes and waits until released. */
function gatedRun(): { runs: string[][]; release: () => void; started: () => Promise<void>; run: (scopes: ReadonlySet<string>) => Promise<void> } {
  const runs: string[][] = [];
  let release: () => void = () => undefined;
  let onStart: () => void = () => undefined;
  return {
    runs,
    release: () => release(),
    started: () => new Promise<void>((resolve) => (onStart = resolve)),
    run: (scopes) =>
      new Promise<void>((resolve) => {
        runs.push([...scopes].sort());
        release = resolve;
        onStart();
      }),
  };
}

describe('RunQueue', () => {
  it('runs the scopes marked in a quiet period together, and queues at most one run behind a running one', async () => {
    const gate = gatedRun();
    const queue = new RunQueue(gate.run, 5, (error) => {
      throw error;
    });
    let started = gate.started();
    queue.schedule(['a']);
    queue.schedule(['b', 'a']);
    await started;
    expect(gate.runs).toEqual([['a', 'b']]);
    for (let i = 0; i < 100; i++) queue.schedule([`s${i % 3}`]);
    expect(queue.isRunning && queue.isQueued).toBe(true);
    started = gate.started();
    gate.release();
    await started;
    expect(gate.runs).toEqual([['a', 'b'], ['s0', 's1', 's2']]);
    gate.release();
    await queue.idle();
    expect(gate.runs.length).toBe(2);
  });

  it('goes on after a run that failed, and tells of the failure', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const queue = new RunQueue(
      () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
      0,
      (error) => errors.push(error),
    );
    queue.schedule(['x']);
    await queue.idle();
    queue.schedule(['x']);
    await queue.idle();
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });

  it('lets a recommender run while another one’s run is still going', async () => {
    const slow = gatedRun();
    const slowQueue = new RunQueue(slow.run, 0, () => undefined);
    const fastRuns: string[] = [];
    const fastQueue = new RunQueue(
      async (scopes) => {
        fastRuns.push(...scopes);
      },
      0,
      () => undefined,
    );
    const slowStarted = slow.started();
    slowQueue.schedule(['shared']);
    await slowStarted;
    fastQueue.schedule(['shared']);
    await fastQueue.idle();
    fastQueue.schedule(['gold']);
    await fastQueue.idle();
    expect(fastRuns).toEqual(['shared', 'gold']);
    expect(slowQueue.isRunning).toBe(true);
    slow.release();
    await slowQueue.idle();
  });

  it('runs nothing once closed', async () => {
    let calls = 0;
    const queue = new RunQueue(async () => void calls++, 0, () => undefined);
    queue.schedule(['x']);
    await queue.close();
    queue.schedule(['y']);
    await queue.idle();
    expect(calls).toBe(0);
  });
});
