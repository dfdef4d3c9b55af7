/**
 * The memory of unloaded rooms goes back: once rooms were unloaded and none
 * for the delay, the server asks V8 for a full collection (which V8 would
 * not do by itself without allocation pressure), once per interval at most.
 */
import { describe, expect, it } from 'vitest';
import { MemoryReturner } from '../src/memory-return.js';

/** Resolves once `returner` has asked for `count` collections. */
async function collected(returner: MemoryReturner, count: number): Promise<void> {
  while (returner.collections < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A WeakRef to an object nobody else holds, made in an earlier task so that it may be collected. */
async function unreachable(): Promise<WeakRef<object>> {
  const ref = new WeakRef({ room: new Uint8Array(1 << 20) });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return ref;
}

describe('MemoryReturner', () => {
  it('collects what unloaded rooms left once none was unloaded for the delay', async () => {
    const returner = new MemoryReturner(() => true, 20, 0);
    const ref = await unreachable();
    returner.noteFreed();
    returner.noteFreed();
    await collected(returner, 1);
    expect(ref.deref()).toBeUndefined();
    expect(returner.collections).toBe(1);
    returner.stop();
  });

  it('collects at most once per interval, and not after it stopped', async () => {
    const returner = new MemoryReturner(() => false, 0, 60_000);
    returner.noteFreed();
    await collected(returner, 1);
    returner.noteFreed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(returner.collections).toBe(1);
    returner.stop();
    returner.noteFreed();
    expect(returner.collections).toBe(1);
  });
});
