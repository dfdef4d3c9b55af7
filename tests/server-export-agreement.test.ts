/**
 * Acceptance: the content of `GET /api/projects/:p/export` and
 * `GET /api/projects/:p/agreement`. A JSONL download parses back to the
 * imported spans (code points), a CSV download (a file format) and a brat
 * download (a folder format, as a tar) carry the same spans, each role gets
 * only the layers it may read; the agreement route answers the same JSON as
 * `glossa agreement --json`, for curators and admins only, and names the
 * query parameter at fault; a repeated agreement request is answered from a
 * cache until anything it was measured from changes. The content checks
 * run on every storage backend.
 */
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { computeAgreement, toUtf16Offset, type AgreementDocument } from '@glossa/core';
import { layerRoom, readContentText, writeAnnotations } from '@glossa/collab';
import { exportFormatNames, tokenize } from '@glossa/formats';
import type { LogContext, Logger } from '@glossa/server';
import { agreementJson, importDocuments, isPostgresUrl, measureAgreement, readAgreementInput } from '@glossa/store';
import { corruptInPlace as corruptRow, rewriteProjectSchema } from '@glossa/store/testing';
import { runGlossa } from '../packages/cli/test/support/run-cli.js';
import { readTar } from './support/tar.js';
import { TEST_SCHEMA, serverPerTest, startTestServer, type TestServer } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';

let ts: TestServer;

/** The corpus of project `study` (independent) and `crew` (shared), offsets in code points. */
const TEXTS: Record<string, string> = {
  a: 'The army 😀 patrols the streets at night.',
  b: 'Youth programs replace raids.',
};

interface FixtureSpan {
  readonly doc: string;
  readonly annotator: string;
  readonly label: string;
  /** The text covered (its first occurrence). */
  readonly quote: string;
}

const SPANS: readonly FixtureSpan[] = [
  { doc: 'a', annotator: 'sam', label: 'militarization', quote: 'army' },
  { doc: 'a', annotator: 'sue', label: 'militarization', quote: 'army 😀 patrols' },
  { doc: 'a', annotator: 'gold', label: 'militarization', quote: 'army' },
  { doc: 'a', annotator: 'sam', label: 'prevention', quote: 'streets' },
  { doc: 'b', annotator: 'sam', label: 'prevention', quote: 'Youth programs' },
  { doc: 'b', annotator: 'sue', label: 'prevention', quote: 'Youth programs' },
  { doc: 'b', annotator: 'sue', label: 'militarization', quote: 'raids' },
];

/** Code-point offsets of a span's quote in its document. */
function codePoints(span: FixtureSpan): { start: number; end: number } {
  const text = TEXTS[span.doc] as string;
  const at = text.indexOf(span.quote);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...span.quote].length };
}

function corpusJsonl(): string {
  return Object.entries(TEXTS)
    .map(([id, text]) => {
      const spans = SPANS.filter((s) => s.doc === id).map((s) => ({ ...codePoints(s), label: s.label, annotator: s.annotator }));
      return JSON.stringify({ id, text, spans });
    })
    .join('\n');
}

/** Users and their roles in `study` and `crew`. */
const PEOPLE: Readonly<Record<string, { study?: string; crew?: string }>> = {
  cleo: { study: 'curator', crew: 'curator' },
  ada: { study: 'admin', crew: 'admin' },
  sam: { study: 'annotator', crew: 'annotator' },
  vera: { study: 'viewer', crew: 'viewer' },
};

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('export and agreement over HTTP on %s', (_backend, backend) => {
  beforeAll(async () => {
    ts = await startTestServer({}, undefined, backend);
    for (const [project, mode] of [['study', 'independent'], ['crew', 'shared']] as const) {
      const imported = await importDocuments(ts.server.data, [{ name: 'corpus.jsonl', format: 'jsonl', content: corpusJsonl() }], { project, mode, schema: TEST_SCHEMA });
      if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    }
    for (const [user, roles] of Object.entries(PEOPLE)) {
      for (const [project, role] of Object.entries(roles)) await ts.server.users.setRole(user, project, role as 'admin' | 'curator' | 'annotator' | 'viewer');
    }
  });

  afterAll(async () => {
    await ts.close();
  });

  function get(route: string, as: string | undefined): Promise<Response> {
    return fetch(`${ts.baseUrl}${route}`, as === undefined ? {} : { headers: { Authorization: `Bearer ${ts.token(as)}` } });
  }

  interface JsonlLine {
    id: string;
    text: string;
    spans: { start: number; end: number; label: string; annotator?: string }[];
  }

  function expectedSpans(doc: string, annotators: readonly string[]): { start: number; end: number; label: string; annotator: string }[] {
    return SPANS.filter((s) => s.doc === doc && annotators.includes(s.annotator))
      .map((s) => ({ ...codePoints(s), label: s.label, annotator: s.annotator }))
      .sort((x, y) => x.start - y.start || x.end - y.end || x.label.localeCompare(y.label) || x.annotator.localeCompare(y.annotator));
  }

  describe('export content', () => {
    it.each([
      ['a curator', 'cleo', ['gold', 'sam', 'sue']],
      ['an annotator of an independent project', 'sam', ['sam']],
    ])('gives %s a JSONL download that parses back to the imported spans of the layers it may read', async (_who, user, layers) => {
      const res = await get('/api/projects/study/export?format=jsonl', user);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const lines = (await res.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as JsonlLine);
      expect(lines.map((l) => l.id)).toEqual(['a', 'b']);
      for (const line of lines) {
        expect(line.text).toBe(TEXTS[line.id]);
        const spans = line.spans.map((s) => ({ start: s.start, end: s.end, label: s.label, annotator: s.annotator ?? 'shared' }));
        const sorted = [...spans].sort((x, y) => x.start - y.start || x.end - y.end || x.label.localeCompare(y.label) || x.annotator.localeCompare(y.annotator));
        expect(sorted).toEqual(expectedSpans(line.id, layers));
        for (const s of line.spans) expect([...line.text].slice(s.start, s.end).join('')).toBe(SPANS.find((f) => f.doc === line.id && f.label === s.label && f.annotator === s.annotator && codePoints(f).start === s.start)?.quote);
      }
    });

    it('answers a file format (csv) with its one file, spans in code points', async () => {
      const res = await get('/api/projects/study/export?format=csv&consolidation=none', 'cleo');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="study.csv"');
      const rows = (await res.text()).trimEnd().split('\r\n').map((row) => row.split(','));
      expect(rows[0]).toEqual(['doc_id', 'annotator', 'start', 'end', 'label', 'text', 'status', 'note']);
      const got = rows.slice(1).map(([doc, annotator, start, end, label, text]) => ({ doc, annotator, start: Number(start), end: Number(end), label, text }));
      const want = SPANS.map((s) => ({ doc: s.doc, annotator: s.annotator, ...codePoints(s), label: s.label, text: s.quote }));
      const key = (r: { doc?: string; annotator?: string; start: number; label?: string }): string => `${r.doc}/${r.annotator}/${r.start}/${r.label}`;
      expect(got.map(key).sort()).toEqual(want.map(key).sort());
      for (const row of got) expect(row.text).toBe(want.find((w) => key(w) === key(row))?.text);
    });

    it('streams a file format that declares its one file: chunked, without Content-Length', async () => {
      const res = await get('/api/projects/study/export?format=conll&consolidation=gold', 'cleo');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="study.conll"');
      expect(res.headers.get('content-length')).toBeNull();
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      const text = await res.text();
      expect(text.split('\n').filter((line) => line.startsWith('-DOCSTART-'))).toHaveLength(Object.keys(TEXTS).length);
      expect(text).toContain('army -X- _ B-militarization\n');
    });

    it('answers a file format asked for a tar with its folder form (Label Studio: the tasks and the config)', async () => {
      const res = await get('/api/projects/study/export?format=labelstudio&consolidation=none&archive=tar', 'cleo');
      expect(res.headers.get('content-type')).toBe('application/x-tar');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="study-labelstudio.tar"');
      const files = readTar(new Uint8Array(await res.arrayBuffer()));
      expect([...files.keys()].sort()).toEqual(['study.config.xml', 'study.json']);
      expect((JSON.parse(files.get('study.json') ?? '') as { data: { doc_id: string } }[]).map((t) => t.data.doc_id)).toEqual(['a', 'b']);
    });

    it('answers a file format without a tar with the one file (CoNLL: a tag column per layer)', async () => {
      const res = await get('/api/projects/study/export?format=conll&consolidation=none', 'cleo');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="study.conll"');
      const rows = (await res.text())
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('-DOCSTART-'))
        .map((line) => line.split(' ').length);
      // The layers cleo may read: gold, sam, sue.
      expect(new Set(rows)).toEqual(new Set([3 + 3]));
    });

    it('answers a folder format (brat) with a tar of one folder per annotator', async () => {
      const res = await get('/api/projects/study/export?format=brat&consolidation=none', 'cleo');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-tar');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="study-brat.tar"');
      const files = readTar(new Uint8Array(await res.arrayBuffer()));
      expect([...files.keys()].filter((name) => name.endsWith('.txt')).sort()).toEqual(['gold/a.txt', 'sam/a.txt', 'sam/b.txt', 'sue/a.txt', 'sue/b.txt']);
      expect(files.get('sam/a.txt')).toBe(TEXTS.a);
      for (const span of SPANS) {
        const { start, end } = codePoints(span);
        expect(files.get(`${span.annotator}/${span.doc}.ann`)).toContain(`\t${span.label} ${start} ${end}\t${span.quote}\n`);
      }
    });

    it('uses gold where a document has it unless told otherwise', async () => {
      const res = await get('/api/projects/study/export?format=brat', 'cleo');
      const files = readTar(new Uint8Array(await res.arrayBuffer()));
      expect([...files.keys()].filter((name) => name.endsWith('.txt')).sort()).toEqual(['gold/a.txt', 'sam/b.txt', 'sue/b.txt']);
    });

    it('limits a folder export to the layers the caller may read', async () => {
      const res = await get('/api/projects/study/export?format=brat&consolidation=none', 'sam');
      expect(res.status).toBe(200);
      const files = readTar(new Uint8Array(await res.arrayBuffer()));
      expect(new Set([...files.keys()].map((name) => name.split('/')[0]))).toEqual(new Set(['sam']));
    });

    it('packs a file format in a tar when asked', async () => {
      const res = await get('/api/projects/study/export?format=csv&archive=tar&consolidation=none', 'cleo');
      expect(res.headers.get('content-type')).toBe('application/x-tar');
      const files = readTar(new Uint8Array(await res.arrayBuffer()));
      expect([...files.keys()]).toEqual(['study.csv']);
      expect(files.get('study.csv')).toMatch(/^doc_id,annotator,/);
    });

    it.each(exportFormatNames.filter((name) => name !== 'jsonl'))('exports format %s', async (format) => {
      const res = await get(`/api/projects/crew/export?format=${format}`, 'cleo');
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    });

    it.each([
      ['an unknown format', 'format=zip', 400, /query parameter "format": expected one of jsonl, .*csv/],
      ['an unknown archive', 'format=brat&archive=zip', 400, /query parameter "archive": expected tar/],
      ['an unknown consolidation', 'format=brat&consolidation=vote', 400, /query parameter "consolidation": expected one of none, gold/],
      ['a consolidation of the native jsonl', 'format=jsonl&consolidation=gold', 400, /query parameter "consolidation": the native jsonl export keeps every layer/],
      ['an unknown layer', 'format=csv&layer=nobody', 400, /unknown layer "nobody"/],
      ['a layer the caller may not read', 'format=csv&layer=sue', 403, /may not read layer "sue"/],
    ])('refuses %s', async (_what, query, status, message) => {
      const res = await get(`/api/projects/study/export?${query}`, query.includes('layer=sue') ? 'sam' : 'cleo');
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    });
  });

  /** `glossa agreement --json` on the server's data directory (SQLite WAL lets both read) or database. */
  async function cliAgreement(...argv: string[]): Promise<unknown> {
    const run = await runGlossa(isPostgresUrl(ts.dir) ? tmpdir() : ts.dir, ['agreement', ...argv, '--json', isPostgresUrl(ts.dir) ? '--database' : '--data', ts.dir]);
    if (run.code !== 0) throw new Error(`glossa agreement failed (${run.code}): ${run.stderr}`);
    return JSON.parse(run.stdout);
  }

  describe('agreement content', () => {
    it.each([
      ['defaults', '', []],
      ['tokens, two labels, confusion', '&unit=token&labels=militarization,prevention&confusion=1', ['--unit', 'token', '--labels', 'militarization,prevention', '--confusion']],
      ['gold against one annotator on one document', '&annotators=gold,sam&docs=a', ['--annotators', 'gold,sam', '--docs', 'a']],
    ])('answers the JSON of glossa agreement --json (%s)', async (_what, query, argv) => {
      const res = await get(`/api/projects/study/agreement?${query.slice(1)}`, 'cleo');
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual(await cliAgreement('--project', 'study', ...argv));
    });

    it('measures the imported spans (checked against computeAgreement on the fixture)', async () => {
      const documents: AgreementDocument[] = Object.entries(TEXTS).map(([id, text]) => {
        const layers: Record<string, { start: number; end: number; label: string }[]> = {};
        for (const span of SPANS.filter((s) => s.doc === id && s.annotator !== 'gold')) {
          const { start, end } = codePoints(span);
          (layers[span.annotator] ??= []).push({ start: toUtf16Offset(text, start), end: toUtf16Offset(text, end), label: span.label });
        }
        return { id, text, layers };
      });
      const expected = computeAgreement({ documents, annotators: ['sam', 'sue'], unit: 'token', tokenize });
      const res = await get('/api/projects/study/agreement?unit=token', 'ada');
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(expected)));
    });

    it('adds a confusion matrix per pair with confusion=1', async () => {
      const body = (await (await get('/api/projects/study/agreement?confusion=1', 'cleo')).json()) as { confusion: { a: string; b: string; labels: string[]; matrix: number[][] }[] };
      expect(body.confusion.map((p) => [p.a, p.b])).toEqual([['sam', 'sue']]);
      const pair = body.confusion[0];
      expect(pair?.matrix).toHaveLength(pair?.labels.length ?? -1);
    });

    const ROLE_TABLE: [string, number, string | undefined, string][] = [
      ['anonymous', 401, undefined, 'study'],
      ['a server administrator', 200, 'root', 'study'],
      ['an admin of the project', 200, 'ada', 'study'],
      ['a curator', 200, 'cleo', 'study'],
      ['an annotator of an independent project', 403, 'sam', 'study'],
      ['an annotator of a shared project', 403, 'sam', 'crew'],
      ['a viewer', 403, 'vera', 'study'],
      ['a user without a role in the project', 403, 'nobody', 'study'],
      ['a curator, for an unknown project', 404, 'cleo', 'nope'],
    ];

    it.each(ROLE_TABLE)('answers %s with %i', async (_who, status, user, project) => {
      const res = await get(`/api/projects/${project}/agreement`, user);
      expect(res.status).toBe(status);
      if (status !== 200) expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
      else await res.arrayBuffer();
    });

    it.each([
      ['an unknown unit', 'unit=word', 400, /query parameter "unit": expected one of char, token, got "word"/],
      ['an empty list entry', 'labels=militarization,,prevention', 400, /query parameter "labels": .* has an empty entry/],
      ['an unknown annotator', 'annotators=sam,zed', 400, /query parameter "annotators": unknown annotator "zed" in project "study"; expected one of sam, sue/],
      ['an unknown label', 'labels=fraud', 400, /query parameter "labels": unknown label "fraud"/],
      ['an unknown document', 'docs=a,zz', 400, /query parameter "docs": unknown document "zz"/],
      ['a bad confusion flag', 'confusion=yes', 400, /query parameter "confusion": expected 1 or 0/],
      ['a single annotator', 'annotators=sam', 422, /at least two annotators/],
    ])('refuses %s', async (_what, query, status, message) => {
      const res = await get(`/api/projects/study/agreement?${query}`, 'cleo');
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    });
  });
});

// Damages stored rows with the embedded backend's SQL: on SQLite.
describe('agreement answered from a cache while the project is unchanged', () => {
  const live = serverPerTest();
  let server: TestServer;
  let errors: LogContext[];

  /** Project `solo` (independent): `d1` annotated by sam and sue, `d2` by sam alone. */
  const LAYERS = [
    {
      id: 'd1',
      text: 'Soldiers patrol the streets at night.',
      spans: [
        { start: 0, end: 8, label: 'militarization', annotator: 'sam' },
        { start: 0, end: 15, label: 'militarization', annotator: 'sue' },
        { start: 20, end: 27, label: 'prevention', annotator: 'sue' },
      ],
    },
    { id: 'd2', text: 'Youth programs replace raids.', spans: [{ start: 0, end: 14, label: 'prevention', annotator: 'sam' }] },
  ];
  /** The room whose row is corrupted in place: no change below touches it, so only a new measurement reads it. */
  const CORRUPTED = layerRoom('solo', 'd1', 'sue');

  beforeEach(async () => {
    errors = [];
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: (_message, context) => void errors.push(context ?? {}) };
    server = await live.start({ logger, compactAfterUpdates: 3 });
    const content = LAYERS.map((doc) => JSON.stringify(doc)).join('\n');
    const imported = await importDocuments(server.server.data, [{ name: 'layers.jsonl', format: 'jsonl', content }], { project: 'solo', replace: true });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  });

  async function agreement(query = '', as = 'cleo'): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${server.baseUrl}/api/projects/solo/agreement${query === '' ? '' : `?${query}`}`, { headers: { Authorization: `Bearer ${server.token(as)}` } });
    return { status: res.status, body: await res.json() };
  }

  /** The answer measured in the server's data directory without any cache. */
  async function fresh(query: { unit?: 'char' | 'token'; annotators?: string[] } = {}): Promise<unknown> {
    const read = await readAgreementInput(server.server.data, 'solo', query);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    return JSON.parse(JSON.stringify(agreementJson(measureAgreement(read.value.input))));
  }

  /** Overwrites the bytes of the room's newest row in place, keeping its id and the room's row count. */
  function corruptInPlace(room: string): void {
    corruptRow(server.server.data, room);
  }

  async function storedAnnotationIds(room: string): Promise<string[]> {
    const state = await server.server.data.updates.load(room);
    const doc = new Y.Doc();
    if (state !== null) Y.applyUpdate(doc, state);
    const ids = [...doc.getMap('annotations').keys()];
    doc.destroy();
    return ids;
  }

  /** Annotates `[start, end)` of a document's text in a layer through stock y-websocket clients, and waits until it is stored. */
  async function annotateThroughClient(user: string, doc: string, layer: string, span: { id: string; start: number; end: number; label: string }): Promise<void> {
    const content = live.client(`solo/${doc}`, user);
    const writer = live.client(layerRoom('solo', doc, layer), user);
    await Promise.all([content.synced, writer.synced]);
    expect(readContentText(content.doc).length).toBeGreaterThanOrEqual(span.end);
    const room = layerRoom('solo', doc, layer);
    const stored = new Promise<void>((resolve) => {
      const check = (event: { room: string }): void => {
        if (event.room !== room) return;
        void storedAnnotationIds(room).then((ids) => {
          if (!ids.includes(span.id)) return;
          live.events.off('stored', check);
          resolve();
        });
      };
      live.events.on('stored', check);
    });
    writeAnnotations(writer.doc, content.doc, [{ ...span, author: user, status: 'proposed', note: '', created: 1, source: 'human' }]);
    await stored;
  }

  /** A request measured again reads the corrupted room: the server fails it and logs which room. */
  async function expectMeasuredAgain(query = ''): Promise<void> {
    const again = await agreement(query);
    expect(again.status).toBe(500);
    expect(errors.map((e) => e['error'])).toContainEqual(expect.stringMatching(/cannot load room "solo\/d1\/layers\/sue": row \d+: checksum mismatch/));
  }

  it('measures a repeated request once, and again once a client annotates', async () => {
    const first = await agreement('unit=token');
    expect(first.status).toBe(200);
    expect(first.body).toEqual(await fresh({ unit: 'token' }));
    corruptInPlace(CORRUPTED);
    await expect(fresh({ unit: 'token' })).rejects.toThrow(/checksum mismatch/);
    // The answer comes from the cache: the corrupt row is not read.
    expect(await agreement('unit=token')).toEqual(first);
    expect(errors).toEqual([]);
    await annotateThroughClient('sam', 'd2', 'sam', { id: 'late', start: 23, end: 28, label: 'militarization' });
    await expectMeasuredAgain('unit=token');
  });

  it('answers a changed project with the new figures', async () => {
    const before = await agreement();
    await annotateThroughClient('sue', 'd2', 'sue', { id: 'sue-d2', start: 0, end: 14, label: 'prevention' });
    const after = await agreement();
    expect(after.status).toBe(200);
    expect(after.body).toEqual(await fresh());
    expect(after.body).not.toEqual(before.body);
  });

  const CHANGES: [string, () => Promise<void>][] = [
    ['an annotation a client adds to a layer', () => annotateThroughClient('sam', 'd2', 'sam', { id: 'more', start: 15, end: 22, label: 'prevention' })],
    ['a layer a client starts', () => annotateThroughClient('sue', 'd2', 'sue', { id: 'first', start: 0, end: 5, label: 'prevention' })],
    [
      'a document imported through the API',
      async () => {
        const res = await fetch(`${server.baseUrl}/api/projects/solo/import?name=d3.txt`, { method: 'POST', headers: { Authorization: `Bearer ${server.token('cleo')}`, 'Content-Type': 'text/plain' }, body: 'A third text.' });
        expect(res.status).toBe(201);
      },
    ],
    ['a document removed from the catalog', async () => void expect(await server.server.data.catalog.removeDocument('solo', 'd2')).toBe(true)],
    [
      'a schema change',
      async () => {
        const schema = { ...TEST_SCHEMA, labels: [...TEST_SCHEMA.labels, { id: 'fraud', name: 'Fraud', description: 'Fraud.', color: '#f2cc8f' }] };
        rewriteProjectSchema(server.server.data, 'solo', schema);
      },
    ],
  ];

  it.each(CHANGES)('measures again after %s', async (_what, change) => {
    expect((await agreement()).status).toBe(200);
    corruptInPlace(CORRUPTED);
    expect((await agreement()).status).toBe(200);
    await change();
    await expectMeasuredAgain();
  });

  it('measures again after the server compacts a room', async () => {
    // Two more rows (three with the import's) reach the threshold: the room is compacted when it is next loaded.
    const room = layerRoom('solo', 'd2', 'sam');
    const store = server.server.data.updates;
    for (const id of ['x1', 'x2']) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await store.load(room)) as Uint8Array);
      const before = Y.encodeStateVector(doc);
      doc.getMap('annotations').set(id, 'unrelated');
      doc.getMap('annotations').delete(id);
      await store.append(room, Y.encodeStateAsUpdate(doc, before));
      doc.destroy();
    }
    expect((await store.roomVersion(room)).rows).toBe(3);
    expect((await agreement()).status).toBe(200);
    corruptInPlace(CORRUPTED);
    expect((await agreement()).status).toBe(200);
    const compacted = new Promise<void>((resolve) => live.events.once('compacted', () => resolve()));
    live.client(room, 'cleo');
    await compacted;
    expect((await store.roomVersion(room)).rows).toBe(1);
    await expectMeasuredAgain();
  });

  it('keeps an answer per query: another query is measured on its own', async () => {
    expect((await agreement()).status).toBe(200);
    corruptInPlace(CORRUPTED);
    expect((await agreement()).status).toBe(200);
    await expectMeasuredAgain('annotators=sue,sam');
    await expectMeasuredAgain('unit=token');
    await expectMeasuredAgain('confusion=1');
    expect((await agreement()).status).toBe(200);
  });

  it('checks the role before answering from the cache', async () => {
    const cached = await agreement();
    expect(cached.status).toBe(200);
    for (const [user, status] of [['sam', 403], ['sue', 403], ['vera', 403]] as const) {
      const refused = await agreement('', user);
      expect(refused.status).toBe(status);
      expect(JSON.stringify(refused.body)).not.toContain('"pairs"');
    }
    const anonymous = await fetch(`${server.baseUrl}/api/projects/solo/agreement`);
    expect(anonymous.status).toBe(401);
  });
});
