import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteUpdateLog, type RoomUpdate } from '@glossa/store';
import { GroupCommitter } from '../src/group-commit.js';

/** The real SQLite store, recording the size of each transaction it commits. */
function openRecording(file: string): { store: SqliteUpdateLog; batches: number[] } {
  const store = SqliteUpdateLog.open(file);
  const batches: number[] = [];
  const appendBatch = store.appendBatch.bind(store);
  store.appendBatch = (entries: readonly RoomUpdate[]) => {
    batches.push(entries.length);
    return appendBatch(entries);
  };
  return { store, batches };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-commit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function updates(n: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) doc.getMap('m').set(`k${i}`, i);
  return out;
}

describe('GroupCommitter', () => {
  it('commits updates submitted together in one transaction, calling back in submission order', async () => {
    const { store, batches } = openRecording(path.join(dir, 'db'));
    const committer = new GroupCommitter(store);
    const order: string[] = [];
    const all = updates(100);
    all.forEach((u, i) => committer.submit(i % 2 ? 'room/a' : 'room/b', u, (error) => order.push(error === undefined ? `ok${i}` : `fail${i}`)));
    expect(committer.pending).toBe(100);
    await committer.flush();
    expect(order).toEqual(all.map((_, i) => `ok${i}`));
    expect(batches).toEqual([100]);
    const doc = new Y.Doc();
    for (const room of ['room/a', 'room/b']) Y.applyUpdate(doc, (await store.load(room)) as Uint8Array);
    expect(doc.getMap('m').size).toBe(100);
    await store.close();
  });

  it('splits batches at maxBatch and collects updates submitted during a commit into the next one', async () => {
    const { store, batches } = openRecording(path.join(dir, 'db'));
    const committer = new GroupCommitter(store, 30);
    const all = updates(70);
    let late = 0;
    all.slice(0, 50).forEach((u, i) =>
      committer.submit('r/x', u, () => {
        if (i === 0) for (const v of all.slice(50)) committer.submit('r/x', v, () => late++);
      }),
    );
    await committer.flush();
    expect(late).toBe(20);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(70);
    expect(Math.max(...batches)).toBeLessThanOrEqual(30);
    expect(await store.updateCount('r/x')).toBe(70);
    await store.close();
  });

  it('reports a failed commit to every entry of the batch', async () => {
    const store = SqliteUpdateLog.open(path.join(dir, 'db'));
    const committer = new GroupCommitter(store);
    await store.close();
    const errors: unknown[] = [];
    for (const u of updates(3)) committer.submit('r/x', u, (error) => errors.push(error));
    await committer.flush();
    expect(errors).toHaveLength(3);
    for (const error of errors) expect(error).toBeInstanceOf(Error);
  });

  it('throws on a bad batch size', () => {
    const store = SqliteUpdateLog.open(path.join(dir, 'db'));
    expect(() => new GroupCommitter(store, 0)).toThrow(RangeError);
    void store.close();
  });
});
