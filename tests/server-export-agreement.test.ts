/**
 * Acceptance: the content of `GET /api/projects/:p/export` and
 * `GET /api/projects/:p/agreement`. A JSONL download parses back to the
 * imported spans (code points), a CSV download (a file format) and a brat
 * download (a folder format, as a tar) carry the same spans, each role gets
 * only the layers it may read; the agreement route answers the same JSON as
 * `glossa agreement --json`, for curators and admins only, and names the
 * query parameter at fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAgreement, toUtf16Offset, type AgreementDocument } from '@glossa/core';
import { exportFormatNames, tokenize } from '@glossa/formats';
import { importDocuments } from '@glossa/server';
import { runGlossa } from '../packages/cli/test/support/run-cli.js';
import { TEST_SCHEMA, startTestServer, type TestServer } from '../packages/server/test/support/server-harness.js';

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

beforeAll(async () => {
  ts = await startTestServer();
  for (const [project, mode] of [['study', 'independent'], ['crew', 'shared']] as const) {
    const imported = await importDocuments(ts.server.data, [{ name: 'corpus.jsonl', format: 'jsonl', content: corpusJsonl() }], { project, mode, schema: TEST_SCHEMA });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  }
  for (const [user, roles] of Object.entries(PEOPLE)) {
    for (const [project, role] of Object.entries(roles)) ts.server.users.setRole(user, project, role as 'admin' | 'curator' | 'annotator' | 'viewer');
  }
});

afterAll(async () => {
  await ts.close();
});

function get(route: string, as: string | undefined): Promise<Response> {
  return fetch(`${ts.baseUrl}${route}`, as === undefined ? {} : { headers: { Authorization: `Bearer ${ts.token(as)}` } });
}

/** Reads a ustar archive into path → text (long names through PAX `path` records). */
function readTar(bytes: Uint8Array): Map<string, string> {
  const files = new Map<string, string>();
  const decoder = new TextDecoder();
  const field = (block: Uint8Array, offset: number, length: number): string => decoder.decode(block.subarray(offset, offset + length)).replace(/\0.*$/s, '');
  let at = 0;
  let paxPath: string | undefined;
  while (at + 512 <= bytes.length) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12), 8);
    const type = field(header, 156, 1);
    const prefix = field(header, 345, 155);
    const name = (prefix === '' ? '' : `${prefix}/`) + field(header, 0, 100);
    const content = bytes.subarray(at + 512, at + 512 + size);
    if (type === 'x') paxPath = /\d+ path=(.*)\n/.exec(decoder.decode(content))?.[1];
    else {
      files.set(paxPath ?? name, decoder.decode(content));
      paxPath = undefined;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
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

  it('answers a file format that writes a sidecar (Label Studio) with a tar of both files', async () => {
    const res = await get('/api/projects/study/export?format=labelstudio&consolidation=none', 'cleo');
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="study-labelstudio.tar"');
    const files = readTar(new Uint8Array(await res.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(['study.config.xml', 'study.json']);
    expect((JSON.parse(files.get('study.json') ?? '') as { data: { doc_id: string } }[]).map((t) => t.data.doc_id)).toEqual(['a', 'b']);
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

/** `glossa agreement --json` on the server's data directory (SQLite WAL lets both read). */
async function cliAgreement(...argv: string[]): Promise<unknown> {
  const run = await runGlossa(ts.dir, ['agreement', ...argv, '--json', '--data', ts.dir]);
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
