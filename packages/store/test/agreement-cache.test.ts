import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ok, type LabelSchema } from '@glossa/core';
import { contentRoom, deleteAnnotations, editContentText, layerRoom, readContentText, writeAnnotations } from '@glossa/collab';
import { AgreementCache, DEFAULT_AGREEMENT_CACHE_ENTRIES, agreementRequestKey, projectFingerprint, type AgreementRequest } from '../src/agreement-cache.js';
import { agreementJson, measureAgreement, readAgreementInput } from '../src/agreement-input.js';
import { importDocuments, type ImportSource } from '../src/project-import.js';
import type { SqliteDataDir } from '../src/sqlite/data-dir.js';
import { appendChange as appendChangeIn, corruptInPlace as corruptInPlaceIn, rewriteProjectSchema, storedDoc as storedDocIn } from '../src/testing.js';
import { StorageLoadError } from '../src/update-log.js';
import { dataDirPerTest } from './support/data-dir.js';

let data: SqliteDataDir;
dataDirPerTest('glossa-agreement-cache-', (opened) => (data = opened));

const schema: LabelSchema = {
  version: 1,
  name: 'agreement cache test schema',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'hate', name: 'Hate', description: 'Hateful text.', color: '#ff8888' },
    { id: 'love', name: 'Love', description: 'Loving text.', color: '#88ff88' },
  ],
  documentLabels: [],
};

interface FixtureSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly annotator: string;
}

function jsonl(id: string, text: string, spans: readonly FixtureSpan[]): ImportSource {
  return { name: `${id}.jsonl`, format: 'jsonl', content: `${JSON.stringify({ id, text, spans })}\n` };
}

/** Documents `a` and `b`, each annotated by `x` and `y`, where they agree on some spans and not on others. */
const FIXTURE: readonly ImportSource[] = [
  jsonl('a', 'alpha beta gamma delta', [
    { start: 0, end: 5, label: 'hate', annotator: 'x' },
    { start: 6, end: 10, label: 'love', annotator: 'x' },
    { start: 0, end: 5, label: 'hate', annotator: 'y' },
    { start: 11, end: 16, label: 'hate', annotator: 'y' },
  ]),
  jsonl('b', 'one two three four', [
    { start: 0, end: 3, label: 'love', annotator: 'x' },
    { start: 4, end: 7, label: 'love', annotator: 'y' },
    { start: 8, end: 13, label: 'hate', annotator: 'y' },
  ]),
];

async function imported(sources: readonly ImportSource[], project = 'p', replace = false): Promise<void> {
  const result = await importDocuments(data, sources, { project, mode: 'independent', schema, replace });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
}

const storedDoc = (room: string): Promise<Y.Doc> => storedDocIn(data, room);
const appendChange = (room: string, change: (doc: Y.Doc) => void): Promise<void> => appendChangeIn(data, room, change);
const corruptInPlace = (room: string): void => corruptInPlaceIn(data, room);

/** What a request comes to: its result, or the error it rejected with. */
async function settled(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return { rejected: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The answer measured from scratch, without a cache. */
function fresh(project: string, request: AgreementRequest = {}): Promise<unknown> {
  return settled(async () => {
    const { confusion, ...selection } = request;
    const read = await readAgreementInput(data, project, selection);
    if (!read.ok) return read;
    return ok(agreementJson(measureAgreement(read.value.input, { confusion: confusion === true })));
  });
}

function cachedAnswer(cache: AgreementCache, project: string, request: AgreementRequest = {}): Promise<unknown> {
  return settled(() => cache.answer(project, request));
}

function counts(cache: AgreementCache): { hits: number; misses: number } {
  return { hits: cache.hits, misses: cache.misses };
}

/** Writes one annotation over `[start, end)` (UTF-16, clamped to the text) into a layer of `doc`; does nothing on an empty text. */
async function annotate(project: string, doc: string, layer: string, annotation: { id: string; start: number; end: number; label: string }): Promise<void> {
  const content = await storedDoc(contentRoom(project, doc));
  const text = readContentText(content);
  const start = Math.min(annotation.start, text.length - 1);
  const end = Math.min(Math.max(annotation.end, start + 1), text.length);
  if (start < 0 || /[\ud800-\udfff]/.test(text)) {
    content.destroy();
    return;
  }
  await appendChange(layerRoom(project, doc, layer), (layerDoc) =>
    writeAnnotations(layerDoc, content, [{ ...annotation, start, end, author: layer, status: 'proposed', note: '', created: 1, source: 'human' }]),
  );
  content.destroy();
}

function setSchema(project: string, next: LabelSchema): void {
  rewriteProjectSchema(data, project, next);
}

const CHECKSUM = /cannot load room "p\/a\/layers\/y": row \d+: checksum mismatch/;

describe('room versions by prefix', () => {
  it('lists every room of a prefix with the version roomVersion reads, and no room of a neighbouring name', async () => {
    await imported(FIXTURE);
    await imported([jsonl('a', 'other', [{ start: 0, end: 1, label: 'hate', annotator: 'x' }])], 'p.q');
    await imported([jsonl('a', 'other', [])], 'p0');
    await imported([jsonl('a', 'other', [])], 'pq');
    await annotate('p', 'a', 'x', { id: 'more', start: 1, end: 2, label: 'love' });
    const versions = await data.updates.roomVersions('p/');
    expect(versions.map((v) => v.room)).toEqual(await data.updates.listRooms('p/'));
    expect(versions.map((v) => v.room)).toEqual(['p/a', 'p/a/layers/x', 'p/a/layers/y', 'p/b', 'p/b/layers/x', 'p/b/layers/y']);
    for (const v of versions) expect({ rows: v.rows, maxId: v.maxId }).toEqual(await data.updates.roomVersion(v.room));
    expect(versions.find((v) => v.room === 'p/a/layers/x')?.rows).toBe(2);
  });

  it('lists nothing for a prefix without rooms, and a deleted room no more', async () => {
    await imported(FIXTURE);
    expect(await data.updates.roomVersions('none/')).toEqual([]);
    await data.updates.delete('p/b/layers/y');
    expect((await data.updates.roomVersions('p/b')).map((v) => v.room)).toEqual(['p/b', 'p/b/layers/x']);
  });

  it('rejects a prefix that is not a string', async () => {
    await expect(data.updates.roomVersions(7 as unknown as string)).rejects.toThrow(new TypeError('prefix must be a string'));
  });

  // Names around the code points where the upper bound of a prefix is special: none after U+D7FF (surrogates follow) or U+10FFFF.
  const characters = ['/', '0', '.', 'a', 'b', '\u007f', '\u0080', 'é', '\ud7ff', '\ue000', '\uffff', '😀', '\u{10ffff}'];
  const name = fc.array(fc.constantFrom(...characters), { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''));

  it('lists exactly the rooms starting with any prefix, whatever its last code point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 12 }), fc.array(fc.constantFrom(...characters), { maxLength: 3 }), async (rooms, prefixChars) => {
        data.updates.db.exec('DELETE FROM updates');
        for (const room of rooms) await data.updates.append(room, new Uint8Array([0, 0]));
        const prefix = prefixChars.join('');
        const expected = [];
        for (const room of await data.updates.listRooms()) if (room.startsWith(prefix)) expected.push({ room, ...(await data.updates.roomVersion(room)) });
        expect(await data.updates.roomVersions(prefix)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('AgreementCache', () => {
  it('measures a repeated request once, and answers it from the cache while the project is unchanged', async () => {
    await imported(FIXTURE);
    const cache = new AgreementCache(data);
    const first = await cachedAnswer(cache, 'p', { unit: 'token' });
    expect(first).toEqual(await fresh('p', { unit: 'token' }));
    expect(counts(cache)).toEqual({ hits: 0, misses: 1 });
    expect(await cachedAnswer(cache, 'p', { unit: 'token' })).toEqual(first);
    expect(counts(cache)).toEqual({ hits: 1, misses: 1 });

    // The stored bytes go bad without a new row: measuring fails, the cache still answers.
    corruptInPlace(layerRoom('p', 'a', 'y'));
    expect(await fresh('p', { unit: 'token' })).toEqual({ rejected: expect.stringMatching(CHECKSUM) as unknown });
    expect(await cachedAnswer(cache, 'p', { unit: 'token' })).toEqual(first);
    expect(counts(cache)).toEqual({ hits: 2, misses: 1 });

    // Any write to the project makes the next request measure again, and the corruption surfaces.
    await annotate('p', 'b', 'x', { id: 'late', start: 8, end: 13, label: 'hate' });
    await expect(cache.answer('p', { unit: 'token' })).rejects.toThrow(StorageLoadError);
    await expect(cache.answer('p', { unit: 'token' })).rejects.toThrow(CHECKSUM);
    expect(counts(cache)).toEqual({ hits: 2, misses: 3 });
    expect(cache.size).toBe(0);
  });

  it('freezes the answers it shares', async () => {
    await imported(FIXTURE);
    const answer = await new AgreementCache(data).answer('p', { confusion: true });
    if (!answer.ok) throw new Error('expected an answer');
    expect(Object.isFrozen(answer.value)).toBe(true);
    expect(Object.isFrozen(answer.value.pairs)).toBe(true);
    expect(Object.isFrozen(answer.value.confusion?.[0]?.matrix[0])).toBe(true);
  });

  // Each change leaves the row of `p/a/layers/y` as it is, so a request after it reads the corrupt row only if it measures again.
  const changes: { name: string; change: () => Promise<void> }[] = [
    { name: 'an annotation added to a layer', change: async () => await annotate('p', 'b', 'x', { id: 'new', start: 4, end: 7, label: 'love' }) },
    {
      name: 'an annotation removed from a layer',
      change: async () => {
        const id = await firstAnnotationId(layerRoom('p', 'b', 'y'));
        await appendChange(layerRoom('p', 'b', 'y'), (doc) => expect(deleteAnnotations(doc, [id])).toBe(1));
      },
    },
    { name: 'text typed into a document', change: async () => await appendChange(contentRoom('p', 'b'), (doc) => editContentText(doc, 0, 0, 'zero ')) },
    { name: 'a new layer', change: async () => await annotate('p', 'b', 'z', { id: 'z1', start: 0, end: 3, label: 'love' }) },
    { name: 'a layer room deleted', change: () => data.updates.delete(layerRoom('p', 'b', 'y')) },
    { name: 'a document removed from the catalog (its rooms kept)', change: async () => void await data.catalog.removeDocument('p', 'b') },
    { name: 'a document added', change: () => imported([jsonl('c', 'third text', [{ start: 0, end: 5, label: 'hate', annotator: 'x' }])]) },
    { name: 'a document replaced by an import', change: () => imported([FIXTURE[1] as ImportSource], 'p', true) },
    { name: 'a label added to the schema', change: async () => setSchema('p', { ...schema, labels: [...schema.labels, { id: 'fear', name: 'Fear', description: 'Fearful text.', color: '#8888ff' }] }) },
    { name: 'a change of the project mode', change: async () => void data.updates.db.prepare("UPDATE projects SET mode = 'shared' WHERE id = 'p'").run() },
    {
      name: 'a snapshot replacing the single row of a room (the count stays 1)',
      change: async () => {
        const room = layerRoom('p', 'b', 'x');
        expect(await data.updates.replaceWithSnapshot(room, await data.updates.load(room) as Uint8Array, 1)).toBe(true);
      },
    },
  ];

  async function firstAnnotationId(room: string): Promise<string> {
    const doc = await storedDoc(room);
    const id = [...doc.getMap('annotations').keys()][0];
    doc.destroy();
    if (id === undefined) throw new Error(`room ${room} has no annotation`);
    return id;
  }

  it.each(changes)('measures again after $name', async ({ change }) => {
    await imported(FIXTURE);
    const cache = new AgreementCache(data);
    const before = await cachedAnswer(cache, 'p');
    expect(before).toEqual(await fresh('p'));
    corruptInPlace(layerRoom('p', 'a', 'y'));
    expect(await cachedAnswer(cache, 'p')).toEqual(before);
    await change();
    expect(await cachedAnswer(cache, 'p')).toEqual({ rejected: expect.stringMatching(CHECKSUM) as unknown });
    expect(counts(cache)).toEqual({ hits: 1, misses: 2 });
  });

  it('measures again after a compaction alone', async () => {
    await imported(FIXTURE);
    const room = layerRoom('p', 'b', 'x');
    await annotate('p', 'b', 'x', { id: 'second', start: 8, end: 13, label: 'hate' });
    const cache = new AgreementCache(data);
    const before = await cachedAnswer(cache, 'p');
    corruptInPlace(layerRoom('p', 'a', 'y'));
    expect(await cachedAnswer(cache, 'p')).toEqual(before);
    expect((await data.updates.roomVersion(room)).rows).toBe(2);
    await data.updates.compact(room);
    expect((await data.updates.roomVersion(room)).rows).toBe(1);
    expect(await cachedAnswer(cache, 'p')).toEqual({ rejected: expect.stringMatching(CHECKSUM) as unknown });
  });

  it('follows a schema change in its answer: a label removed from the schema can no longer be selected', async () => {
    await imported(FIXTURE);
    const cache = new AgreementCache(data);
    const request = { labels: ['love'] };
    expect(await cachedAnswer(cache, 'p', request)).toEqual(await fresh('p', request));
    setSchema('p', { ...schema, labels: schema.labels.filter((l) => l.id !== 'love') });
    const after = await cachedAnswer(cache, 'p', request);
    expect(after).toEqual(await fresh('p', request));
    expect(after).toMatchObject({ ok: false, errors: [{ field: 'labels', kind: 'unknown' }] });
  });

  it('keeps an entry per request: other units, selections, confusion and projects are measured on their own', async () => {
    await imported(FIXTURE);
    await imported(FIXTURE, 'q');
    const cache = new AgreementCache(data);
    const requests: [string, AgreementRequest][] = [
      ['p', {}],
      ['p', { unit: 'token' }],
      ['p', { confusion: true }],
      ['p', { annotators: ['x', 'y'] }],
      ['p', { annotators: ['y', 'x'] }],
      ['p', { labels: ['hate'] }],
      ['p', { labels: ['love', 'hate'], confusion: true }],
      ['p', { labels: ['hate', 'love'], confusion: true }],
      ['p', { docs: ['a'] }],
      ['q', {}],
    ];
    const answers = [];
    for (const [project, request] of requests) {
      const answer = await cachedAnswer(cache, project, request);
      expect(answer).toEqual(await fresh(project, request));
      answers.push(answer);
    }
    expect(counts(cache)).toEqual({ hits: 0, misses: requests.length });
    // Annotators and labels in another order are other answers (the pairs and the confusion matrices follow the order asked).
    expect(answers[4]).not.toEqual(answers[3]);
    expect(answers[7]).not.toEqual(answers[6]);
    for (const [project, request] of requests) await cachedAnswer(cache, project, request);
    expect(counts(cache)).toEqual({ hits: requests.length, misses: requests.length });
  });

  it('shares an entry between requests that differ only in defaults, repeated names or the order of documents', async () => {
    await imported(FIXTURE);
    const cache = new AgreementCache(data);
    await cache.answer('p', { docs: ['a', 'b'], annotators: ['x', 'y'] });
    for (const request of [
      { docs: ['b', 'a'], annotators: ['x', 'y'] },
      { docs: ['b', 'a', 'b'], annotators: ['x', 'y', 'x'], unit: 'char' as const, confusion: false },
    ]) {
      expect(await cachedAnswer(cache, 'p', request)).toEqual(await fresh('p', request));
    }
    expect(counts(cache)).toEqual({ hits: 2, misses: 1 });
    expect(agreementRequestKey('p', {})).toBe(agreementRequestKey('p', { unit: 'char', confusion: false }));
    expect(agreementRequestKey('p', {})).not.toBe(agreementRequestKey('p', { annotators: ['x', 'y'] }));
  });

  it.each([
    ['an unknown project', 'nope', {}],
    ['an unknown annotator', 'p', { annotators: ['x', 'nobody'] }],
    ['too few annotators', 'p', { annotators: ['x'] }],
    ['an unknown label', 'p', { labels: ['fear'] }],
    ['an unknown document', 'p', { docs: ['zz'] }],
  ] as const)('keeps no answer for %s', async (_what, project, request: AgreementRequest) => {
    await imported(FIXTURE);
    const cache = new AgreementCache(data);
    for (let i = 0; i < 2; i++) {
      const answer = await cachedAnswer(cache, project, request);
      expect(answer).toEqual(await fresh(project, request));
      expect(answer).toMatchObject({ ok: false });
    }
    expect(counts(cache)).toEqual({ hits: 0, misses: 2 });
    expect(cache.size).toBe(0);
  });

  it('keeps at most its capacity of answers, the most recently used ones', async () => {
    await imported(FIXTURE);
    const cache = new AgreementCache(data, { capacity: 2 });
    await cache.answer('p', {});
    await cache.answer('p', { unit: 'token' });
    await cache.answer('p', {}); // now the most recently used
    await cache.answer('p', { confusion: true }); // evicts the token answer
    expect(cache.size).toBe(2);
    expect(counts(cache)).toEqual({ hits: 1, misses: 3 });
    await cache.answer('p', {});
    await cache.answer('p', { confusion: true });
    expect(counts(cache)).toEqual({ hits: 3, misses: 3 });
    await cache.answer('p', { unit: 'token' });
    expect(counts(cache)).toEqual({ hits: 3, misses: 4 });
    expect(cache.size).toBe(2);
    expect(new AgreementCache(data).capacity).toBe(DEFAULT_AGREEMENT_CACHE_ENTRIES);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %s', (capacity) => {
    expect(() => new AgreementCache(data, { capacity })).toThrow(new RangeError(`capacity must be a positive integer, got ${capacity}`));
  });

  it('fingerprints only what the project is measured from', async () => {
    await imported(FIXTURE);
    await imported(FIXTURE, 'q');
    const before = await projectFingerprint(data, 'p');
    expect(before).toEqual(expect.any(String));
    expect(await projectFingerprint(data, 'nope')).toBeUndefined();
    // Writes to another project, and catalog fields the measurement does not read, leave it as it is.
    await annotate('q', 'a', 'x', { id: 'elsewhere', start: 0, end: 3, label: 'love' });
    data.updates.db.prepare("UPDATE documents SET title = 'A title' WHERE project = 'p' AND id = 'a'").run();
    expect(await projectFingerprint(data, 'p')).toBe(before);
    await annotate('p', 'a', 'x', { id: 'here', start: 0, end: 3, label: 'love' });
    expect(await projectFingerprint(data, 'p')).not.toBe(before);
  });
});

describe('a cached answer equals a fresh measurement', () => {
  type DocId = 'a' | 'b' | 'c';
  type LayerId = 'x' | 'y' | 'z' | 'gold';
  type Step =
    | { readonly kind: 'annotate'; readonly doc: DocId; readonly layer: LayerId; readonly id: string; readonly start: number; readonly length: number; readonly label: string }
    | { readonly kind: 'unannotate'; readonly doc: DocId; readonly layer: LayerId }
    | { readonly kind: 'type'; readonly doc: DocId; readonly at: number; readonly text: string }
    | { readonly kind: 'compact' | 'delete' | 'corrupt'; readonly doc: DocId; readonly layer: LayerId | null }
    | { readonly kind: 'reimport'; readonly doc: DocId; readonly text: string; readonly spans: number }
    | { readonly kind: 'remove'; readonly doc: DocId }
    | { readonly kind: 'schema'; readonly labels: readonly string[] }
    | { readonly kind: 'nothing' };

  const docId = fc.constantFrom<DocId>('a', 'b', 'c');
  const layerId = fc.constantFrom<LayerId>('x', 'y', 'z', 'gold');
  const labelId = fc.constantFrom('hate', 'love', 'fear');
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('annotate' as const), doc: docId, layer: layerId, id: fc.constantFrom('s0', 's1', 's2'), start: fc.nat(20), length: fc.integer({ min: 1, max: 6 }), label: labelId }) },
    fc.record({ kind: fc.constant('unannotate' as const), doc: docId, layer: layerId }),
    fc.record({ kind: fc.constant('type' as const), doc: docId, at: fc.nat(20), text: fc.constantFrom('x', 'new words ', ' ') }),
    fc.record({ kind: fc.constantFrom('compact' as const, 'delete' as const, 'corrupt' as const), doc: docId, layer: fc.option(layerId, { nil: null }) }),
    fc.record({ kind: fc.constant('reimport' as const), doc: docId, text: fc.constantFrom('short text', 'a somewhat longer text here'), spans: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('remove' as const), doc: docId }),
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('schema' as const), labels: fc.subarray(['hate', 'love', 'fear'], { minLength: 1 }) }) },
    { weight: 6, arbitrary: fc.constant({ kind: 'nothing' as const }) },
  );
  // Few requests, so that the same one comes back often and is answered from the cache.
  const request: fc.Arbitrary<AgreementRequest> = fc.constantFrom<AgreementRequest>(
    {},
    { unit: 'token', confusion: true },
    { annotators: ['y', 'x', 'z'], labels: ['love', 'hate'], confusion: true },
    { annotators: ['gold', 'x'], docs: ['b', 'a'] },
    { docs: ['a'], labels: ['hate'] },
  );

  async function apply(project: string, s: Step): Promise<void> {
    switch (s.kind) {
      case 'annotate':
        return await annotate(project, s.doc, s.layer, { id: s.id, start: s.start, end: s.start + s.length, label: s.label });
      case 'unannotate':
        return await appendChange(layerRoom(project, s.doc, s.layer), (doc) => void deleteAnnotations(doc, [...doc.getMap('annotations').keys()].slice(0, 1)));
      case 'type':
        return await appendChange(contentRoom(project, s.doc), (doc) => {
          const length = readContentText(doc).length;
          if (length > 0) editContentText(doc, Math.min(s.at, length), 0, s.text);
        });
      case 'compact': {
        const room = s.layer === null ? contentRoom(project, s.doc) : layerRoom(project, s.doc, s.layer);
        return data.updates.compact(room).catch((error: unknown) => {
          if (!(error instanceof StorageLoadError)) throw error;
        });
      }
      case 'delete':
        return data.updates.delete(s.layer === null ? contentRoom(project, s.doc) : layerRoom(project, s.doc, s.layer));
      case 'corrupt':
        // A row with a valid checksum that Yjs cannot read.
        return data.updates.append(s.layer === null ? contentRoom(project, s.doc) : layerRoom(project, s.doc, s.layer), new Uint8Array([0xff, 0xff, 0xff, 0xff]));
      case 'reimport': {
        const label = (await data.catalog.getProject(project))?.schema.labels[0]?.id ?? 'hate';
        const spans = Array.from({ length: s.spans }, (_, i) => ({ start: i, end: i + 2, label, annotator: i % 2 === 0 ? 'x' : 'y' }));
        const result = await importDocuments(data, [jsonl(s.doc, s.text, spans)], { project, replace: true });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return;
      }
      case 'remove':
        await data.catalog.removeDocument(project, s.doc);
        return;
      case 'schema':
        return setSchema(project, { ...schema, labels: s.labels.map((id) => ({ id, name: id, description: `${id} text.`, color: '#888888' })) });
      case 'nothing':
        return;
    }
  }

  it('after any sequence of writes and requests', async () => {
    let run = 0;
    let hits = 0;
    let rejected = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(step, request), { minLength: 1, maxLength: 12 }), async (capacity, steps) => {
        const project = `p${run++}`;
        await imported(FIXTURE, project);
        const cache = new AgreementCache(data, { capacity });
        for (const [s, r] of steps) {
          await apply(project, s);
          const answer = await cachedAnswer(cache, project, r);
          expect(answer).toEqual(await fresh(project, r));
          if (typeof answer === 'object' && answer !== null && 'rejected' in answer) rejected++;
          else if ((answer as { ok: boolean }).ok === false) refused++;
          expect(cache.size).toBeLessThanOrEqual(capacity);
        }
        hits += cache.hits;
      }),
      { numRuns: 200 },
    );
    // The runs reached every path: answers from the cache, storage failures, and selections refused.
    expect(hits).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
