/**
 * `sendFormatExport` over real HTTP (a `node:http` server on port 0): a file
 * format whose adapter declares its single file is streamed while the
 * corpus is still being read, byte for byte the in-memory export; a client
 * that goes away stops the export; a broken declaration never yields a
 * complete download; adapters without a declaration, and forced archives,
 * answer as before.
 */
import { createServer, get, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabelSchema } from '@glossa/core';
import {
  MemorySink,
  compareCorpusSpans,
  conllFormat,
  csvFormat,
  formats,
  jsonlFormat,
  labelStudioFormat,
  mainFileName,
  spacyJsonFormat,
  type CorpusDocument,
  type CorpusSpan,
  type ExportContext,
  type ExportReport,
  type FormatAdapter,
} from '@glossa/formats';
import { SingleFileDeclarationError, sendFormatExport, type FormatExportRequest } from '../src/export-response.js';
import { ClientGoneError } from '../src/http-util.js';
import type { LogContext, Logger } from '../src/logger.js';

const SCHEMA: LabelSchema = {
  version: 1,
  name: 'Streaming schema',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'militarization', name: 'Militarization', description: 'Armed forces in public security.', color: '#e07a5f' },
    { id: 'prevention', name: 'Prevention', description: 'Preventing crime at its roots.', color: '#81b29a' },
    { id: 'boilerplate', name: 'Boilerplate', description: 'Navigation and other noise.', color: '#cccccc', excludeFromExport: true },
  ],
  documentLabels: [{ id: 'tone', name: 'Tone', choice: 'single', values: ['calm', 'tense'] }],
};

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** How far an export pulled its corpus. */
interface CorpusProbe {
  /** Documents handed out so far. */
  pulled: number;
  /** Whether the generator ran to its end. */
  exhausted: boolean;
  /** Whether the generator was closed (ended or stopped by its consumer). */
  closed: boolean;
}

function newProbe(): CorpusProbe {
  return { pulled: 0, exhausted: false, closed: false };
}

interface CorpusShape {
  readonly count: number;
  /** How many times each document's sentence is repeated. */
  readonly sentences: number;
  /** The first document (0-based) with layers besides alice's (bob, gold); 0 unless given. */
  readonly othersFrom?: number;
  /** Before handing out document `at`, waits for `until`. */
  readonly gate?: { readonly at: number; readonly until: Promise<void> };
}

function spanOf(doc: number, text: string, quote: string, label: string, layer: string, occurrence: number): CorpusSpan {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = text.indexOf(quote, at + 1);
  return { id: `${doc}-${layer}-${occurrence}-${label}`, start: at, end: at + quote.length, label, layer, author: layer, status: occurrence % 3 === 2 ? 'accepted' : 'proposed', note: occurrence === 1 ? 'checked twice' : '', created: 1_700_000_000_000 + doc, source: 'human' };
}

/** Document `i`: emoji, a CRLF line break, a document label, overlapping spans of alice and (from `othersFrom` on) bob, gold on every third document. */
function corpusDocument(i: number, shape: CorpusShape): CorpusDocument {
  const sentence = `Menu | Home\r\nThe army 😀 of district ${i % 97} met the youth programs near the café\u0301. `;
  const text = sentence.repeat(shape.sentences);
  const spans: CorpusSpan[] = [];
  for (let s = 0; s < Math.min(shape.sentences, 4); s++) {
    spans.push(spanOf(i, text, 'army 😀 of district', 'militarization', 'alice', s));
    spans.push(spanOf(i, text, 'Menu | Home', 'boilerplate', 'alice', s));
    if (i < (shape.othersFrom ?? 0)) continue;
    spans.push(spanOf(i, text, 'army', 'militarization', 'bob', s), spanOf(i, text, 'youth programs', 'prevention', 'bob', s));
    if (i % 3 === 0) spans.push(spanOf(i, text, 'youth programs', 'prevention', 'gold', s));
  }
  return { id: `doc-${i}`, text, spans: spans.sort(compareCorpusSpans), labels: { alice: { tone: i % 2 === 0 ? 'calm' : 'tense' } }, meta: { title: `Document ${i}` } };
}

/** The corpus as an async generator that records in `probe` how far it was read. */
async function* generatedCorpus(shape: CorpusShape, probe: CorpusProbe = newProbe()): AsyncGenerator<CorpusDocument> {
  try {
    for (let i = 0; i < shape.count; i++) {
      if (shape.gate?.at === i) await shape.gate.until;
      probe.pulled++;
      yield corpusDocument(i, shape);
    }
    probe.exhausted = true;
  } finally {
    probe.closed = true;
  }
}

/** A corpus whose JSONL export (~48 MB) is far larger than every buffer between the exporter and a client that stops reading. */
const LARGE: CorpusShape = { count: 6_000, sentences: 100 };

/** How `sendFormatExport` ended on the server. */
type Outcome = { readonly ok: true; readonly report: ExportReport } | { readonly ok: false; readonly error: unknown };

/** Serves `request` once per HTTP request, as the REST API does: after a failure, a 500 if no headers were sent, else the connection is dropped. */
async function serveExport(request: () => FormatExportRequest): Promise<{ url: string; outcome: Promise<Outcome> }> {
  let settle: (outcome: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const server: Server = createServer((_req, res) => {
    sendFormatExport(res, request()).then(
      (report) => settle({ ok: true, report }),
      (error: unknown) => {
        if (res.headersSent) res.destroy();
        else {
          res.statusCode = 500;
          res.end(String(error));
        }
        settle({ ok: false, error });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/export`, outcome };
}

/** Opens a download; resolves once the response headers are in. */
function openDownload(url: string): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => resolve({ req, res }));
    req.on('error', reject);
  });
}

/** The first chunk of a body; the body is paused after it, so nothing more is read. */
function firstChunk(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    res.once('data', (chunk: Buffer) => {
      res.pause();
      resolve(chunk);
    });
  });
}

/** The rest of a body after `head`, and whether the message arrived complete (a final chunk) or was cut off. */
function readRest(res: IncomingMessage, head: readonly Buffer[] = []): Promise<{ bytes: Buffer; complete: boolean }> {
  return new Promise((resolve) => {
    const parts = [...head];
    res.on('data', (chunk: Buffer) => parts.push(chunk));
    res.on('error', () => undefined);
    res.on('close', () => resolve({ bytes: Buffer.concat(parts), complete: res.complete }));
    res.resume();
  });
}

/** The whole download. */
async function download(url: string): Promise<{ res: IncomingMessage; bytes: Buffer; complete: boolean }> {
  const { res } = await openDownload(url);
  return { res, ...(await readRest(res)) };
}

/** The same export into memory. */
async function exportToMemory(adapter: FormatAdapter, shape: CorpusShape, context: ExportContext): Promise<MemorySink> {
  const sink = new MemorySink();
  if (adapter.export === undefined) throw new RangeError(`format "${adapter.name}" cannot export`);
  await adapter.export(generatedCorpus(shape), context, sink);
  return sink;
}

/** A ustar archive's regular files by name (names here fit the 100-byte field). */
function readTar(bytes: Uint8Array): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const buffer = Buffer.from(bytes);
  for (let at = 0; at + 512 <= buffer.length; ) {
    const header = buffer.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, ''), 8);
    files.set(name, buffer.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** A logger keeping its entries. */
function recordingLogger(): Logger & { readonly errors: { message: string; context?: LogContext }[] } {
  const errors: { message: string; context?: LogContext }[] = [];
  return {
    errors,
    info: () => undefined,
    warn: () => undefined,
    error: (message, context) => void errors.push({ message, ...(context === undefined ? {} : { context }) }),
  };
}

function context(extra: Partial<ExportContext> = {}): ExportContext {
  return { schema: SCHEMA, project: 'stream', ...extra };
}

function request(adapter: FormatAdapter, documents: AsyncIterable<CorpusDocument>, extra: Partial<FormatExportRequest> = {}, ctx: ExportContext = context()): FormatExportRequest {
  return { adapter, documents, context: ctx, baseName: 'stream', forceArchive: false, ...extra };
}

/** Every adapter that declares a single file for some context. */
const DECLARING = formats.filter((f): f is FormatAdapter & Required<Pick<FormatAdapter, 'singleFile' | 'export'>> => f.singleFile !== undefined && f.export !== undefined);

/** Export contexts to compare the streamed and the in-memory export on. */
const CONTEXTS: readonly [string, Partial<ExportContext>][] = [
  ['defaults', {}],
  ['a file name', { fileName: 'named-corpus' }],
  ['no consolidation', { consolidation: 'none' }],
  ['gold consolidation', { consolidation: 'gold', scheme: 'bioes' }],
  ['majority, accepted spans only', { consolidation: 'majority', statuses: ['accepted'] }],
  ['union, ents, boilerplate stripped', { consolidation: 'union', ents: true, stripBoilerplate: true }],
  ['intersection, excluded labels kept, IOB1', { consolidation: 'intersection', includeExcluded: true, scheme: 'iob1' }],
];

const IDENTITY_CASES = DECLARING.flatMap((adapter) =>
  CONTEXTS.map(([what, extra]) => {
    const withName = extra.fileName === undefined ? extra : { ...extra, fileName: `${extra.fileName}${adapter.extension ?? ''}` };
    return { name: `${adapter.name}, ${what}`, adapter, ctx: context(withName) };
  }).filter(({ adapter, ctx }) => adapter.singleFile(ctx) !== undefined),
);

describe('streaming a declared single file', () => {
  it('is declared by the formats that write one file', () => {
    expect(DECLARING.map((f) => f.name).sort()).toEqual(['conll', 'csv', 'jsonl', 'labelstudio', 'spacy', 'spacy-json', 'w3c']);
    expect(IDENTITY_CASES.filter((c) => c.adapter === conllFormat).length).toBeGreaterThan(0);
  });

  it('sends the first bytes while the corpus is still being read, chunked, then the whole file', async () => {
    const probe = newProbe();
    const { url, outcome } = await serveExport(() => request(jsonlFormat, generatedCorpus(LARGE, probe), {}, context({ fileName: 'stream.jsonl' })));
    const { res } = await openDownload(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stream.jsonl"');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    const first = await firstChunk(res);
    expect(probe.exhausted).toBe(false);
    expect(probe.pulled).toBeLessThan(LARGE.count);
    expect(first.toString('utf8')).toMatch(/^\{"id":"doc-0",/);
    const { bytes, complete } = await readRest(res, [first]);
    expect(complete).toBe(true);
    const result = await outcome;
    if (!result.ok) throw result.error;
    expect(result.report.documents).toBe(LARGE.count);
    expect(result.report.files).toEqual([{ path: 'stream.jsonl', bytes: bytes.length }]);
    expect(bytes.toString('utf8').split('\n').length - 1).toBe(LARGE.count);
    expect(probe.exhausted).toBe(true);
  });

  it.each(IDENTITY_CASES)('answers $name with the bytes of the in-memory export', async ({ adapter, ctx }) => {
    const shape: CorpusShape = { count: 150, sentences: 3 };
    const { url, outcome } = await serveExport(() => request(adapter, generatedCorpus(shape), {}, ctx));
    const { res, bytes, complete } = await download(url);
    const declared = adapter.singleFile(ctx) as string;
    expect(res.statusCode).toBe(200);
    expect(complete).toBe(true);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${declared}"`);
    expect(res.headers['content-length']).toBeUndefined();
    const memory = await exportToMemory(adapter, shape, ctx);
    expect([...memory.files.keys()]).toEqual([declared]);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.equals(memory.bytes(declared))).toBe(true);
    expect((await outcome).ok).toBe(true);
  });

  it.each([
    ['jsonl, written from a generator', jsonlFormat, context()],
    ['spaCy JSON, written from a generator', spacyJsonFormat, context({ consolidation: 'none' })],
    ['consolidated CoNLL, written through a channel', conllFormat, context({ consolidation: 'gold' })],
  ] as const)('stops the export of %s when the client disconnects mid-download', async (_what, adapter, ctx) => {
    const probe = newProbe();
    const { url, outcome } = await serveExport(() => request(adapter, generatedCorpus(LARGE, probe), {}, ctx));
    const { req, res } = await openDownload(url);
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    await firstChunk(res);
    req.destroy();
    const result = await outcome;
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.error).toBeInstanceOf(ClientGoneError);
    expect(probe.closed).toBe(true);
    expect(probe.exhausted).toBe(false);
    expect(probe.pulled).toBeLessThan(LARGE.count);
  });
});

describe('a broken single-file declaration', () => {
  /** The declaration failure the server saw, checked to name the adapter and the file at fault. */
  async function declarationFailure(outcome: Promise<Outcome>): Promise<SingleFileDeclarationError> {
    const result = await outcome;
    if (result.ok) throw new Error('expected the export to fail');
    expect(result.error).toBeInstanceOf(SingleFileDeclarationError);
    return result.error as SingleFileDeclarationError;
  }

  it('destroys the response when the export writes a second file after the declared one', async () => {
    const logger = recordingLogger();
    const adapter: FormatAdapter = {
      ...jsonlFormat,
      name: 'jsonl-with-readme',
      async export(docs, ctx, sink) {
        const report = await jsonlFormat.export?.(docs, ctx, sink);
        await sink.writeFile('README.md', '# Corpus\n');
        if (report === undefined) throw new RangeError('jsonl cannot export');
        return report;
      },
    };
    const probe = newProbe();
    const { url, outcome } = await serveExport(() => request(adapter, generatedCorpus({ count: 300, sentences: 3 }, probe), { logger }));
    const { res, bytes, complete } = await download(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="corpus.jsonl"');
    expect(complete).toBe(false);
    expect(bytes.toString('utf8')).not.toContain('# Corpus');
    const failure = await declarationFailure(outcome);
    expect(failure.message).toBe('format "jsonl-with-readme" declared that its export writes the single file "corpus.jsonl", but it also wrote "README.md"');
    expect(failure.format).toBe('jsonl-with-readme');
    expect(logger.errors).toEqual([{ message: 'export broke its single-file declaration', context: { format: 'jsonl-with-readme', file: 'corpus.jsonl', error: failure.message } }]);
  });

  it('destroys the response and stops the corpus when another file starts while the declared one streams', async () => {
    const logger = recordingLogger();
    // Declares the one file of a CSV export that starts another file once it reaches document 43.
    const exportCsv = csvFormat.export;
    if (exportCsv === undefined) throw new Error('csv cannot export');
    const adapter: FormatAdapter = {
      ...csvFormat,
      name: 'csv-then-another',
      export: (docs, ctx, sink) => {
        async function* startingAnother(): AsyncGenerator<CorpusDocument> {
          let n = 0;
          for await (const doc of docs) {
            if (++n === 43) void sink.writeFile('another.csv', '').catch(() => undefined);
            yield doc;
          }
        }
        return exportCsv(startingAnother(), ctx, sink);
      },
    };
    let headersIn: () => void = () => undefined;
    const gate = { at: 40, until: new Promise<void>((resolve) => (headersIn = resolve)) };
    const probe = newProbe();
    const shape: CorpusShape = { ...LARGE, othersFrom: 43, gate };
    const { url, outcome } = await serveExport(() => request(adapter, generatedCorpus(shape, probe), { logger }, context({ consolidation: 'none' })));
    const { res } = await openDownload(url);
    headersIn();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="corpus.csv"');
    const { complete } = await readRest(res);
    expect(complete).toBe(false);
    const failure = await declarationFailure(outcome);
    expect(failure.message).toMatch(/^format "csv-then-another" declared .* "corpus\.csv", but it also wrote "another\.csv"$/);
    expect(logger.errors.map((e) => e.context?.['format'])).toEqual(['csv-then-another']);
    expect(probe.closed).toBe(true);
    expect(probe.exhausted).toBe(false);
  });

  it.each([
    // The folder form of Label Studio writes its config beside the tasks.
    ['a sidecar first', { ...labelStudioFormat, name: 'labelstudio-tasks-only', singleFile: (ctx: ExportContext) => mainFileName(ctx, '.json') }, 'labelstudio-tasks-only', /but it wrote "corpus\.config\.xml" first$/, { layout: 'folder' }],
    ['another name', { ...csvFormat, name: 'csv-misnamed', singleFile: () => 'rows.csv' }, 'csv-misnamed', /"rows\.csv", but it wrote "corpus\.csv" first$/, {}],
    [
      'no file',
      {
        ...csvFormat,
        name: 'csv-silent',
        export: async (): Promise<ExportReport> => ({ format: 'csv-silent', documents: 0, spans: 0, files: [], losses: [], elapsedMs: 0 }),
      },
      'csv-silent',
      /"corpus\.csv", but it wrote no file$/,
      {},
    ],
  ] as const)('answers an export that writes %s with an error before any byte of a file', async (_what, adapter, name, message, extra) => {
    const logger = recordingLogger();
    const { url, outcome } = await serveExport(() => request(adapter, generatedCorpus({ count: 20, sentences: 2 }), { logger }, context(extra)));
    const { res, bytes } = await download(url);
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-disposition']).toBeUndefined();
    const failure = await declarationFailure(outcome);
    expect(failure.format).toBe(name);
    expect(failure.message).toMatch(message);
    expect(bytes.toString('utf8')).toBe(String(failure));
    expect(logger.errors).toHaveLength(1);
  });
});

describe('exports without a declaration', () => {
  it('exports into memory first and sends the one file with its length', async () => {
    const probe = newProbe();
    const shape: CorpusShape = { count: 200, sentences: 3 };
    const undeclared: FormatAdapter = { ...csvFormat, singleFile: undefined };
    const { url, outcome } = await serveExport(() => request(undeclared, generatedCorpus(shape, probe)));
    const { res } = await openDownload(url);
    const first = await firstChunk(res);
    expect(probe.exhausted).toBe(true);
    const { bytes, complete } = await readRest(res, [first]);
    expect(complete).toBe(true);
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['content-disposition']).toBe('attachment; filename="corpus.csv"');
    expect(bytes.equals((await exportToMemory(csvFormat, shape, context())).bytes('corpus.csv'))).toBe(true);
    expect((await outcome).ok).toBe(true);
  });

  it('answers a format that writes sidecars (the folder form of Label Studio) with a tar of every file', async () => {
    const shape: CorpusShape = { count: 30, sentences: 2 };
    const { url } = await serveExport(() => request(labelStudioFormat, generatedCorpus(shape), {}, context({ layout: 'folder' })));
    const { res, bytes } = await download(url);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stream-labelstudio.tar"');
    const memory = await exportToMemory(labelStudioFormat, shape, context({ layout: 'folder' }));
    const files = readTar(bytes);
    expect([...files.keys()].sort()).toEqual(['corpus.config.xml', 'corpus.json']);
    for (const [name, content] of files) expect(content.equals(memory.bytes(name))).toBe(true);
  });

  it('packs a declared single file in a tar when an archive is forced', async () => {
    const shape: CorpusShape = { count: 50, sentences: 2 };
    const { url } = await serveExport(() => request(jsonlFormat, generatedCorpus(shape), { forceArchive: true }));
    const { res, bytes } = await download(url);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stream-jsonl.tar"');
    const files = readTar(bytes);
    expect([...files.keys()]).toEqual(['corpus.jsonl']);
    expect(files.get('corpus.jsonl')?.equals((await exportToMemory(jsonlFormat, shape, context())).bytes('corpus.jsonl'))).toBe(true);
  });
});
