/**
 * Answers an export request with a dataset format of `@glossa/formats`. A
 * folder format (or any format when a tar is asked for) is streamed as a
 * POSIX tar archive, entry by entry as the exporter finishes each file; a
 * file format is answered with its one file, or with a tar when it wrote
 * sidecars beside it (Label Studio's config, CoNLL's file per annotator).
 * Each file is held in memory until it is complete, because a tar header
 * states the size before the content.
 */
import type { ServerResponse } from 'node:http';
import { MemorySink, contentChunks, type CorpusDocument, type ExportContent, type ExportContext, type ExportReport, type ExportSink, type FormatAdapter } from '@glossa/formats';
import { writeChunk } from './http-util.js';
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
}

/**
 * Runs the adapter's export into the response and ends it. Resolves with
 * the export report. Throws `RangeError` for an adapter that cannot export.
 */
export async function sendFormatExport(res: ServerResponse, request: FormatExportRequest): Promise<ExportReport> {
  const { adapter, documents, context, baseName, forceArchive } = request;
  const exportTo = adapter.export?.bind(adapter);
  if (exportTo === undefined) throw new RangeError(`format "${adapter.name}" cannot export`);
  const archiveName = `${baseName}-${adapter.name}.tar`;
  if (adapter.kind === 'folder' || forceArchive) {
    setDownloadHeaders(res, 'application/x-tar', archiveName);
    const sink = new TarResponseSink(res);
    const report = await exportTo(documents, context, sink);
    await sink.finish();
    res.end();
    return report;
  }
  const sink = new MemorySink();
  const report = await exportTo(documents, context, sink);
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
