/**
 * The shape every format adapter has, and what exports and imports are given.
 */
import type { AnnotationStatus, LabelSchema, Result } from '@glossa/core';
import type { ConsolidationMethod } from './consolidate.js';
import type { CorpusDocument, FormatIssue } from './model.js';
import type { ProgressListener } from './progress.js';
import type { ExportReport, LossEntry } from './report.js';
import type { SplitOptions } from './splits.js';

/** What a file's content may be given as: whole, or streamed in chunks. */
export type ExportContent = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/**
 * Where an export writes its files: the CLI writes to disk, the server
 * streams. `writeFile` may be called several times before earlier calls
 * settle (a folder format writes its split files side by side), so a sink
 * must consume each streamed content as it arrives.
 */
export interface ExportSink {
  /** Writes one file at `relPath` (`/`-separated, relative to the export root). Resolves when written. */
  writeFile(relPath: string, content: ExportContent): Promise<void>;
}

/** Inter-annotator agreement figures, shown in a dataset card. */
export interface AgreementSummary {
  /** The measure, e.g. `Krippendorff's alpha (unitizing)` or `span F1 (exact)`. */
  readonly measure: string;
  /** The overall value. */
  readonly value: number;
  /** Values per label, when known. */
  readonly perLabel?: Readonly<Record<string, number>>;
  /** The number of documents the figure was computed on. */
  readonly documents?: number;
}

/** The tagging scheme of token-level formats. */
export type TagScheme = 'bio' | 'bioes' | 'iob1';

/** Dataset-card fields (Hugging Face front matter). */
export interface DatasetCardOptions {
  /** SPDX-style license id. @default 'other' */
  readonly license?: string;
  /** ISO 639-1 codes. @default ['en'] */
  readonly language?: readonly string[];
  /** @default ['expert-generated'] */
  readonly annotationsCreators?: readonly string[];
  /** A human-readable dataset name. @default the project id */
  readonly prettyName?: string;
}

/** Everything an export needs besides the documents. */
export interface ExportContext {
  /** The label schema: label names, descriptions, exclusion flags, document-label groups. */
  readonly schema: LabelSchema;
  /** The project id, used in identifiers (`urn:glossa:<project>:<doc>`). @default 'project' */
  readonly project?: string;
  /** The main file's name for `file` formats (sidecars are named after it). @default `corpus.<ext>` */
  readonly fileName?: string;
  /** How layers are consolidated. @default gold where a document has a gold layer, else none */
  readonly consolidation?: ConsolidationMethod;
  /** Only spans with these statuses are exported. @default ['proposed', 'accepted'] */
  readonly statuses?: readonly AnnotationStatus[];
  /** Export labels marked `excludeFromExport` too. @default false */
  readonly includeExcluded?: boolean;
  /** Cut the text under excluded labels (boilerplate) out of the documents, adjusting offsets. @default false */
  readonly stripBoilerplate?: boolean;
  /** Make any loss an error (`ExportLossError`). @default false */
  readonly strict?: boolean;
  /** Splits by document (folder formats). @default everything in `train` */
  readonly splits?: SplitOptions;
  /** Agreement figures for the dataset card. */
  readonly agreement?: AgreementSummary;
  /** Base URL of document IRIs in W3C exports (`<baseUrl><doc>`). @default `urn:glossa:<project>:` */
  readonly baseUrl?: string;
  /** Tagging scheme of CoNLL and token rows. @default 'bio' */
  readonly scheme?: TagScheme;
  /** Hugging Face: write token-classification rows instead of span rows. @default false */
  readonly tokens?: boolean;
  /** Hugging Face: write Parquet instead of JSONL (the container is built whole in memory). @default false */
  readonly parquet?: boolean;
  /** spaCy: also write non-overlapping spans as `doc.ents`. @default false */
  readonly ents?: boolean;
  /** Dataset-card fields. */
  readonly card?: DatasetCardOptions;
  /** Called after each document is written. */
  readonly onProgress?: ProgressListener;
}

/** One input file of an import: its path (for messages and folder layouts) and bytes. */
export interface ImportFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** What an import reads: one file, or the files of a folder. */
export interface ImportInput {
  readonly files: readonly ImportFile[];
}

/** Everything an import needs besides the input. */
export interface ImportContext {
  /** Labels are checked against it; document-label values are mapped to their groups. */
  readonly schema: LabelSchema;
  /** Files larger than this are refused. @default 50 MiB (`DEFAULT_MAX_IMPORT_BYTES`) */
  readonly maxBytes?: number;
  /** The layer of spans and labels when the file names no annotator. @default 'shared' */
  readonly layer?: string;
  /**
   * The creation time (ms since the epoch) of spans read from a format that
   * records none (native JSONL: the time of the import). @default 0
   */
  readonly created?: number;
}

/**
 * All documents of an import, or every problem found; never a partial
 * result. `losses`, when present, counts what the files hold that Glossa
 * does not read (brat events and normalizations, say), with the first
 * examples, as an export's report does.
 */
export type ImportResult = Result<readonly CorpusDocument[], FormatIssue> & { readonly losses?: readonly LossEntry[] };

/** A dataset format: how to export to it and, where possible, import from it. */
export interface FormatAdapter {
  /** The name used on the command line (`--format <name>`). */
  readonly name: string;
  /** One line on what the format is. */
  readonly description: string;
  /** One line on who loads it. */
  readonly consumers: string;
  /** Whether an export is one main file (with sidecars beside it) or a folder. */
  readonly kind: 'file' | 'folder';
  /** The main file's extension, for `file` formats (`.spacy`). */
  readonly extension?: string;
  /**
   * The name of the one file `export` writes with this context, when that is
   * known before exporting: a declaration that the export writes exactly
   * this file and nothing else (no sidecar, no file per annotator), so a
   * server can send its headers and stream the content as it is produced.
   * `undefined` when the export may write other or several files; an
   * adapter without it is treated the same way. Consulted for `file`
   * formats only (a folder format is always packed as a folder).
   */
  singleFile?(ctx: ExportContext): string | undefined;
  /** Exports documents into a sink and reports what was written and lost. */
  export?(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink): Promise<ExportReport>;
  /** Imports documents from files, validating everything. */
  import?(input: ImportInput, ctx: ImportContext): Promise<ImportResult>;
  /**
   * Set when each imported file stands alone, so an import of several files
   * can read them one at a time (and merge the same document found in
   * several files, one per annotator): `'document-per-file'` when each file
   * is one document whose id is the file name without its extension (txt,
   * md, html); `'documents-per-file'` when each file holds whole documents
   * with ids of their own (native JSONL). Absent when the files of an import
   * are read together (brat's `.txt` and `.ann` pairs, W3C pages and texts,
   * CoNLL's files per annotator).
   */
  readonly fileImport?: 'document-per-file' | 'documents-per-file';
}

/** The default import size limit: 50 MiB per file. */
export const DEFAULT_MAX_IMPORT_BYTES = 50 * 1024 * 1024;
