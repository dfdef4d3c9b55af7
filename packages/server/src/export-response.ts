/**
 * Answers an export request with a dataset format of `@glossa/formats`. A
 * folder format (or any format when a tar is asked for) is streamed as a
 * POSIX tar archive, entry by entry as the exporter finishes each file. A
 * file format whose adapter declares the one file it writes
 * (`FormatAdapter.singleFile`) is streamed as that file, chunk by chunk as
 * the exporter produces it; any other file format is exported into memory
 * and answered with its one file, or with a tar when it wrote sidecars
 * beside it (Label Studio's config, CoNLL's file per annotator). A tar entry
 * is held in memory until its file is complete, because a tar header states
 * the size before the content.
 */
import type { ServerResponse } from 'node:http';
import { MemorySink, contentChunks, type CorpusDocument, type ExportContent, type ExportContext, type ExportReport, type ExportSink, type FormatAdapter } from '@glossa/formats';
import { errorMessage } from './error-message.js';
import { ClientGoneError, writeChunk } from './http-util.js';
import type { Logger } from './logger.js';
import { TAR_END, tarEntry } from './tar.js';

/** Content types of the main files of file formats, by extension. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.conll': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function contentTypeOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot >= 0 ? CONTENT_TYPES[fileName.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

async function collect(content: ExportContent): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of contentChunks(content)) parts.push(chunk);
  return Buffer.concat(parts);
}

/**
 * An adapter's `singleFile` declaration did not hold: its export wrote
 * another file than the declared one, a second file, or none. When the
 * declared file's headers were already sent, the response is destroyed (the
 * client sees a truncated download, never a wrong file).
 */
export class SingleFileDeclarationError extends Error {
  override readonly name = 'SingleFileDeclarationError';
  constructor(
    /** The adapter's name. */
    readonly format: string,
    /** The file the adapter declared. */
    readonly declared: string,
    /** What the export did instead, e.g. `it also wrote "corpus.config.xml"`. */
    detail: string,
  ) {
    super(`format "${format}" declared that its export writes the single file "${declared}", but ${detail}`);
  }
}

/**
 * The documents of an export, cut off once `stopped` gives a reason: the
 * exporter's next pull throws it and the corpus's iterator is closed, so an
 * export whose output can no longer be delivered stops reading the corpus.
 */
async function* untilStopped(documents: AsyncIterable<CorpusDocument>, stopped: () => Error | undefined): AsyncGenerator<CorpusDocument> {
  const iterator = documents[Symbol.asyncIterator]();
  try {
    for (;;) {
      const reason = stopped();
      if (reason !== undefined) throw reason;
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** Why an export to `res` should stop: the client closed the connection. */
function clientGone(res: ServerResponse): Error | undefined {
  return res.destroyed ? new ClientGoneError() : undefined;
}

/** An export sink writing each finished file to the response as a tar entry. */
class TarResponseSink implements ExportSink {
  /** Entries are written one at a time, in the order their files finish. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly res: ServerResponse) {}

  async writeFile(relPath: string, content: ExportContent): Promise<void> {
    const bytes = await collect(content);
    const parts = tarEntry(relPath, bytes);
    const written = this.queue.then(async () => {
      for (const part of parts) await writeChunk(this.res, part);
    });
    this.queue = written;
    await written;
  }

  /** Ends the archive after the last entry. */
  async finish(): Promise<void> {
    await this.queue;
    await writeChunk(this.res, TAR_END);
  }
}

/**
 * Writes each chunk of `content` with `write`. After a failed write the rest
 * is still pulled and dropped, so an exporter streaming into the file is not
 * left waiting for a reader (it stops at its next document, see
 * `untilStopped`); then the failure is thrown.
 */
async function writeContent(content: ExportContent, write: (chunk: Uint8Array) => Promise<void>): Promise<void> {
  const chunks = contentChunks(content);
  let failure: { readonly error: unknown } | undefined;
  for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
    if (failure !== undefined) continue;
    try {
      await write(next.value);
    } catch (error) {
      failure = { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}

/**
 * An export sink streaming the one file an adapter declared to the response,
 * chunk by chunk with backpressure. The download headers are set when that
 * file starts and sent with its first chunk, so an export failing before it
 * (a strict export's first loss) can still be answered with an error. Any
 * other file breaks the declaration: `failure` is set, nothing more is
 * written, the response is destroyed if its headers are out, and the write
 * rejects.
 */
class SingleFileResponseSink implements ExportSink {
  /** Set once the export broke the declaration. */
  failure: SingleFileDeclarationError | undefined;
  /** Whether the declared file was started. */
  started = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly format: string,
    private readonly fileName: string,
  ) {}

  async writeFile(relPath: string, content: ExportContent): Promise<void> {
    if (this.failure === undefined && !this.started && relPath === this.fileName) {
      this.started = true;
      setDownloadHeaders(this.res, contentTypeOf(this.fileName), this.fileName);
      await writeContent(content, async (chunk) => {
        if (this.failure !== undefined) throw this.failure;
        await writeChunk(this.res, chunk);
      });
      return;
    }
    const detail = this.started ? `it also wrote "${relPath}"` : `it wrote "${relPath}" first`;
    const failure = (this.failure ??= new SingleFileDeclarationError(this.format, this.fileName, detail));
    if (this.res.headersSent) this.res.destroy();
    await writeContent(content, async () => undefined);
    throw failure;
  }
}

function setDownloadHeaders(res: ServerResponse, contentType: string, fileName: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** How `sendFormatExport` names and packs the download. */
export interface FormatExportRequest {
  readonly adapter: FormatAdapter;
  readonly documents: AsyncIterable<CorpusDocument>;
  readonly context: ExportContext;
  /** The download's base name (the project id). */
  readonly baseName: string;
  /** Always answer with a tar, even for a file format that writes one file. */
  readonly forceArchive: boolean;
  /** Where a broken `singleFile` declaration is reported (the thrown error may be lost once headers are sent). */
  readonly logger?: Logger;
}

type ExportFunction = NonNullable<FormatAdapter['export']>;

/**
 * Runs the adapter's export into the response and ends it. Resolves with
 * the export report. Throws `RangeError` for an adapter that cannot export,
 * `ClientGoneError` when the client closed the connection (the export stops
 * pulling documents), and `SingleFileDeclarationError` when the adapter's
 * `singleFile` declaration did not hold (the response is destroyed if its
 * headers were sent).
 */
export async function sendFormatExport(res: ServerResponse, request: FormatExportRequest): Promise<ExportReport> {
  const { adapter, documents, context, baseName, forceArchive } = request;
  const exportTo = adapter.export?.bind(adapter);
  if (exportTo === undefined) throw new RangeError(`format "${adapter.name}" cannot export`);
  const archiveName = `${baseName}-${adapter.name}.tar`;
  if (adapter.kind === 'folder' || forceArchive) {
    setDownloadHeaders(res, 'application/x-tar', archiveName);
    const sink = new TarResponseSink(res);
    const report = await exportTo(untilStopped(documents, () => clientGone(res)), context, sink);
    await sink.finish();
    res.end();
    return report;
  }
  const declared = adapter.singleFile?.(context);
  if (declared !== undefined) return streamSingleFile(res, request, exportTo, declared);
  const sink = new MemorySink();
  const report = await exportTo(untilStopped(documents, () => clientGone(res)), context, sink);
  const files = [...sink.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const only = files.length === 1 ? files[0] : undefined;
  if (only !== undefined) {
    const [name, bytes] = only;
    setDownloadHeaders(res, contentTypeOf(name), name);
    res.setHeader('Content-Length', bytes.length);
    res.end(bytes);
    return report;
  }
  setDownloadHeaders(res, 'application/x-tar', archiveName);
  for (const [name, bytes] of files) for (const part of tarEntry(name, bytes)) await writeChunk(res, part);
  await writeChunk(res, TAR_END);
  res.end();
  return report;
}

/** Streams the one file `declared` by the adapter (chunked, no Content-Length), failing loudly when the export writes anything else. */
async function streamSingleFile(res: ServerResponse, request: FormatExportRequest, exportTo: ExportFunction, declared: string): Promise<ExportReport> {
  const { adapter, documents, context, logger } = request;
  const sink = new SingleFileResponseSink(res, adapter.name, declared);
  const broken = (failure: SingleFileDeclarationError): SingleFileDeclarationError => {
    if (res.headersSent) res.destroy();
    logger?.error('export broke its single-file declaration', { format: adapter.name, file: declared, error: errorMessage(failure) });
    return failure;
  };
  let report: ExportReport;
  try {
    report = await exportTo(untilStopped(documents, () => sink.failure ?? clientGone(res)), context, sink);
  } catch (error) {
    if (sink.failure !== undefined) throw broken(sink.failure);
    throw error;
  }
  if (sink.failure !== undefined) throw broken(sink.failure);
  if (!sink.started) throw broken(new SingleFileDeclarationError(adapter.name, declared, 'it wrote no file'));
  res.end();
  return report;
}
