import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDataDir } from '../src/sqlite/data-dir.js';
import { SqliteUpdateLog } from '../src/sqlite/update-log.js';
import { StorageLoadError } from '../src/update-log.js';
import { textEdits, textOf } from './support/text-edits.js';
import type { LabelSchema } from '@glossa/core';

let dir: string;
let store: SqliteUpdateLog;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'glossa-storage-'));
  store = SqliteUpdateLog.open(path.join(dir, 'test.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteUpdateLog', () => {
  it('keeps the rows appended between reading and committing a compaction', async () => {
    const { updates, text } = textEdits(['a', 'b', 'c', 'd']);
    await store.append('p/d', updates[0]!);
    await store.append('p/d', updates[1]!);
    const plan = store.planCompaction('p/d');
    expect(plan).not.toBeNull();
    const other = SqliteUpdateLog.open(path.join(dir, 'test.db'));
    try {
      await other.append('p/d', updates[2]!);
      await store.append('p/d', updates[3]!);
    } finally {
      await other.close();
    }
    expect(store.commitCompaction(plan!)).toBe(true);
    expect(await store.updateCount('p/d')).toBe(3);
    expect(textOf(await store.load('p/d'))).toBe(text);
  });

  it('writes nothing when the planned rows were compacted or deleted meanwhile', async () => {
    const { updates, text } = textEdits(['a', 'b', 'c']);
    for (const u of updates) await store.append('p/d', u);
    const stale = store.planCompaction('p/d')!;
    await store.compact('p/d');
    expect(store.commitCompaction(stale)).toBe(false);
    expect(await store.updateCount('p/d')).toBe(1);
    expect(textOf(await store.load('p/d'))).toBe(text);

    await store.append('p/d', textEdits(['z']).updates[0]!);
    const beforeDelete = store.planCompaction('p/d')!;
    await store.delete('p/d');
    expect(store.commitCompaction(beforeDelete)).toBe(false);
    expect(await store.load('p/d')).toBeNull();
  });

  describe('corrupt rows', () => {
    async function storeTwoRows(): Promise<void> {
      const { updates } = textEdits(['first ', 'second']);
      for (const u of updates) await store.append('proj/broken-doc', u);
      await store.append('proj/healthy', textEdits(['fine']).updates[0]!);
    }

    const corruptions: { name: string; corrupt: (db: SqliteUpdateLog['db']) => void; detail: RegExp }[] = [
      {
        name: 'a flipped byte (checksum mismatch)',
        corrupt: (db) => {
          const row = db.prepare<[], { id: number; data: Buffer }>("SELECT id, data FROM updates WHERE room = 'proj/broken-doc' ORDER BY id DESC LIMIT 1").get()!;
          const data = Buffer.from(row.data);
          data[data.length - 2] = data[data.length - 2]! ^ 0x5a;
          db.prepare('UPDATE updates SET data = ? WHERE id = ?').run(data, row.id);
        },
        detail: /checksum mismatch/,
      },
      {
        name: 'bytes Yjs rejects (with a matching checksum)',
        corrupt: (db) => {
          const garbage = Buffer.from([0xff, 0xff, 0xff, 0x07]);
          db.prepare("UPDATE updates SET data = ?, crc = ? WHERE room = 'proj/broken-doc' AND id = (SELECT min(id) FROM updates WHERE room = 'proj/broken-doc')").run(garbage, crc32(garbage));
        },
        detail: /not a valid Yjs update/,
      },
      {
        name: 'a truncated update (with a matching checksum)',
        corrupt: (db) => {
          const row = db.prepare<[], { id: number; data: Buffer }>("SELECT id, data FROM updates WHERE room = 'proj/broken-doc' ORDER BY id LIMIT 1").get()!;
          const cut = row.data.subarray(0, row.data.length - 3);
          db.prepare('UPDATE updates SET data = ?, crc = ? WHERE id = ?').run(cut, crc32(cut), row.id);
        },
        detail: /not a valid Yjs update/,
      },
      {
        name: 'a text value where a blob belongs',
        corrupt: (db) => db.prepare("UPDATE updates SET data = 'oops' WHERE room = 'proj/broken-doc'").run(),
        detail: /not a blob/,
      },
    ];

    for (const { name, corrupt, detail } of corruptions) {
      it(`load throws StorageLoadError naming the room for ${name}`, async () => {
        await storeTwoRows();
        corrupt(store.db);
        const error = await store.load('proj/broken-doc').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(StorageLoadError);
        expect((error as StorageLoadError).room).toBe('proj/broken-doc');
        expect((error as StorageLoadError).message).toContain('"proj/broken-doc"');
        expect((error as StorageLoadError).message).toMatch(detail);
        await expect(store.compact('proj/broken-doc')).rejects.toBeInstanceOf(StorageLoadError);
        expect(await store.updateCount('proj/broken-doc')).toBe(2);
        expect(textOf(await store.load('proj/healthy'))).toBe('fine');
      });
    }
  });

  it('refuses an unknown synchronous mode', () => {
    expect(() => SqliteUpdateLog.open(path.join(dir, 'x.db'), { synchronous: 'SOMETIMES' as 'FULL' })).toThrow(RangeError);
  });

  it('runs in WAL mode with synchronous=FULL', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

const schema: LabelSchema = { version: 1, name: 'test', textColor: '#000000', groups: [], labels: [], documentLabels: [] };

describe('openDataDir', () => {
  it('creates the directory and database, and keeps data across reopening', async () => {
    const target = path.join(dir, 'nested', 'data');
    const first = openDataDir(target);
    expect(existsSync(path.join(target, DATABASE_FILE))).toBe(true);
    await first.catalog.createProject({ id: 'p', mode: 'shared', schema });
    await first.updates.append('p/d', textEdits(['kept']).updates[0]!);
    await first.close();
    const second = openDataDir(target);
    try {
      expect(second.location).toBe(path.resolve(target));
      expect((await second.catalog.getProject('p'))?.mode).toBe('shared');
      expect(textOf(await second.updates.load('p/d'))).toBe('kept');
    } finally {
      await second.close();
    }
  });
});
