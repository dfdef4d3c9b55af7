/**
 * Runs an export: prepares documents, counts what is written and lost,
 * and builds the report.
 */
import type { ExportContent, ExportContext, ExportSink } from './adapter.js';
import type { CorpusDocument } from './model.js';
import type { ExportDocument, PrepareOptions } from './prepare.js';
import { isConsolidated, prepareDocuments } from './prepare.js';
import type { ExportReport, WrittenFile } from './report.js';
import { LossRecorder } from './report.js';
import { contentChunks } from './sink.js';

/** What an exporter body is given. */
export interface ExportRun {
  readonly ctx: ExportContext;
  /** A sink that counts bytes per file. */
  readonly sink: ExportSink;
  readonly losses: LossRecorder;
  /** Whether annotators are merged into one layer. */
  readonly consolidated: boolean;
}

/**
 * Runs `body` over the prepared documents and returns the report. Documents
 * and spans are counted as the body pulls them. Texts get LF line breaks
 * unless `options.lineBreaks` is `exact`.
 */
export async function runExport(
  format: string,
  docs: AsyncIterable<CorpusDocument>,
  ctx: ExportContext,
  sink: ExportSink,
  body: (documents: AsyncIterable<ExportDocument>, run: ExportRun) => Promise<void>,
  options: PrepareOptions = {},
): Promise<ExportReport> {
  const started = performance.now();
  const losses = new LossRecorder(ctx.strict === true);
  const files: WrittenFile[] = [];
  const counting: ExportSink = {
    async writeFile(relPath: string, content: ExportContent): Promise<void> {
      let bytes = 0;
      async function* counted(): AsyncGenerator<Uint8Array> {
        for await (const chunk of contentChunks(content)) {
          bytes += chunk.length;
          yield chunk;
        }
      }
      await sink.writeFile(relPath, counted());
      files.push({ path: relPath, bytes });
    },
  };
  let documents = 0;
  let spans = 0;
  let relations = 0;
  async function* counted(): AsyncGenerator<ExportDocument> {
    for await (const doc of prepareDocuments(docs, ctx, losses, options)) {
      yield doc;
      documents++;
      for (const l of doc.layers) {
        spans += l.spans.length;
        relations += l.relations.length;
      }
      ctx.onProgress?.({ documents, spans });
    }
  }
  await body(counted(), { ctx, sink: counting, losses, consolidated: isConsolidated(ctx) });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { format, documents, spans, relations, files, losses: losses.entries(), elapsedMs: performance.now() - started };
}

/** The main file name of a `file` format: `ctx.fileName` or `corpus<extension>`. */
export function mainFileName(ctx: ExportContext, extension: string): string {
  return ctx.fileName ?? `corpus${extension}`;
}

/** A sidecar name beside the main file: `corpus.jsonl` + `.config.xml` → `corpus.config.xml`. */
export function sidecarName(mainFile: string, extension: string, suffix: string): string {
  const stem = mainFile.endsWith(extension) ? mainFile.slice(0, mainFile.length - extension.length) : mainFile;
  return `${stem}${suffix}`;
}
