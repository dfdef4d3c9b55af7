/**
 * The one export pipeline, shared by `glossa export` and the REST export
 * route: a request (format, layers, consolidation, statuses…) is checked
 * against the project, turned into the format's `ExportContext` by one set
 * of rules, and run through the format's adapter of `@glossa/formats` into
 * whatever sink the caller gives (files on disk, a streamed response). So
 * the same request gives the same bytes and the same loss report whoever
 * asks.
 */
import { ANNOTATION_STATUSES, fail, ok, type AnnotationStatus, type Result } from '@glossa/core';
import {
  getFormat,
  type ConsolidationMethod,
  type CorpusDocument,
  type ExportContext,
  type ExportLayout,
  type ExportReport,
  type ExportSink,
  type FormatAdapter,
  type FormatIssue,
  type ProgressListener,
  type SplitOptions,
  type TagScheme,
} from '@glossa/formats';
import { cardAgreement } from './card-agreement.js';
import type { ProjectRecord } from './catalog.js';
import type { DataDir } from './data-dir.js';
import { readProjectDocuments } from './project-reader.js';

/**
 * Formats that carry every layer, status and label, so a project exported to
 * them and imported again is the same: unless the request says otherwise they
 * keep every layer apart (no consolidation), every status, and labels
 * excluded from export (unless the boilerplate under them is stripped).
 */
export const LOSSLESS_EXPORT_FORMATS: readonly string[] = ['jsonl', 'w3c'];

/** What to export; every field but `format` is optional. */
export interface ProjectExportRequest {
  /** An export format of `@glossa/formats` (`exportFormatNames`). */
  readonly format: string;
  /** Only these layers (each must exist in the project). @default every layer */
  readonly layers?: readonly string[];
  /** How layers are consolidated. @default none for lossless formats; otherwise the format's (gold where a document has a gold layer; CoNLL keeps every layer apart) */
  readonly consolidation?: ConsolidationMethod;
  /** Only spans with these statuses. @default every status for lossless formats; otherwise proposed and accepted */
  readonly statuses?: readonly AnnotationStatus[];
  /** Cut the text under labels excluded from export out of the documents. @default false */
  readonly stripBoilerplate?: boolean;
  /** Fail on the first loss instead of reporting it (`ExportLossError`). @default false */
  readonly strict?: boolean;
  /** Hugging Face: splits by document. */
  readonly splits?: SplitOptions;
  /** CoNLL and token rows: the tagging scheme. @default 'bio' */
  readonly scheme?: TagScheme;
  /** W3C: base of document IRIs. @default the project's base URL, else `urn:glossa:<project>:` */
  readonly baseUrl?: string;
  /** Hugging Face: token-classification rows. @default false */
  readonly tokens?: boolean;
  /** Hugging Face: Parquet files. @default false */
  readonly parquet?: boolean;
  /** spaCy: non-overlapping spans as `doc.ents` too. @default false */
  readonly ents?: boolean;
  /**
   * The form of the output of a `file` format: exactly one file (`file`),
   * or the format's folder form (`folder`: the main file and its sidecars,
   * or a file per layer). A `folder` format is always a folder.
   * @default 'file'
   */
  readonly layout?: ExportLayout;
  /** The main file's name, for a file format (in the folder form, sidecars are named after it). @default `<project><extension>` */
  readonly fileName?: string;
  /** Called after each document is written. */
  readonly onProgress?: ProgressListener;
  /** Told about each annotation whose text was deleted: kept in its layer, not exported. */
  readonly onOrphan?: (issue: FormatIssue) => void;
  /** Told about each malformed layer entry: not exported. */
  readonly onLayerProblem?: (issue: FormatIssue) => void;
}

/** A format adapter that can export. */
export type ExportingAdapter = FormatAdapter & { readonly export: NonNullable<FormatAdapter['export']> };

/** An export checked and ready to run. */
export interface ProjectExport {
  readonly project: ProjectRecord;
  readonly format: ExportingAdapter;
  /** Whether the output is exactly one file (`file`) or a folder (`folder` formats, and the folder form of a `file` format). */
  readonly layout: ExportLayout;
  /** The layers read, sorted. */
  readonly layers: readonly string[];
  /** How many documents the export reads. */
  readonly documentCount: number;
  /** The context the format's exporter runs with. */
  readonly context: ExportContext;
  /** The documents, read from storage one at a time as the exporter pulls them. */
  readonly documents: AsyncIterable<CorpusDocument>;
  /** Runs the format's exporter over the documents into `sink`; resolves with the report of what was written and lost. */
  run(sink: ExportSink): Promise<ExportReport>;
}

/** The adapter of an export format. @throws RangeError for a format that cannot export. */
export function exportingAdapter(format: string): ExportingAdapter {
  const adapter = getFormat(format);
  if (adapter?.export === undefined) throw new RangeError(`format ${JSON.stringify(format)} cannot export`);
  return adapter as ExportingAdapter;
}

/**
 * Checks an export of `project` (the project, the layers asked for) and
 * prepares it: the documents to read and the format's context, made by the
 * rules above. Problems with the request come back as issues naming the
 * field; the export runs only when the caller calls `run` (or hands
 * `documents` and `context` to the format itself).
 *
 * @throws RangeError for a format that cannot export (check `exportFormatNames` first).
 * @example
 * const opened = await openProjectExport(data, 'policy', { format: 'conll' });
 * if (opened.ok) console.log(await opened.value.run(new MemorySink()));
 */
export async function openProjectExport(data: DataDir, project: string, request: ProjectExportRequest): Promise<Result<ProjectExport, FormatIssue>> {
  const format = exportingAdapter(request.format);
  const read = await readProjectDocuments(data, project, {
    ...(request.layers === undefined ? {} : { layers: request.layers }),
    ...(request.onOrphan === undefined ? {} : { onOrphan: request.onOrphan }),
    ...(request.onLayerProblem === undefined ? {} : { onLayerProblem: request.onLayerProblem }),
  });
  if (!read.ok) return fail(read.errors);
  const { project: record, layers, documents } = read.value;
  const lossless = LOSSLESS_EXPORT_FORMATS.includes(format.name);
  const consolidation = request.consolidation ?? (lossless ? 'none' : undefined);
  const statuses = request.statuses ?? (lossless ? ANNOTATION_STATUSES : undefined);
  const baseUrl = request.baseUrl ?? record.baseUrl;
  const fileName = format.kind === 'file' ? (request.fileName ?? `${record.id}${format.extension ?? ''}`) : undefined;
  const layout: ExportLayout = format.kind === 'folder' ? 'folder' : (request.layout ?? 'file');
  const agreement = format.name === 'hf' ? await cardAgreement(data, project, layers) : undefined;
  const context: ExportContext = {
    schema: record.schema,
    project: record.id,
    ...(fileName === undefined ? {} : { fileName }),
    layout,
    layers,
    ...(consolidation === undefined ? {} : { consolidation }),
    ...(statuses === undefined ? {} : { statuses: [...new Set(statuses)] }),
    includeExcluded: lossless && request.stripBoilerplate !== true,
    stripBoilerplate: request.stripBoilerplate === true,
    strict: request.strict === true,
    ...(request.splits === undefined ? {} : { splits: request.splits }),
    ...(agreement === undefined ? {} : { agreement }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(request.scheme === undefined ? {} : { scheme: request.scheme }),
    tokens: request.tokens === true,
    parquet: request.parquet === true,
    ents: request.ents === true,
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
  };
  const documentCount = (await data.catalog.listDocuments(project)).length;
  return ok({ project: record, format, layout, layers, documentCount, context, documents, run: (sink) => format.export(documents, context, sink) });
}
