import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CatalogConflictError, MAX_GUIDELINES_LENGTH, UnknownProjectError } from '../src/catalog.js';
import { SqliteCatalog } from '../src/sqlite/catalog.js';
import { DATABASE_FILE, openDataDir } from '../src/sqlite/data-dir.js';
import { SqliteUpdateLog } from '../src/sqlite/update-log.js';
import { StorageLoadError } from '../src/update-log.js';
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

describe('SqliteUpdateLog', () => {
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

  it('survives closing and reopening the file', async () => {
    const { updates, text } = textEdits(['durable']);
    await store.append('p/d', updates[0]!);
    await store.close();
    store = SqliteUpdateLog.open(path.join(dir, 'test.db'));
    expect(textOf(await store.load('p/d'))).toBe(text);
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
    expect(() => SqliteUpdateLog.open(path.join(dir, 'x.db'), { synchronous: 'SOMETIMES' as 'FULL' })).toThrow(RangeError);
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
  it('creates, reads and lists projects', async () => {
    const catalog = new SqliteCatalog(store);
    const made = await catalog.createProject({ id: 'policy', mode: 'independent', schema, baseUrl: 'https://example.org/p/', created: 5 });
    await catalog.createProject({ id: 'alpha', mode: 'shared', schema });
    expect(await catalog.getProject('policy')).toEqual(made);
    expect(await catalog.getProject('policy')).toEqual({ id: 'policy', mode: 'independent', schema, baseUrl: 'https://example.org/p/', created: 5 });
    expect((await catalog.listProjects()).map((p) => p.id)).toEqual(['alpha', 'policy']);
    expect(await catalog.getProject('nope')).toBeUndefined();
    await expect(catalog.createProject({ id: 'policy', mode: 'shared', schema })).rejects.toThrow(CatalogConflictError);
  });

  it('adds, replaces, lists and removes documents', async () => {
    const catalog = new SqliteCatalog(store);
    await catalog.createProject({ id: 'p', mode: 'shared', schema });
    await catalog.addDocument({ project: 'p', id: 'b', meta: { source: 'b.txt' }, created: 1 });
    await catalog.addDocument({ project: 'p', id: 'a', title: 'A' });
    expect(await catalog.getDocument('p', 'b')).toEqual({ project: 'p', id: 'b', meta: { source: 'b.txt' }, created: 1 });
    expect((await catalog.listDocuments('p')).map((d) => d.id)).toEqual(['a', 'b']);
    await expect(catalog.addDocument({ project: 'p', id: 'a' })).rejects.toThrow(CatalogConflictError);
    await catalog.addDocument({ project: 'p', id: 'a', title: 'A2' }, { replace: true });
    expect((await catalog.getDocument('p', 'a'))?.title).toBe('A2');
    await expect(catalog.addDocument({ project: 'q', id: 'a' })).rejects.toThrow(UnknownProjectError);
    expect(await catalog.removeDocument('p', 'a')).toBe(true);
    expect(await catalog.removeDocument('p', 'a')).toBe(false);
    expect((await catalog.listDocuments('p')).map((d) => d.id)).toEqual(['b']);
    expect(await catalog.removeProject('p')).toBe(true);
    expect(await catalog.listDocuments('p')).toEqual([]);
  });

  it('saves, replaces and removes a project’s guidelines, refusing an unknown project and text over the limit', async () => {
    const catalog = new SqliteCatalog(store);
    await catalog.createProject({ id: 'p', mode: 'shared', schema });
    expect(await catalog.getGuidelines('p')).toBeUndefined();
    const first = await catalog.setGuidelines('p', '# Rules\n\nMark *whole* words.', 'cleo');
    expect(await catalog.getGuidelines('p')).toEqual(first);
    expect(first).toMatchObject({ markdown: '# Rules\n\nMark *whole* words.', updatedBy: 'cleo' });
    await catalog.setGuidelines('p', 'Shorter.', 'root');
    expect(await catalog.getGuidelines('p')).toMatchObject({ markdown: 'Shorter.', updatedBy: 'root' });
    await expect(catalog.setGuidelines('q', 'x', 'root')).rejects.toThrow(UnknownProjectError);
    await expect(catalog.setGuidelines('p', 'x'.repeat(MAX_GUIDELINES_LENGTH + 1), 'root')).rejects.toThrow(/over the limit of 200000/);
    expect((await catalog.getGuidelines('p'))?.markdown).toBe('Shorter.');
    await catalog.removeProject('p');
    await catalog.createProject({ id: 'p', mode: 'shared', schema });
    expect(await catalog.getGuidelines('p')).toBeUndefined();
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
    it(`refuses a project or document id that is ${what}`, async () => {
      const catalog = new SqliteCatalog(store);
      await expect(catalog.createProject({ id: id as string, mode: 'shared', schema })).rejects.toThrow(type);
      await catalog.createProject({ id: 'ok', mode: 'shared', schema });
      await expect(catalog.addDocument({ project: 'ok', id: id as string })).rejects.toThrow(type);
      expect(await catalog.listDocuments('ok')).toEqual([]);
    });
  }

  it('refuses an unknown mode', async () => {
    const catalog = new SqliteCatalog(store);
    await expect(catalog.createProject({ id: 'p', mode: 'solo' as 'shared', schema })).rejects.toThrow(/shared, independent/);
  });
});

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

describe('reading what other writers committed', () => {
  it('reads the rows of a room after an id, in id order, and the snapshot of a compaction that merged unread rows', async () => {
    const { updates, text } = textEdits(['a', 'b', 'c', 'd']);
    const other = SqliteUpdateLog.open(path.join(dir, 'test.db'));
    try {
      await other.append('p/d', updates[0]!);
      await other.append('p/d', updates[1]!);
      await store.append('p/other', updates[0]!);
      const first = await store.readAfter('p/d', 0);
      expect(first.map((row) => [...row.update])).toEqual([[...updates[0]!], [...updates[1]!]]);
      expect(first[0]!.id).toBeLessThan(first[1]!.id);
      const lastSeen = first[1]!.id;
      expect(await store.readAfter('p/d', lastSeen)).toEqual([]);

      await other.append('p/d', updates[2]!);
      await other.compact('p/d');
      await other.append('p/d', updates[3]!);
      const next = await store.readAfter('p/d', lastSeen);
      expect(next).toHaveLength(2);
      expect(next.every((row) => row.id > lastSeen)).toBe(true);
      // The reader that saw rows 0 and 1 catches up from what it missed: the snapshot, then the last row.
      const reader = new Y.Doc();
      for (const row of [...first, ...next]) Y.applyUpdate(reader, row.update);
      expect(reader.getText('t').toString()).toBe(text);
    } finally {
      await other.close();
    }
  });

  it('refuses a corrupt row and a bad id', async () => {
    await store.append('p/d', textEdits(['x']).updates[0]!);
    store.db.prepare('UPDATE updates SET crc = crc + 1').run();
    await expect(store.readAfter('p/d', 0)).rejects.toThrow(/cannot load room "p\/d": row \d+: checksum mismatch/);
    await expect(store.readAfter('p/d', -1)).rejects.toThrow(RangeError);
  });

  it('tells of each commit of appended updates, with its rooms, once it is committed', async () => {
    const { updates } = textEdits(['a', 'b']);
    const seen: { rooms: string[]; rows: number }[] = [];
    const stop = store.onCommit((rooms) => seen.push({ rooms: [...rooms].sort(), rows: store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM updates').get()!.n }));
    await store.append('p/a', updates[0]!);
    await store.appendBatch([
      { room: 'p/b', update: updates[0]! },
      { room: 'p/a', update: updates[1]! },
    ]);
    await store.appendBatch([]);
    await store.compact('p/a');
    stop();
    await store.append('p/c', updates[0]!);
    expect(seen).toEqual([
      { rooms: ['p/a'], rows: 1 },
      { rooms: ['p/a', 'p/b'], rows: 3 },
    ]);
  });
});

describe('writing documents with their rooms', () => {
  const room = (doc: string, layer?: string): string => (layer === undefined ? `p/${doc}` : `p/${doc}/layers/${layer}`);
  const update = (word: string): Uint8Array => textEdits([word]).updates[0]!;

  it('creates the project and writes every document and room in one transaction', async () => {
    const catalog = new SqliteCatalog(store);
    const written = await catalog.writeDocuments({
      project: 'p',
      create: { id: 'p', mode: 'shared', schema, created: 3 },
      replace: false,
      documents: [
        { document: { project: 'p', id: 'a', meta: { source: 'a.txt' }, created: 3 }, rooms: [{ room: room('a'), update: update('A') }, { room: room('a', 'x'), update: update('ax') }] },
        { document: { project: 'p', id: 'b', created: 3 }, rooms: [{ room: room('b'), update: update('B') }] },
      ],
    });
    expect(written).toEqual({ replaced: [] });
    expect(await catalog.getProject('p')).toEqual({ id: 'p', mode: 'shared', schema, created: 3 });
    expect((await catalog.listDocuments('p')).map((d) => d.id)).toEqual(['a', 'b']);
    expect(await store.listRooms('p/')).toEqual(['p/a', 'p/a/layers/x', 'p/b']);
  });

  it('replaces a document, dropping its old rooms, only when asked', async () => {
    const catalog = new SqliteCatalog(store);
    await catalog.writeDocuments({ project: 'p', create: { id: 'p', mode: 'shared', schema }, replace: false, documents: [{ document: { project: 'p', id: 'a' }, rooms: [{ room: room('a'), update: update('old') }, { room: room('a', 'x'), update: update('x') }] }] });
    const before = await store.roomVersions('p/');
    const again = { project: 'p', documents: [{ document: { project: 'p', id: 'a', title: 'new' }, rooms: [{ room: room('a'), update: update('new') }] }] };
    await expect(catalog.writeDocuments({ ...again, replace: false })).rejects.toThrow(CatalogConflictError);
    expect(await store.roomVersions('p/')).toEqual(before);
    expect(await catalog.writeDocuments({ ...again, replace: true })).toEqual({ replaced: ['a'] });
    expect(await store.listRooms('p/')).toEqual(['p/a']);
    expect(textOf(await store.load('p/a'))).toBe('new');
    expect((await catalog.getDocument('p', 'a'))?.title).toBe('new');
  });

  it.each([
    ['a project to create that exists', { create: { id: 'p', mode: 'shared' as const, schema } }, CatalogConflictError],
    ['a project that does not exist', { project: 'q', documents: [{ document: { project: 'q', id: 'z' }, rooms: [{ room: 'q/z', update: update('z') }] }] }, UnknownProjectError],
    ['a document of another project', { documents: [{ document: { project: 'q', id: 'z' }, rooms: [] }] }, RangeError],
    ['a bad document id', { documents: [{ document: { project: 'p', id: 'a b' }, rooms: [{ room: 'p/z', update: update('z') }] }] }, RangeError],
  ])('writes nothing for %s', async (_what, change, error) => {
    const catalog = new SqliteCatalog(store);
    await catalog.createProject({ id: 'p', mode: 'shared', schema });
    const rowsBefore = store.db.prepare('SELECT * FROM updates').all();
    const write = { project: 'p', replace: false, documents: [{ document: { project: 'p', id: 'a' }, rooms: [{ room: room('a'), update: update('a') }] }], ...change };
    await expect(catalog.writeDocuments(write)).rejects.toThrow(error);
    expect(store.db.prepare('SELECT * FROM updates').all()).toEqual(rowsBefore);
    expect(await catalog.listDocuments('p')).toEqual([]);
  });

  it('reads a project version that every write to the project changes', async () => {
    const catalog = new SqliteCatalog(store);
    expect(await catalog.projectVersion('p')).toBeUndefined();
    await catalog.writeDocuments({ project: 'p', create: { id: 'p', mode: 'shared', schema }, replace: false, documents: [{ document: { project: 'p', id: 'a' }, rooms: [{ room: room('a'), update: update('a') }] }] });
    await store.append('q/a', update('elsewhere'));
    const first = await catalog.projectVersion('p');
    expect(first?.documents).toEqual(['a']);
    expect(first?.rooms.map((r) => r.room)).toEqual(['p/a']);
    await store.append('p/a', update('more'));
    const second = await catalog.projectVersion('p');
    expect(second).not.toEqual(first);
    await catalog.removeDocument('p', 'a');
    expect((await catalog.projectVersion('p'))?.documents).toEqual([]);
  });
});
