import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  Catalog,
  CatalogConflictError,
  DATABASE_FILE,
  SqliteStore,
  StorageLoadError,
  UnknownProjectError,
  openDataDir,
} from '../src/storage/index.js';
import type { LabelSchema } from '@glossa/core';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'glossa-storage-'));
  store = SqliteStore.open(path.join(dir, 'test.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A doc whose text grows by one word per update, and the updates it emitted. */
function textEdits(words: readonly string[]): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word);
  return { updates, text: doc.getText('t').toString() };
}

function textOf(state: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc.getText('t').toString();
}

describe('SqliteStore', () => {
  it('loads null for a room that was never stored', async () => {
    expect(await store.load('p/unknown')).toBeNull();
    expect(await store.updateCount('p/unknown')).toBe(0);
  });

  it('merges the appended updates of a room on load', async () => {
    const { updates, text } = textEdits(['alpha ', 'beta ', 'gamma']);
    for (const u of updates) await store.append('p/d', u);
    expect(await store.updateCount('p/d')).toBe(3);
    expect(textOf(await store.load('p/d'))).toBe(text);
  });

  it('keeps rooms apart', async () => {
    const a = textEdits(['in a']);
    const b = textEdits(['in b']);
    await store.append('p/a', a.updates[0]!);
    await store.append('p/b', b.updates[0]!);
    expect(textOf(await store.load('p/a'))).toBe('in a');
    expect(textOf(await store.load('p/b'))).toBe('in b');
  });

  it('appends a batch of several rooms in one call', async () => {
    const a = textEdits(['one ', 'two']);
    const b = textEdits(['three']);
    await store.appendBatch([
      { room: 'p/a', update: a.updates[0]! },
      { room: 'p/b', update: b.updates[0]! },
      { room: 'p/a', update: a.updates[1]! },
    ]);
    expect(textOf(await store.load('p/a'))).toBe('one two');
    expect(textOf(await store.load('p/b'))).toBe('three');
    await store.appendBatch([]);
    expect(await store.listRooms()).toEqual(['p/a', 'p/b']);
  });

  it('writes nothing of a batch that holds a bad entry', async () => {
    const a = textEdits(['one']);
    const bad = [{ room: 'p/a', update: a.updates[0]! }, { room: '', update: a.updates[0]! }];
    await expect(store.appendBatch(bad)).rejects.toThrow(TypeError);
    expect(await store.load('p/a')).toBeNull();
  });

  it('lists rooms by prefix', async () => {
    const u = textEdits(['x']).updates[0]!;
    const rooms = ['p/d', 'p/d/layers/alice', 'p/d/layers/shared', 'p/d2', 'p/d2/layers/bob', 'q/d', 'p/dé'];
    for (const room of rooms) await store.append(room, u);
    expect(await store.listRooms()).toEqual([...rooms].sort());
    expect(await store.listRooms('p/d/')).toEqual(['p/d/layers/alice', 'p/d/layers/shared']);
    expect(await store.listRooms('p/d2')).toEqual(['p/d2', 'p/d2/layers/bob']);
    expect(await store.listRooms('q/')).toEqual(['q/d']);
    expect(await store.listRooms('r/')).toEqual([]);
  });

  it('deletes a room and only that room', async () => {
    const u = textEdits(['x']).updates[0]!;
    await store.append('p/a', u);
    await store.append('p/a', u);
    await store.append('p/b', u);
    await store.delete('p/a');
    await store.delete('p/never');
    expect(await store.load('p/a')).toBeNull();
    expect(await store.listRooms()).toEqual(['p/b']);
  });

  it('compacts a room into one row holding the same state', async () => {
    const { updates, text } = textEdits(['a', 'b', 'c', 'd', 'e']);
    for (const u of updates) await store.append('p/d', u);
    await store.compact('p/d');
    expect(await store.updateCount('p/d')).toBe(1);
    expect(textOf(await store.load('p/d'))).toBe(text);
    await store.compact('p/d');
    expect(await store.updateCount('p/d')).toBe(1);
    await store.compact('p/never');
    expect(await store.load('p/never')).toBeNull();
  });

  it('keeps the rows appended between reading and committing a compaction', async () => {
    const { updates, text } = textEdits(['a', 'b', 'c', 'd']);
    await store.append('p/d', updates[0]!);
    await store.append('p/d', updates[1]!);
    const plan = store.planCompaction('p/d');
    expect(plan).not.toBeNull();
    const other = SqliteStore.open(path.join(dir, 'test.db'));
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

  it('survives closing and reopening the file', async () => {
    const { updates, text } = textEdits(['durable']);
    await store.append('p/d', updates[0]!);
    await store.close();
    store = SqliteStore.open(path.join(dir, 'test.db'));
    expect(textOf(await store.load('p/d'))).toBe(text);
  });

  describe('corrupt rows', () => {
    async function storeTwoRows(): Promise<void> {
      const { updates } = textEdits(['first ', 'second']);
      for (const u of updates) await store.append('proj/broken-doc', u);
      await store.append('proj/healthy', textEdits(['fine']).updates[0]!);
    }

    const corruptions: { name: string; corrupt: (db: SqliteStore['db']) => void; detail: RegExp }[] = [
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

    it('load throws StorageLoadError when the database fails', async () => {
      await storeTwoRows();
      store.db.exec('DROP TABLE updates');
      await expect(store.load('proj/healthy')).rejects.toThrow(/cannot load room "proj\/healthy"/);
    });
  });

  it('rejects misuse with TypeErrors', async () => {
    await expect(store.load('')).rejects.toThrow(TypeError);
    await expect(store.append('p/d', 'text' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(store.listRooms(3 as unknown as string)).rejects.toThrow(TypeError);
    expect(() => SqliteStore.open(path.join(dir, 'x.db'), { synchronous: 'SOMETIMES' as 'FULL' })).toThrow(RangeError);
  });

  it('rejects calls after close', async () => {
    await store.close();
    await expect(store.append('p/d', new Uint8Array([0, 0]))).rejects.toThrow();
    await store.close();
  });

  it('runs in WAL mode with synchronous=FULL', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

const schema: LabelSchema = { version: 1, name: 'test', textColor: '#000000', groups: [], labels: [], documentLabels: [] };

describe('Catalog', () => {
  it('creates, reads and lists projects', () => {
    const catalog = new Catalog(store.db);
    const made = catalog.createProject({ id: 'policy', mode: 'independent', schema, baseUrl: 'https://example.org/p/', created: 5 });
    catalog.createProject({ id: 'alpha', mode: 'shared', schema });
    expect(catalog.getProject('policy')).toEqual(made);
    expect(catalog.getProject('policy')).toEqual({ id: 'policy', mode: 'independent', schema, baseUrl: 'https://example.org/p/', created: 5 });
    expect(catalog.listProjects().map((p) => p.id)).toEqual(['alpha', 'policy']);
    expect(catalog.getProject('nope')).toBeUndefined();
    expect(() => catalog.createProject({ id: 'policy', mode: 'shared', schema })).toThrow(CatalogConflictError);
  });

  it('adds, replaces, lists and removes documents', () => {
    const catalog = new Catalog(store.db);
    catalog.createProject({ id: 'p', mode: 'shared', schema });
    catalog.addDocument({ project: 'p', id: 'b', meta: { source: 'b.txt' }, created: 1 });
    catalog.addDocument({ project: 'p', id: 'a', title: 'A' });
    expect(catalog.getDocument('p', 'b')).toEqual({ project: 'p', id: 'b', meta: { source: 'b.txt' }, created: 1 });
    expect(catalog.listDocuments('p').map((d) => d.id)).toEqual(['a', 'b']);
    expect(() => catalog.addDocument({ project: 'p', id: 'a' })).toThrow(CatalogConflictError);
    catalog.addDocument({ project: 'p', id: 'a', title: 'A2' }, { replace: true });
    expect(catalog.getDocument('p', 'a')?.title).toBe('A2');
    expect(() => catalog.addDocument({ project: 'q', id: 'a' })).toThrow(UnknownProjectError);
    expect(catalog.removeDocument('p', 'a')).toBe(true);
    expect(catalog.removeDocument('p', 'a')).toBe(false);
    expect(catalog.listDocuments('p').map((d) => d.id)).toEqual(['b']);
    expect(catalog.removeProject('p')).toBe(true);
    expect(catalog.listDocuments('p')).toEqual([]);
  });

  const badIds: [string, unknown, ErrorConstructor][] = [
    ['empty', '', RangeError],
    ['with a slash', 'a/b', RangeError],
    ['dot-dot', '..', RangeError],
    ['with a newline', 'a\nb', RangeError],
    ['too long', 'x'.repeat(129), RangeError],
    ['starting with a dot', '.hidden', RangeError],
    ['not a string', 42, TypeError],
  ];
  for (const [what, id, type] of badIds) {
    it(`refuses a project or document id that is ${what}`, () => {
      const catalog = new Catalog(store.db);
      expect(() => catalog.createProject({ id: id as string, mode: 'shared', schema })).toThrow(type);
      catalog.createProject({ id: 'ok', mode: 'shared', schema });
      expect(() => catalog.addDocument({ project: 'ok', id: id as string })).toThrow(type);
      expect(catalog.listDocuments('ok')).toEqual([]);
    });
  }

  it('refuses an unknown mode', () => {
    const catalog = new Catalog(store.db);
    expect(() => catalog.createProject({ id: 'p', mode: 'solo' as 'shared', schema })).toThrow(/shared, independent/);
  });
});

describe('openDataDir', () => {
  it('creates the directory and database, and keeps data across reopening', async () => {
    const target = path.join(dir, 'nested', 'data');
    const first = openDataDir(target);
    expect(existsSync(path.join(target, DATABASE_FILE))).toBe(true);
    first.catalog.createProject({ id: 'p', mode: 'shared', schema });
    await first.store.append('p/d', textEdits(['kept']).updates[0]!);
    await first.close();
    const second = openDataDir(target);
    try {
      expect(second.dir).toBe(path.resolve(target));
      expect(second.catalog.getProject('p')?.mode).toBe('shared');
      expect(textOf(await second.store.load('p/d'))).toBe('kept');
    } finally {
      await second.close();
    }
  });
});
