/**
 * Snapshot compaction and WAL checkpoints in a worker thread, on real
 * SQLite files.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BackgroundCheckpointer, type CheckpointResult } from '../src/sqlite/checkpointer.js';
import { SqliteUpdateLog } from '../src/sqlite/update-log.js';
import { canMountSmallVolume, mountSmallVolume } from './support/small-volume.js';

let dir: string;
const closers: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'glossa-checkpoints-'));
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
});

function openStore(name: string, options: Parameters<typeof SqliteUpdateLog.open>[1] = {}): SqliteUpdateLog {
  const store = SqliteUpdateLog.open(path.join(dir, name), options);
  closers.push(() => store.close());
  return store;
}

/** `count` small map updates of one doc, as a client sends them. */
function mapUpdates(count: number, prefix = 'k'): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`${prefix}${i}`, i);
  return { updates, doc };
}

/** A doc holding 8 KiB of incompressible-looking text, different for each `seed`. */
function bigDoc(seed: number): Y.Doc {
  const doc = new Y.Doc();
  let text = '';
  for (let i = 0; text.length < 8192; i++) text += ((seed * 7919 + i * 104729) % 1_000_003).toString(36);
  doc.getText('t').insert(0, text);
  return doc;
}

function mapOf(state: Uint8Array | null): Record<string, unknown> {
  const doc = new Y.Doc();
  if (state !== null) Y.applyUpdate(doc, state);
  return doc.getMap('m').toJSON();
}

describe('SqliteUpdateLog.replaceWithSnapshot', () => {
  it('replaces the rows with the snapshot when the row count is the expected one', async () => {
    const store = openStore('a.db');
    const { updates, doc } = mapUpdates(10);
    for (const u of updates) await store.append('p/d', u);
    await store.append('p/other', updates[0] as Uint8Array);
    expect(await store.replaceWithSnapshot('p/d', Y.encodeStateAsUpdate(doc), 10)).toBe(true);
    expect(await store.updateCount('p/d')).toBe(1);
    expect(mapOf(await store.load('p/d'))).toEqual(doc.getMap('m').toJSON());
    expect(await store.updateCount('p/other')).toBe(1);
  });

  it('changes nothing when another row was written meanwhile', async () => {
    const store = openStore('b.db');
    const { updates, doc } = mapUpdates(5);
    for (const u of updates) await store.append('p/d', u);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const foreign = mapUpdates(1, 'foreign');
    await store.append('p/d', foreign.updates[0] as Uint8Array);
    expect(await store.replaceWithSnapshot('p/d', snapshot, 5)).toBe(false);
    expect(await store.updateCount('p/d')).toBe(6);
    expect(mapOf(await store.load('p/d'))).toEqual({ ...doc.getMap('m').toJSON(), foreign0: 0 });
  });

  it.each([
    ['', new Uint8Array([0, 0]), 0, TypeError],
    ['p/d', 'state' as unknown as Uint8Array, 0, TypeError],
    ['p/d', new Uint8Array([0, 0]), -1, RangeError],
    ['p/d', new Uint8Array([0, 0]), 1.5, RangeError],
  ] as const)('refuses room %j, snapshot %j, expected rows %j', async (room, snapshot, expected, error) => {
    const store = openStore('c.db');
    await expect(store.replaceWithSnapshot(room, snapshot, expected)).rejects.toBeInstanceOf(error);
  });
});

describe('background checkpoints', () => {
  /** Resolves on the next completed checkpoint. */
  function checkpoints(): { next: () => Promise<CheckpointResult>; onCheckpoint: (r: CheckpointResult) => void } {
    let waiters: ((r: CheckpointResult) => void)[] = [];
    return {
      next: () => new Promise((resolve) => waiters.push(resolve)),
      onCheckpoint: (result) => {
        const ready = waiters;
        waiters = [];
        for (const resolve of ready) resolve(result);
      },
    };
  }

  function walBytes(name: string): number {
    return statSync(path.join(dir, `${name}-wal`)).size;
  }

  it('turns off checkpoints on commit and keeps the log bounded from a worker, losing nothing', async () => {
    const seen = checkpoints();
    const store = openStore('bg.db', { synchronous: 'NORMAL', backgroundCheckpoints: { pagesPerCheckpoint: 40, intervalMs: 5, onCheckpoint: seen.onCheckpoint } });
    const unchecked = openStore('plain.db', { synchronous: 'NORMAL' });
    unchecked.db.pragma('wal_autocheckpoint = 0');
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const { updates, doc } = mapUpdates(600);
    for (let round = 0; round < 600 / 30; round++) {
      for (const u of updates.slice(round * 30, round * 30 + 30)) {
        await store.appendBatch([{ room: 'p/d', update: u }]);
        await unchecked.appendBatch([{ room: 'p/d', update: u }]);
      }
      // A pause in the commits: the worker catches up, and the next commit reuses the log from its start.
      while (store.checkpointer?.isCaughtUp === false) await seen.next();
    }
    expect(walBytes('bg.db')).toBeLessThan(walBytes('plain.db') / 4);
    expect(mapOf(await store.load('p/d'))).toEqual(doc.getMap('m').toJSON());
    expect(store.checkpointer?.hasFailed).toBe(false);
  });

  it('finishes on the writing connection a checkpoint the worker cannot, once the log passes its limit', async () => {
    const results: CheckpointResult[] = [];
    let notify: () => void = () => undefined;
    const store = openStore('limit.db', {
      synchronous: 'NORMAL',
      backgroundCheckpoints: {
        pagesPerCheckpoint: 5,
        intervalMs: 0,
        maxLogPages: 20,
        onCheckpoint: (r) => {
          results.push(r);
          notify();
        },
      },
    });
    await store.checkpointer?.ready;
    // A reader that keeps an old snapshot: no checkpoint can copy the frames written after it began.
    const reader = new Database(path.join(dir, 'limit.db'));
    closers.push(() => void reader.close());
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) AS n FROM updates').get();
    const { updates } = mapUpdates(40);
    for (const u of updates) await store.appendBatch([{ room: 'p/d', update: u }]);
    while (!results.some((r) => r.by === 'writer')) {
      const next = new Promise<void>((resolve) => (notify = resolve));
      store.checkpointer?.request();
      await next;
    }
    const worker = results.find((r) => r.by === 'worker');
    expect(worker !== undefined && worker.checkpointedPages < worker.logPages).toBe(true);
    expect(results.find((r) => r.by === 'writer')?.logPages).toBeGreaterThan(20);
    // Once the reader is done, checkpoints catch up again.
    reader.exec('COMMIT');
    while (store.checkpointer?.isCaughtUp === false) {
      const next = new Promise<void>((resolve) => (notify = resolve));
      store.checkpointer.request();
      await next;
    }
    expect(store.checkpointer?.hasFailed).toBe(false);
  });

  it('checkpoints on its interval when anything was written', async () => {
    const seen = checkpoints();
    const store = openStore('interval.db', { backgroundCheckpoints: { intervalMs: 20, onCheckpoint: seen.onCheckpoint } });
    const next = seen.next();
    await store.append('p/d', mapUpdates(1).updates[0] as Uint8Array);
    expect((await next).logPages).toBeGreaterThan(0);
  });

  it('gives checkpoints back to the writing connection when the worker fails', async () => {
    const db = new Database(path.join(dir, 'x.db'));
    closers.push(() => void db.close());
    db.pragma('journal_mode = WAL');
    let reported: Error | undefined;
    // The worker cannot open a database that does not exist.
    const checkpointer = new BackgroundCheckpointer(db, path.join(dir, 'missing', 'x.db'), { onError: (error) => (reported = error) });
    closers.push(() => checkpointer.close());
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await checkpointer.ready;
    expect(checkpointer.hasFailed).toBe(true);
    expect(reported?.message).toMatch(/unable to open database file|directory does not exist|exited/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it.skipIf(!canMountSmallVolume)('retries a checkpoint that failed on a full disk, and catches up once space is back', async () => {
    const volume = mountSmallVolume(4);
    if (volume === undefined) throw new Error('the small volume could not be mounted');
    closers.push(() => volume.remove());
    const seen = checkpoints();
    const errors: Error[] = [];
    let onFailure: () => void = () => undefined;
    const failure = new Promise<void>((resolve) => (onFailure = resolve));
    const store = SqliteUpdateLog.open(path.join(volume.dir, 'full.db'), {
      backgroundCheckpoints: {
        intervalMs: 0,
        pagesPerCheckpoint: 1_000_000,
        onCheckpoint: seen.onCheckpoint,
        onError: (error) => {
          errors.push(error);
          onFailure();
        },
      },
    });
    closers.push(() => store.close());
    const checkpointer = store.checkpointer as BackgroundCheckpointer;
    await checkpointer.ready;
    // Half a megabyte in the log, not yet in the database file.
    const { updates } = mapUpdates(1);
    for (let i = 0; i < 64; i++) await store.append(`p/d${i}`, Y.encodeStateAsUpdate(bigDoc(i)));
    expect(volume.fill()).toBeGreaterThan(0);
    checkpointer.request();
    await failure;
    expect(errors[0]?.message).toMatch(/background checkpoint failed \(retried at the next interval\): .*(full|disk)/i);
    expect(checkpointer.hasFailed).toBe(false);
    expect(checkpointer.failedAttempts).toBe(1);
    volume.free();
    // The next commit asks for the checkpoint again, which now copies the whole log.
    const next = seen.next();
    await store.append('p/after', updates[0] as Uint8Array);
    const result = await next;
    expect(result.checkpointedPages).toBe(result.logPages);
    expect(checkpointer.failedAttempts).toBe(0);
  });

  it('refuses bad options', () => {
    const db = new Database(':memory:');
    closers.push(() => void db.close());
    expect(() => new BackgroundCheckpointer(db, 'x.db', { pagesPerCheckpoint: 0 })).toThrow(RangeError);
    expect(() => new BackgroundCheckpointer(db, 'x.db', { intervalMs: -1 })).toThrow(RangeError);
    expect(() => new BackgroundCheckpointer(db, 'x.db', { maxLogPages: 0 })).toThrow(RangeError);
  });

  it('keeps an otherwise idle process alive until the worker has stopped', async () => {
    const repo = fileURLToPath(new URL('../../..', import.meta.url));
    const script = path.join(dir, 'close-child.mjs');
    writeFileSync(
      script,
      `import { SqliteUpdateLog } from ${JSON.stringify(pathToFileURL(fileURLToPath(new URL('../src/sqlite/update-log.ts', import.meta.url))).href)};
const store = SqliteUpdateLog.open(process.argv[2], { backgroundCheckpoints: true });
await store.close();
process.stdout.write('closed');
`,
    );
    // Nothing else holds the event loop: a close that does not wait would end the process with exit code 13.
    for (let run = 0; run < 3; run++) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=source', '--import', 'tsx', script, path.join(dir, `idle-${run}.db`)], { cwd: repo });
      expect(stdout).toBe('closed');
    }
  });

  it('is not started for an in-memory database', () => {
    const store = SqliteUpdateLog.open(':memory:', { backgroundCheckpoints: true });
    closers.push(() => store.close());
    expect(store.checkpointer).toBeNull();
  });
});
