import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { LabelSchema } from '@glossa/core';
import { ANNOTATIONS_MAP, contentRoom, editContentText, layerRoom } from '@glossa/collab';
import { DEFAULT_SUMMARY_CACHE_ROOMS, DocumentSummaryCache } from '../src/document-summaries.js';
import { describeDocuments } from '../src/listings.js';
import { importDocuments, type ImportSource } from '../src/project-import.js';
import type { SqliteDataDir } from '../src/sqlite/data-dir.js';
import { SqliteUpdateLog } from '../src/sqlite/update-log.js';
import { appendChange as appendChangeIn, corruptInPlace as corruptInPlaceIn } from '../src/testing.js';
import { StorageLoadError, type RoomVersion } from '../src/update-log.js';
import { dataDirPerTest } from './support/data-dir.js';

let data: SqliteDataDir;
dataDirPerTest('glossa-document-summaries-', (opened) => (data = opened));

const schema: LabelSchema = {
  version: 1,
  name: 'summary test schema',
  textColor: '#000000',
  groups: [],
  labels: [{ id: 'hate', name: 'Hate', description: 'Hateful text.', color: '#ff8888' }],
  documentLabels: [],
};

function txt(name: string, content: string): ImportSource {
  return { name, format: 'txt', content };
}

/** A JSONL source of one document with `spans` one-character spans in `layer`. */
function annotated(id: string, text: string, layer: string, spans: number): ImportSource {
  const list = Array.from({ length: spans }, (_, i) => ({ start: i, end: i + 1, label: 'hate', annotator: layer }));
  return { name: `${id}.jsonl`, format: 'jsonl', content: `${JSON.stringify({ id, text, spans: list })}\n` };
}

async function imported(sources: ImportSource[], project = 'p', replace = false): Promise<void> {
  const result = await importDocuments(data, sources, { project, schema, replace });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
}

const appendChange = (room: string, change: (doc: Y.Doc) => void): Promise<void> => appendChangeIn(data, room, change);
const corruptInPlace = (room: string): void => corruptInPlaceIn(data, room);

function insertText(room: string, text: string): Promise<void> {
  return appendChange(room, (doc) => editContentText(doc, 0, 0, text));
}

function addAnnotation(room: string, id: string): Promise<void> {
  return appendChange(room, (doc) => doc.getMap(ANNOTATIONS_MAP).set(id, { label: 'hate' }));
}

function removeAnnotation(room: string, id: string): Promise<void> {
  return appendChange(room, (doc) => doc.getMap(ANNOTATIONS_MAP).delete(id));
}

/** What a listing came to: its result, or the error it rejected with. */
async function listing(project: string, summaries?: DocumentSummaryCache): Promise<unknown> {
  try {
    return await describeDocuments(data, project, summaries === undefined ? {} : { summaries });
  } catch (error) {
    return { rejected: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The cache's hit and miss counts. */
function counts(summaries: DocumentSummaryCache): { hits: number; misses: number } {
  return { hits: summaries.hits, misses: summaries.misses };
}

const doc1 = contentRoom('p', 'd1');
const layerA = layerRoom('p', 'd1', 'ann');

describe('room versions', () => {
  it('reads an unknown room as no rows', async () => {
    expect(await data.updates.roomVersion('p/none')).toEqual({ rows: 0, maxId: 0 });
  });

  it('rejects a room that is not a non-empty string', async () => {
    await expect(data.updates.roomVersion('')).rejects.toThrow(TypeError);
  });

  // Each change is applied to a room holding one row, then one more appended row (two rows).
  const changes: { name: string; apply: () => Promise<void>; rowsAfter: number }[] = [
    { name: 'an append', apply: async () => await insertText(doc1, 'x'), rowsAfter: 3 },
    { name: 'a compaction', apply: () => data.updates.compact(doc1), rowsAfter: 1 },
    {
      name: 'a compaction into one row while one more row is appended (same count)',
      apply: async () => {
        const plan = data.updates.planCompaction(doc1);
        if (plan === null) throw new Error('nothing to compact');
        await insertText(doc1, 'y');
        expect(data.updates.commitCompaction(plan)).toBe(true);
      },
      rowsAfter: 2,
    },
    {
      name: 'a snapshot replacing the rows',
      apply: async () => {
        expect(await data.updates.replaceWithSnapshot(doc1, await data.updates.load(doc1) as Uint8Array, 2)).toBe(true);
      },
      rowsAfter: 1,
    },
    { name: 'a delete', apply: () => data.updates.delete(doc1), rowsAfter: 0 },
    {
      name: 'a delete and a new room of the same name with as many rows',
      apply: async () => {
        await data.updates.delete(doc1);
        await insertText(doc1, 'new');
        await insertText(doc1, 'er');
      },
      rowsAfter: 2,
    },
  ];

  it.each(changes)('changes with $name', async ({ apply, rowsAfter }) => {
    await imported([txt('d1.txt', 'first')]);
    await insertText(doc1, 'a');
    const before: RoomVersion = await data.updates.roomVersion(doc1);
    expect(before.rows).toBe(2);
    await apply();
    const after = await data.updates.roomVersion(doc1);
    expect(after.rows).toBe(rowsAfter);
    expect(after).not.toEqual(before);
  });

  it('changes with a snapshot that keeps the count at one row', async () => {
    await imported([txt('d1.txt', 'first')]);
    const before = await data.updates.roomVersion(doc1);
    expect(await data.updates.replaceWithSnapshot(doc1, await data.updates.load(doc1) as Uint8Array, 1)).toBe(true);
    const after = await data.updates.roomVersion(doc1);
    expect(after.rows).toBe(before.rows);
    expect(after.maxId).toBeGreaterThan(before.maxId);
  });

  it('never comes back to an earlier version through a sequence of changes', async () => {
    await imported([txt('d1.txt', 'first')]);
    const seen = [await data.updates.roomVersion(doc1)];
    const steps: (() => Promise<void>)[] = [
      async () => await insertText(doc1, 'a'),
      async () => await insertText(doc1, 'b'),
      () => data.updates.compact(doc1),
      async () => await insertText(doc1, 'c'),
      () => data.updates.compact(doc1),
      () => data.updates.delete(doc1),
      async () => await insertText(doc1, 'd'),
    ];
    for (const step of steps) {
      await step();
      seen.push(await data.updates.roomVersion(doc1));
    }
    expect(new Set(seen.map((v) => `${v.rows}:${v.maxId}`)).size).toBe(seen.length);
  });
});

describe('DocumentSummaryCache', () => {
  async function seeded(): Promise<void> {
    await imported([annotated('d1', 'first text', 'ann', 2), txt('d2.txt', 'second')]);
  }

  it('answers unchanged rooms from the cache without loading them, and reloads a room once it changes', async () => {
    await seeded();
    const summaries = new DocumentSummaryCache(data.updates);
    const first = await listing('p', summaries);
    expect(first).toEqual(await listing('p'));
    expect(first).toEqual({
      ok: true,
      value: [
        { id: 'd1', characters: 10, layers: [{ layer: 'ann', spans: 2 }] },
        { id: 'd2', characters: 6, layers: [] },
      ],
    });
    expect(counts(summaries)).toEqual({ hits: 0, misses: 3 });
    expect(await listing('p', summaries)).toEqual(first);
    expect(counts(summaries)).toEqual({ hits: 3, misses: 3 });

    // The stored bytes go bad without a new row: a load fails, the cache still answers.
    corruptInPlace(doc1);
    await expect(describeDocuments(data, 'p')).rejects.toThrow(/cannot load room "p\/d1": row \d+: checksum mismatch/);
    expect(await listing('p', summaries)).toEqual(first);
    expect(counts(summaries)).toEqual({ hits: 6, misses: 3 });

    // A new row changes the version: the room is loaded again and the corruption surfaces.
    await insertText(doc1, 'more ');
    await expect(describeDocuments(data, 'p', { summaries })).rejects.toThrow(StorageLoadError);
    await expect(describeDocuments(data, 'p', { summaries })).rejects.toThrow(/cannot load room "p\/d1": row \d+: checksum mismatch/);
  });

  const changes: { name: string; change: () => Promise<void>; expected: unknown }[] = [
    {
      name: 'text appended to the content room',
      change: async () => await insertText(doc1, 'more '),
      expected: [{ id: 'd1', characters: 15, layers: [{ layer: 'ann', spans: 2 }] }, { id: 'd2', characters: 6, layers: [] }],
    },
    {
      name: 'an annotation appended to the layer room',
      change: async () => await addAnnotation(layerA, 'extra'),
      expected: [{ id: 'd1', characters: 10, layers: [{ layer: 'ann', spans: 3 }] }, { id: 'd2', characters: 6, layers: [] }],
    },
    {
      name: 'a compaction of a room holding one row (the count stays 1)',
      change: async () => {
        expect(await data.updates.replaceWithSnapshot(layerA, await data.updates.load(layerA) as Uint8Array, 1)).toBe(true);
      },
      expected: [{ id: 'd1', characters: 10, layers: [{ layer: 'ann', spans: 2 }] }, { id: 'd2', characters: 6, layers: [] }],
    },
  ];

  it.each(changes)('reloads exactly the room changed by $name', async ({ change, expected }) => {
    await seeded();
    const summaries = new DocumentSummaryCache(data.updates);
    await listing('p', summaries);
    await change();
    expect(await listing('p', summaries)).toEqual({ ok: true, value: expected });
    expect(await listing('p')).toEqual({ ok: true, value: expected });
    expect(counts(summaries)).toEqual({ hits: 2, misses: 4 });
  });

  it('reloads a room compacted two rows into one after one more append (the count stays 2)', async () => {
    await seeded();
    await addAnnotation(layerA, 'second');
    const summaries = new DocumentSummaryCache(data.updates);
    const before = await listing('p', summaries);
    const plan = data.updates.planCompaction(layerA);
    if (plan === null) throw new Error('nothing to compact');
    await addAnnotation(layerA, 'late');
    expect(data.updates.commitCompaction(plan)).toBe(true);
    expect((await data.updates.roomVersion(layerA)).rows).toBe(2);
    const after = await listing('p', summaries);
    expect(after).toEqual(await listing('p'));
    expect(after).not.toEqual(before);
    expect(counts(summaries)).toEqual({ hits: 2, misses: 4 });
  });

  it('drops a deleted layer room from the listing', async () => {
    await seeded();
    const summaries = new DocumentSummaryCache(data.updates);
    await listing('p', summaries);
    await data.updates.delete(layerA);
    expect(await listing('p', summaries)).toEqual({ ok: true, value: [{ id: 'd1', characters: 10, layers: [] }, { id: 'd2', characters: 6, layers: [] }] });
  });

  it('never answers for a room the catalog lists but storage lacks, however often it is asked', async () => {
    await seeded();
    const summaries = new DocumentSummaryCache(data.updates);
    await listing('p', summaries);
    await data.updates.delete(doc1);
    for (let i = 0; i < 2; i++) {
      await expect(describeDocuments(data, 'p', { summaries })).rejects.toThrow('room "p/d1" is listed in the catalog but has no stored state');
    }
    await expect(describeDocuments(data, 'p')).rejects.toThrow('room "p/d1" is listed in the catalog but has no stored state');
  });

  it('serves the new document after a document is deleted and another imported with the same id', async () => {
    await seeded();
    const summaries = new DocumentSummaryCache(data.updates);
    await listing('p', summaries);
    await data.updates.delete(doc1);
    await data.updates.delete(layerA);
    await data.catalog.removeDocument('p', 'd1');
    await imported([annotated('d1', 'a different text', 'ann', 5)]);
    const expected = { ok: true, value: [{ id: 'd1', characters: 16, layers: [{ layer: 'ann', spans: 5 }] }, { id: 'd2', characters: 6, layers: [] }] };
    expect(await listing('p', summaries)).toEqual(expected);
    expect(await listing('p')).toEqual(expected);
  });

  it('serves the new documents after a project is removed and created again with the same ids', async () => {
    await seeded();
    const summaries = new DocumentSummaryCache(data.updates);
    await listing('p', summaries);
    for (const room of await data.updates.listRooms('p/')) await data.updates.delete(room);
    await data.catalog.removeProject('p');
    await imported([annotated('d1', 'xy', 'ann', 1), txt('d2.txt', 'replaced text')]);
    const expected = { ok: true, value: [{ id: 'd1', characters: 2, layers: [{ layer: 'ann', spans: 1 }] }, { id: 'd2', characters: 13, layers: [] }] };
    expect(await listing('p', summaries)).toEqual(expected);
    expect(await listing('p')).toEqual(expected);
  });

  it('serves the new document after an import replaces it', async () => {
    await seeded();
    const summaries = new DocumentSummaryCache(data.updates);
    await listing('p', summaries);
    await imported([annotated('d1', 'replacement', 'ann', 1)], 'p', true);
    const expected = { ok: true, value: [{ id: 'd1', characters: 11, layers: [{ layer: 'ann', spans: 1 }] }, { id: 'd2', characters: 6, layers: [] }] };
    expect(await listing('p', summaries)).toEqual(expected);
    expect(await listing('p')).toEqual(expected);
  });

  it('keeps at most its capacity of rooms, the most recently used ones', async () => {
    await imported([txt('d1.txt', 'one'), txt('d2.txt', 'two'), txt('d3.txt', 'three')]);
    const summaries = new DocumentSummaryCache(data.updates, { capacity: 2 });
    const first = await listing('p', summaries);
    expect(summaries.size).toBe(2);
    // d1 was evicted: asking for d3, then d1, hits once and misses once.
    await summaries.figureOf(contentRoom('p', 'd3'), 'characters', () => Promise.reject(new Error('d3 should be cached')));
    expect(await listing('p', summaries)).toEqual(first);
    expect(summaries.size).toBe(2);
    expect(new DocumentSummaryCache(data.updates).capacity).toBe(DEFAULT_SUMMARY_CACHE_ROOMS);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %s', (capacity) => {
    expect(() => new DocumentSummaryCache(data.updates, { capacity })).toThrow(new RangeError(`capacity must be a positive integer, got ${capacity}`));
  });

  it('refuses a cache of another store', async () => {
    await seeded();
    const other = SqliteUpdateLog.open(':memory:');
    try {
      await expect(describeDocuments(data, 'p', { summaries: new DocumentSummaryCache(other) })).rejects.toThrow(RangeError);
    } finally {
      await other.close();
    }
  });

  it('computes again for a room without rows and for another figure of the same room', async () => {
    const summaries = new DocumentSummaryCache(data.updates);
    let computed = 0;
    const compute = (): Promise<number> => Promise.resolve(++computed);
    expect(await summaries.figureOf('p/none', 'spans', compute)).toBe(1);
    expect(await summaries.figureOf('p/none', 'spans', compute)).toBe(2);
    await imported([txt('d1.txt', 'one')]);
    expect(await summaries.figureOf(doc1, 'characters', compute)).toBe(3);
    expect(await summaries.figureOf(doc1, 'characters', compute)).toBe(3);
    expect(await summaries.figureOf(doc1, 'spans', compute)).toBe(4);
  });

  it('caches nothing when computing fails', async () => {
    await imported([txt('d1.txt', 'one')]);
    const summaries = new DocumentSummaryCache(data.updates);
    await expect(summaries.figureOf(doc1, 'characters', () => Promise.reject(new Error('load failed')))).rejects.toThrow('load failed');
    expect(summaries.size).toBe(0);
    expect(await summaries.figureOf(doc1, 'characters', () => Promise.resolve(7))).toBe(7);
  });
});

describe('a cached listing equals a full load', () => {
  type DocId = 'a' | 'b';
  type LayerId = 'x' | 'y';
  interface RoomRef {
    readonly doc: DocId;
    readonly layer: LayerId | null;
  }
  type Step =
    | { readonly kind: 'text'; readonly doc: DocId; readonly text: string }
    | { readonly kind: 'annotate'; readonly doc: DocId; readonly layer: LayerId; readonly id: string; readonly remove: boolean }
    | { readonly kind: 'compact' | 'snapshot' | 'interleaved' | 'delete' | 'corrupt'; readonly room: RoomRef }
    | { readonly kind: 'reimport'; readonly doc: DocId; readonly text: string; readonly spans: number }
    | { readonly kind: 'remove'; readonly doc: DocId };

  const docId = fc.constantFrom<DocId>('a', 'b');
  const layerId = fc.constantFrom<LayerId>('x', 'y');
  const roomRef = fc.record({ doc: docId, layer: fc.option(layerId, { nil: null }) });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('text' as const), doc: docId, text: fc.string({ minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('annotate' as const), doc: docId, layer: layerId, id: fc.constantFrom('s0', 's1', 's2', 's3'), remove: fc.boolean() }),
    fc.record({ kind: fc.constantFrom('compact' as const, 'snapshot' as const, 'interleaved' as const, 'delete' as const, 'corrupt' as const), room: roomRef }),
    fc.record({ kind: fc.constant('reimport' as const), doc: docId, text: fc.string({ minLength: 4, maxLength: 8 }), spans: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('remove' as const), doc: docId }),
  );

  async function apply(project: string, s: Step): Promise<void> {
    const roomOf = (r: RoomRef): string => (r.layer === null ? contentRoom(project, r.doc) : layerRoom(project, r.doc, r.layer));
    switch (s.kind) {
      case 'text':
        return await insertText(contentRoom(project, s.doc), s.text);
      case 'annotate':
        return s.remove ? await removeAnnotation(layerRoom(project, s.doc, s.layer), s.id) : await addAnnotation(layerRoom(project, s.doc, s.layer), s.id);
      case 'compact':
        return data.updates.compact(roomOf(s.room)).catch((error: unknown) => {
          if (!(error instanceof StorageLoadError)) throw error;
        });
      case 'snapshot': {
        const room = roomOf(s.room);
        const version = await data.updates.roomVersion(room);
        const state = await storedDocState(room);
        if (state !== null) await data.updates.replaceWithSnapshot(room, state, version.rows);
        return;
      }
      case 'interleaved': {
        const room = roomOf(s.room);
        let plan: ReturnType<SqliteUpdateLog['planCompaction']>;
        try {
          plan = data.updates.planCompaction(room);
        } catch (error) {
          if (error instanceof StorageLoadError) return;
          throw error;
        }
        if (s.room.layer === null) await insertText(room, 'i');
        else await addAnnotation(room, 'interleaved');
        if (plan !== null) data.updates.commitCompaction(plan);
        return;
      }
      case 'delete':
        return data.updates.delete(roomOf(s.room));
      case 'corrupt':
        // A row with a valid checksum that Yjs cannot read.
        return data.updates.append(roomOf(s.room), new Uint8Array([0xff, 0xff, 0xff, 0xff]));
      case 'reimport': {
        const text = s.text.replace(/[\ud800-\udfff]/g, '?');
        const spans = Math.min(s.spans, text.length);
        return imported([annotated(s.doc, text, 'x', spans)], project, true);
      }
      case 'remove':
        for (const room of await data.updates.listRooms(contentRoom(project, s.doc))) await data.updates.delete(room);
        await data.catalog.removeDocument(project, s.doc);
        return;
    }
  }

  async function storedDocState(room: string): Promise<Uint8Array | null> {
    try {
      return await data.updates.load(room);
    } catch (error) {
      if (error instanceof StorageLoadError) return null;
      throw error;
    }
  }

  it('after any sequence of appends, compactions, deletes, corrupt rows and imports', async () => {
    let run = 0;
    let hits = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(step, { minLength: 1, maxLength: 14 }), async (capacity, steps) => {
        const project = `p${run++}`;
        await imported([annotated('a', 'alpha text', 'x', 2), txt('b.txt', 'beta')], project);
        const summaries = new DocumentSummaryCache(data.updates, { capacity });
        expect(await listing(project, summaries)).toEqual(await listing(project));
        for (const s of steps) {
          await apply(project, s);
          const cached = await listing(project, summaries);
          expect(cached).toEqual(await listing(project));
          if (typeof cached === 'object' && cached !== null && 'rejected' in cached) rejected++;
          expect(summaries.size).toBeLessThanOrEqual(capacity);
        }
        hits += summaries.hits;
      }),
      { numRuns: 60 },
    );
    // The runs reached both paths: listings answered partly from the cache, and listings rejected.
    expect(hits).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
