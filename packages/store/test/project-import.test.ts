import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LabelSchema } from '@glossa/core';
import { contentRoom, editContentText, layerRoom, readContentText } from '@glossa/collab';
import { formatIssue, type CorpusDocument, type FormatIssue } from '@glossa/formats';
import { buildDocumentRooms } from '../src/document-rooms-off-thread.js';
import { DocumentSummaryCache } from '../src/document-summaries.js';
import { describeDocuments, listProjectSummaries } from '../src/listings.js';
import { importDocuments, importFormatOf, type ImportSource } from '../src/project-import.js';
import { readProjectDocuments } from '../src/project-reader.js';
import { projectLayers } from '../src/project-rooms.js';
import { parseSchemaFile } from '../src/schema-file.js';
import type { SqliteDataDir } from '../src/sqlite/data-dir.js';
import { storedRows } from '../src/testing.js';
import { dataDirPerTest, readDocuments } from './support/data-dir.js';

let data: SqliteDataDir;
dataDirPerTest('glossa-project-import-', (opened) => (data = opened));

const schema: LabelSchema = {
  version: 1,
  name: 'test schema',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'hate', name: 'Hate', description: 'Hateful text.', color: '#ff8888' },
    { id: 'spam', name: 'Spam', description: 'Spam.', color: '#88ff88' },
  ],
  documentLabels: [{ id: 'toxicity', name: 'Toxicity', choice: 'single', values: ['toxic', 'clean'] }],
};

function txt(name: string, content: string): ImportSource {
  return { name, format: 'txt', content };
}

function exportAll(project: string, layers?: readonly string[], orphans: FormatIssue[] = [], problems: FormatIssue[] = []): Promise<CorpusDocument[]> {
  return readDocuments(data, project, { ...(layers ? { layers } : {}), onOrphan: (issue) => orphans.push(issue), onLayerProblem: (issue) => problems.push(issue) });
}

/** Everything stored: every update row and catalog row, for before/after comparisons. */
function dump(): unknown {
  return storedRows(data);
}

/** A native corpus document with spans in UTF-16 offsets found by searching the text. */
function corpusDoc(id: string, text: string, spans: { layer: string; label: string; quote: string; nth?: number }[], labels: CorpusDocument['labels'] = {}): CorpusDocument {
  return {
    id,
    text,
    labels,
    meta: {},
    spans: spans.map((s, i) => {
      let start = -1;
      for (let n = 0; n <= (s.nth ?? 0); n++) start = text.indexOf(s.quote, start + 1);
      if (start < 0) throw new Error(`fixture: ${s.quote} not in ${id}`);
      return { id: `s${i}`, start, end: start + s.quote.length, label: s.label, layer: s.layer, author: s.layer, status: 'accepted', note: '', created: 1, source: 'import' };
    }),
  };
}

describe('importFormatOf', () => {
  const cases: [string, string | undefined][] = [
    ['a.txt', 'txt'],
    ['dir/corpus.JSONL', 'jsonl'],
    ['notes.md', undefined],
    ['README', undefined],
    ['archive.txt.gz', undefined],
  ];
  for (const [name, format] of cases) it(`${name} → ${String(format)}`, () => expect(importFormatOf(name)).toBe(format));
});

describe('schema files', () => {
  it('reports schema file errors with the file and line', () => {
    const result = parseSchemaFile('my-schema.json', '{\n  "version": 1,\n  "name": \n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.file).toBe('my-schema.json');
      expect(result.errors[0]?.line).toBeGreaterThan(0);
    }
  });
});

describe('importing .txt files', () => {
  const texts: [string, string][] = [
    ['LF only', 'one\ntwo\n'],
    ['CRLF', 'first line\r\nsecond line\r\n\r\nafter an empty line\r\n'],
    ['a lone CR', 'old mac\rline'],
    ['no final newline', 'last'],
    ['empty lines only', '\n\n\n'],
    ['a BOM, emoji, combining marks and RTL', '\ufeffBan 😀 all; Cafe\u0301; שלום עולם\r\nمرحبا'],
  ];
  for (const [what, text] of texts) {
    it(`keeps ${what} exactly`, async () => {
      const result = await importDocuments(data, [txt(`dir/doc-1.txt`, text)], { project: 'p', schema });
      expect(result.ok).toBe(true);
      const [doc] = await exportAll('p');
      expect(doc?.id).toBe('doc-1');
      expect(doc?.text).toBe(text);
      expect(Buffer.from(doc!.text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    });
  }

  it('keeps any text exactly (property)', async () => {
    const lineBreaky = fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\r', '\r\n', '😀', 'e\u0301', 'ש', ' '), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 40 }).filter((text) => text !== ''); // an empty file is refused
    let n = 0;
    await fc.assert(
      fc.asyncProperty(lineBreaky, async (text) => {
        const id = `d${n++}`;
        const result = await importDocuments(data, [txt(`${id}.txt`, text)], { project: 'prop', schema });
        expect(result.ok).toBe(true);
        const content = new Y.Doc();
        Y.applyUpdate(content, (await data.updates.load(contentRoom('prop', id)))!);
        expect(readContentText(content)).toBe(text);
      }),
      { numRuns: 80 },
    );
  });

  it('creates the project with the default schema it is given, in shared mode', async () => {
    const result = await importDocuments(data, [txt('a.txt', 'A')], { project: 'seeds', defaultSchema: schema });
    expect(result).toEqual({ ok: true, value: { project: 'seeds', projectCreated: true, documents: ['a'], replaced: [], spans: 0, layers: [] } });
    const project = await data.catalog.getProject('seeds');
    expect(project?.mode).toBe('shared');
    expect(project?.schema).toEqual(schema);
    expect((await data.catalog.getDocument('seeds', 'a'))?.meta).toEqual({ source: 'a.txt' });
    const other = { ...schema, name: 'ignored for an existing project' };
    expect((await importDocuments(data, [txt('b.txt', 'B')], { project: 'seeds', defaultSchema: other })).ok).toBe(true);
    expect((await data.catalog.getProject('seeds'))?.schema).toEqual(schema);
  });

  it('refuses to create a project without a schema, and writes nothing', async () => {
    const result = await importDocuments(data, [txt('a.txt', 'A')], { project: 'fresh' });
    expect(result).toEqual({ ok: false, errors: [{ field: 'schema', message: 'project "fresh" does not exist yet; creating it needs a label schema' }] });
    expect(await data.catalog.listProjects()).toEqual([]);
  });

  it('refuses a text that is not well-formed Unicode, naming it', async () => {
    const result = await importDocuments(data, [txt('bad.txt', 'a\udc00b')], { project: 'p', schema });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map(formatIssue)).toEqual(['bad.txt: unpaired surrogate U+DC00 at code point 1; expected well-formed Unicode text']);
    expect(await data.catalog.getProject('p')).toBeUndefined();
  });
});

describe('importing corpus documents', () => {
  const corpus = [
    corpusDoc(
      'mixed',
      'Ban 😀 all spam now\r\nCafe\u0301 spam; שלום hate',
      [
        { layer: 'alice', label: 'hate', quote: 'Ban 😀 all' },
        { layer: 'alice', label: 'spam', quote: 'all spam' },
        { layer: 'bob', label: 'spam', quote: 'spam now\r\nCafe\u0301' },
        { layer: 'carol', label: 'hate', quote: 'שלום hate' },
      ],
      { alice: { toxicity: 'toxic' } },
    ),
    corpusDoc('plain', 'nothing here', []),
  ];

  function jsonlSource(docs: readonly CorpusDocument[]): ImportSource {
    // Native JSONL: one line per document, offsets in code points, each span naming its annotator.
    const cp = (text: string, u16: number): number => Array.from(text.slice(0, u16)).length;
    const lines = docs.map((doc) =>
      JSON.stringify({
        id: doc.id,
        text: doc.text,
        spans: doc.spans.map((s) => ({ id: s.id, start: cp(doc.text, s.start), end: cp(doc.text, s.end), label: s.label, annotator: s.layer, status: s.status })),
        annotatorLabels: doc.labels,
      }),
    );
    return { name: 'corpus.jsonl', format: 'jsonl', content: lines.join('\n') + '\n' };
  }

  it('puts each annotator in its own layer and reads every span back', async () => {
    const result = await importDocuments(data, [jsonlSource(corpus)], { project: 'p', schema, mode: 'independent' });
    expect(result.ok && result.value).toMatchObject({ documents: ['mixed', 'plain'], spans: 4, layers: ['alice', 'bob', 'carol'] });
    expect(await projectLayers(data, 'p')).toEqual(['alice', 'bob', 'carol']);
    const docs = await exportAll('p');
    expect(docs.map((d) => d.id)).toEqual(['mixed', 'plain']);
    const mixed = docs[0]!;
    expect(mixed.text).toBe(corpus[0]!.text);
    expect(mixed.spans.map((s) => [s.layer, s.label, mixed.text.slice(s.start, s.end)])).toEqual([
      ['alice', 'hate', 'Ban 😀 all'],
      ['alice', 'spam', 'all spam'],
      ['bob', 'spam', 'spam now\r\nCafe\u0301'],
      ['carol', 'hate', 'שלום hate'],
    ]);
    expect(mixed.labels).toEqual({ alice: { toxicity: 'toxic' } });
  });

  it('exports only the selected layers, and refuses an unknown one naming the existing ones', async () => {
    await importDocuments(data, [jsonlSource(corpus)], { project: 'p', schema });
    const docs = await exportAll('p', ['carol', 'bob']);
    expect(docs[0]!.spans.map((s) => s.layer)).toEqual(['bob', 'carol']);
    const refused = await readProjectDocuments(data, 'p', { layers: ['bob', 'dave'] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors[0]?.message).toBe('unknown layer "dave" in project "p"; expected one of alice, bob, carol');
  });

  it('reports an annotation whose text was deleted instead of dropping it silently', async () => {
    await importDocuments(data, [jsonlSource(corpus)], { project: 'p', schema });
    const content = new Y.Doc();
    Y.applyUpdate(content, (await data.updates.load(contentRoom('p', 'mixed')))!);
    const text = readContentText(content);
    const from = text.indexOf('שלום hate');
    const updates: Uint8Array[] = [];
    content.on('update', (u: Uint8Array) => updates.push(u));
    editContentText(content, from, 'שלום hate'.length, '');
    for (const u of updates) await data.updates.append(contentRoom('p', 'mixed'), u);

    const orphans: FormatIssue[] = [];
    const docs = await exportAll('p', undefined, orphans);
    expect(docs[0]!.spans.some((s) => s.layer === 'carol')).toBe(false);
    expect(orphans).toHaveLength(1);
    expect(orphans[0]).toMatchObject({ record: 'mixed', field: 'layer carol: annotation s3' });
    expect(orphans[0]?.message).toMatch(/"hate" annotation \(last seen as "שלום hate"\) was deleted/);
    // The layer still holds it.
    expect(await data.updates.load(layerRoom('p', 'mixed', 'carol'))).not.toBeNull();
  });

  it('lists projects, documents, layers and annotation counts', async () => {
    await importDocuments(data, [jsonlSource(corpus)], { project: 'p', schema, mode: 'independent' });
    await importDocuments(data, [txt('x.txt', 'x'), txt('y.txt', 'yy')], { project: 'q', schema });
    expect(await listProjectSummaries(data)).toEqual([
      { id: 'p', mode: 'independent', schema: 'test schema', documents: 2, created: expect.any(Number) as number },
      { id: 'q', mode: 'shared', schema: 'test schema', documents: 2, created: expect.any(Number) as number },
    ]);
    const described = await describeDocuments(data, 'p');
    expect(described).toEqual({
      ok: true,
      value: [
        { id: 'mixed', characters: Array.from(corpus[0]!.text).length, layers: [{ layer: 'alice', spans: 2 }, { layer: 'bob', spans: 1 }, { layer: 'carol', spans: 1 }] },
        { id: 'plain', characters: 12, layers: [] },
      ],
    });
    const unknown = await describeDocuments(data, 'nope');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.errors[0]?.message).toBe('unknown project "nope"; expected one of p, q');
  });

  it('lists the same documents through a summary cache, loading again only the rooms that changed', async () => {
    await importDocuments(data, [jsonlSource(corpus)], { project: 'p', schema, mode: 'independent' });
    const summaries = new DocumentSummaryCache(data.updates);
    const first = await describeDocuments(data, 'p', { summaries });
    expect(first).toEqual(await describeDocuments(data, 'p'));
    expect({ hits: summaries.hits, misses: summaries.misses }).toEqual({ hits: 0, misses: 5 });

    const content = new Y.Doc();
    Y.applyUpdate(content, (await data.updates.load(contentRoom('p', 'mixed')))!);
    const text = readContentText(content);
    const updates: Uint8Array[] = [];
    content.on('update', (u: Uint8Array) => updates.push(u));
    editContentText(content, text.indexOf(' שלום'), ' שלום hate'.length, '');
    for (const u of updates) await data.updates.append(contentRoom('p', 'mixed'), u);

    const second = await describeDocuments(data, 'p', { summaries });
    expect(second).toEqual(await describeDocuments(data, 'p'));
    expect(second.ok && second.value[0]?.characters).toBe(Array.from(corpus[0]!.text).length - Array.from(' שלום hate').length);
    expect({ hits: summaries.hits, misses: summaries.misses }).toEqual({ hits: 4, misses: 6 });
    expect(await describeDocuments(data, 'nope', { summaries })).toEqual(await describeDocuments(data, 'nope'));
  });
});

describe('all or nothing', () => {
  async function seeded(): Promise<void> {
    const result = await importDocuments(data, [txt('kept.txt', 'already here')], { project: 'p', schema });
    expect(result.ok).toBe(true);
  }

  const bad: { name: string; sources: ImportSource[]; options?: Partial<Parameters<typeof importDocuments>[2]>; message: RegExp }[] = [
    { name: 'a duplicate of an existing document', sources: [txt('new.txt', 'n'), txt('kept.txt', 'again')], message: /kept.txt: record kept: id: document "kept" already exists in project "p"/ },
    { name: 'the same id twice in one import', sources: [txt('a/twin.txt', '1'), txt('b/twin.txt', '2')], message: /b\/twin.txt: record twin: id: document "twin" appears twice in this import \(first in a\/twin.txt\)/ },
    { name: 'a file name that is not a valid id', sources: [txt('new.txt', 'n'), txt('bad name!.txt', 'x')], message: /bad name!.txt: the document id "bad name!" .*is not valid/ },
    { name: 'a different mode for an existing project', sources: [txt('new.txt', 'n')], options: { mode: 'independent' }, message: /project "p" is in shared mode/ },
    { name: 'a different schema for an existing project', sources: [txt('new.txt', 'n')], options: { schema: { ...schema, name: 'other' } }, message: /already has a schema/ },
    { name: 'an invalid project id', sources: [txt('new.txt', 'n')], options: { project: 'a/b' }, message: /"a\/b" is not a valid project id/ },
    { name: 'nothing to import', sources: [], message: /nothing to import/ },
    { name: 'an empty .txt file', sources: [txt('new.txt', 'n'), txt('empty.txt', '')], message: /^empty.txt: the file is empty; expected a document/m },
    { name: 'an empty JSONL file', sources: [{ name: 'c.jsonl', format: 'jsonl', content: '' }], message: /^c.jsonl: the file is empty/m },
    {
      name: 'a span past the end of the text',
      sources: [txt('new.txt', 'n'), { name: 'c.jsonl', format: 'jsonl', content: '{"id":"c","text":"hi","spans":[{"start":0,"end":5,"label":"hate"}]}\n' }],
      message: /^c.jsonl:1: spans\[0\]\.end: .*/m,
    },
    {
      name: 'a text with an unpaired surrogate',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: '{"id":"c","text":"ab\\ud800c"}\n' }],
      message: /^c.jsonl: record c: text: unpaired surrogate U\+D800 at code point 2; expected well-formed Unicode text$/m,
    },
    {
      name: 'two span ids that differ only in unpaired surrogates (stored as one U+FFFD they would become one span)',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: '{"id":"c","text":"hi","spans":[{"id":"a\\ud800","start":0,"end":1,"label":"hate"},{"id":"a\\udbff","start":0,"end":1,"label":"hate"}]}\n' }],
      message: /^c.jsonl: record c: spans\[0\]\.id: unpaired surrogate U\+D800 at code point 1; expected well-formed Unicode text\nc.jsonl: record c: spans\[1\]\.id: unpaired surrogate U\+DBFF/m,
    },
    {
      name: 'a note, an author and an annotator with unpaired surrogates',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: '{"id":"c","text":"hi","spans":[{"start":0,"end":1,"label":"hate","annotator":"x\\udc00","author":"\\ud800","note":"n\\ud800"}]}\n' }],
      message: /spans\[0\]\.author: unpaired surrogate U\+D800 at code point 0.*\n.*spans\[0\]\.note: unpaired surrogate U\+D800 at code point 1.*\n.*spans\[0\]\.layer: unpaired surrogate U\+DC00 at code point 1/m,
    },
    {
      name: 'a document id with an unpaired surrogate',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: '{"id":"c\\ud800","text":"hi"}\n' }],
      message: /^c.jsonl: record c\ud800: id: unpaired surrogate U\+D800 at code point 1/m,
    },
    {
      name: 'a metadata key and value with unpaired surrogates',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: '{"id":"c","text":"hi","meta":{"k\\udfff":1,"source":{"tags":["ok","\\ud800"]}}}\n' }],
      message: /^c.jsonl: record c: meta\["k\\udfff"\]: the key has an unpaired surrogate U\+DFFF at code point 1.*\nc.jsonl: record c: meta\.source\.tags\[1\]: unpaired surrogate U\+D800/m,
    },
    {
      name: 'metadata nested 5,000 arrays deep',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: `{"id":"c","text":"hi","meta":{"deep":${'['.repeat(5000)}${']'.repeat(5000)}}}\n` }],
      message: /^c.jsonl: record c: meta\.deep(\[0\]){65}: value nested deeper than 64 levels of arrays and objects; expected at most 64, the limit of a room$/m,
    },
    {
      name: 'metadata nested 10,000 objects deep',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: `{"id":"c","text":"hi","meta":${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}}\n` }],
      message: /^c.jsonl: record c: meta(\.a){66}: value nested deeper than 64 levels/m,
    },
    {
      name: 'an unknown label',
      sources: [{ name: 'c.jsonl', format: 'jsonl', content: '{"id":"c","text":"hi","spans":[{"start":0,"end":1,"label":"love"}]}\n' }],
      message: /^c.jsonl:1: spans\[0\]\.label: .*"love"/m,
    },
  ];
  for (const { name, sources, options, message } of bad) {
    it(`refuses ${name} and writes nothing`, async () => {
      await seeded();
      const before = dump();
      const result = await importDocuments(data, sources, { project: 'p', schema, ...options });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map(formatIssue).join('\n')).toMatch(message);
      expect(dump()).toEqual(before);
    });
  }

  it('keeps metadata nested as deep as a room holds exactly', async () => {
    // 64 arrays inside the value: the string is at depth 64, as deep as an update may carry.
    const deep: unknown = JSON.parse(`${'['.repeat(64)}"end"${']'.repeat(64)}`);
    const result = await importDocuments(data, [{ name: 'c.jsonl', format: 'jsonl', content: `${JSON.stringify({ id: 'c', text: 'hi', meta: { deep } })}\n` }], { project: 'p', schema });
    expect(result.ok).toBe(true);
    expect((await exportAll('p'))[0]?.meta['deep']).toEqual(deep);
  });

  it('creates no project when the first import fails', async () => {
    const result = await importDocuments(data, [txt('ok.txt', 'fine'), txt('../.txt', 'bad id')], { project: 'fresh', schema });
    expect(result.ok).toBe(false);
    expect(await data.catalog.getProject('fresh')).toBeUndefined();
    expect(await data.updates.listRooms()).toEqual([]);
  });

  it('replaces an existing document and drops its old layers when asked', async () => {
    const first = '{"id":"doc","text":"old hate","spans":[{"start":4,"end":8,"label":"hate","annotator":"alice"}]}\n';
    await importDocuments(data, [{ name: 'v1.jsonl', format: 'jsonl', content: first }], { project: 'p', schema });
    expect(await projectLayers(data, 'p')).toEqual(['alice']);
    const result = await importDocuments(data, [txt('doc.txt', 'brand new text')], { project: 'p', replace: true });
    expect(result.ok && result.value.replaced).toEqual(['doc']);
    expect(await projectLayers(data, 'p')).toEqual([]);
    const docs = await exportAll('p');
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: 'doc', text: 'brand new text', spans: [] });
    expect((await data.catalog.getDocument('p', 'doc'))?.meta).toEqual({ source: 'doc.txt' });
  });
});

describe('reading unknown things', () => {
  it('names the unknown project and lists the known ones', async () => {
    expect(await readProjectDocuments(data, 'nope')).toEqual({ ok: false, errors: [{ field: 'project', message: 'unknown project "nope"; there are no projects yet' }] });
    await importDocuments(data, [txt('a.txt', 'a')], { project: 'p', schema });
    expect(await readProjectDocuments(data, 'nope')).toEqual({ ok: false, errors: [{ field: 'project', message: 'unknown project "nope"; expected one of p' }] });
  });
});

describe('large imports', () => {
  it('builds the rooms of a large import off the event loop: timers keep firing while it runs', async () => {
    // 20,000 lines: past OFF_THREAD_IMPORT_WORK, so the rooms are built in a worker thread.
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns++;
      setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
    const result = await importDocuments(data, [txt('large.txt', text)], { project: 'p', schema });
    running = false;
    expect(result.ok).toBe(true);
    expect(turns).toBeGreaterThan(3);
    const [doc] = await exportAll('p');
    expect(doc?.text).toBe(text);
  });

  it('builds the same rooms in a worker as in place', async () => {
    const doc = corpusDoc('same', 'Ban all spam now, and more spam', [{ layer: 'ana', label: 'spam', quote: 'spam' }, { layer: 'bob', label: 'hate', quote: 'Ban all' }]);
    const inPlace = await buildDocumentRooms('p', [doc], Number.POSITIVE_INFINITY);
    const inWorker = await buildDocumentRooms('p', [doc], 0);
    const states = (built: typeof inPlace): unknown => built.map((d) => ({ ...d, rooms: d.rooms.map((r) => ({ room: r.room, json: docJson(r.update) })) }));
    expect(states(inWorker)).toEqual(states(inPlace));
  });
});

/** Every root type of the doc an update holds, as JSON; anchors (which name the building doc's random client id) left out. */
function docJson(update: Uint8Array): unknown {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const annotations = Object.entries(doc.getMap('annotations').toJSON() as Record<string, Record<string, unknown>>).map(([id, { start: _start, end: _end, ...fields }]) => [id, fields]);
  return { meta: doc.getMap('meta').toJSON(), content: doc.getXmlFragment('content').toJSON(), annotations, docLabels: doc.getMap('docLabels').toJSON() };
}
