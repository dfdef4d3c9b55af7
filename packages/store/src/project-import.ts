/**
 * The one import pipeline, shared by `glossa import`, the REST import route
 * and `glossa start`: files of any importable format are read through their
 * adapters (`import-sources.ts`), every document is checked against the
 * project's schema (`import-checks.ts`), and only then are all rooms and
 * catalog entries written in one transaction (`Catalog.writeDocuments`). So
 * an import applies completely or not at all, the same bytes give the same
 * stored documents whoever imports them, and bad input comes back as issues
 * naming the file, line or record, and field.
 *
 * A document is one content room (`<project>/<doc>`) plus one layer room per
 * layer (`<project>/<doc>/layers/<layer>`), and an entry in the catalog.
 */
import { fail, ok, type LabelSchema, type Result } from '@glossa/core';
import { PROJECT_MODES, isRoomId, type ProjectMode } from '@glossa/collab';
import { DEFAULT_MAX_IMPORT_BYTES, type FormatIssue } from '@glossa/formats';
import { CatalogConflictError, UnknownProjectError, type DocumentsWrite, type ProjectRecord } from './catalog.js';
import type { DataDir } from './data-dir.js';
import { buildDocumentRooms } from './document-rooms-off-thread.js';
import { ID_EXPECTATION, checkDocument, firstLoneSurrogate, loneSurrogateMessage } from './import-checks.js';
import { checkImportFormats, mergeAnnotatorFiles, readImportSources, type FormatImportSource, type SourcedDocument } from './import-sources.js';

/** The formats documents can be imported from as text (`importDocuments`, the REST import route). */
export type ImportFormat = 'txt' | 'jsonl';

/** Every text import format, in the order help texts list them. */
export const IMPORT_FORMATS: readonly ImportFormat[] = ['txt', 'jsonl'];

/** The text import format a file name's extension implies (`.txt`, `.jsonl`), or undefined. */
export function importFormatOf(fileName: string): ImportFormat | undefined {
  const match = /\.([^./\\]+)$/.exec(fileName);
  const extension = match?.[1]?.toLowerCase();
  return IMPORT_FORMATS.find((format) => format === extension);
}

/** One text to import: its name (for messages and, for `.txt`, the document id), format and text. */
export interface ImportSource {
  /** The file name or path as the user gave it; a `.txt` document's id is its base name without extension. */
  readonly name: string;
  readonly format: ImportFormat;
  /** The file's text: well-formed Unicode, imported as its UTF-8 bytes. */
  readonly content: string;
}

/** How an import treats the project and existing documents. */
export interface ImportOptions {
  /** The project to import into; created on first import. */
  readonly project: string;
  /** The mode of a project created by this import; must match an existing project's. @default 'shared' for a new project */
  readonly mode?: ProjectMode;
  /** The schema of a project created by this import; when given for an existing project it must be the project's. */
  readonly schema?: LabelSchema;
  /**
   * The schema of a project this import creates when `schema` is not given;
   * ignored for an existing project. The CLI gives the seed policy schema.
   * A new project with neither is refused (field `schema`).
   */
  readonly defaultSchema?: LabelSchema;
  /** Replace documents whose id already exists (their layers are dropped) instead of refusing the import. @default false */
  readonly replace?: boolean;
  /** The import time in milliseconds since the epoch. @default Date.now() */
  readonly now?: number;
}

/** Options of `importFiles`: those of `importDocuments` and the size limit. */
export interface FileImportOptions extends ImportOptions {
  /** Files larger than this many bytes are refused. @default 50 MiB (`DEFAULT_MAX_IMPORT_BYTES`) */
  readonly maxBytes?: number;
}

/** What an import wrote. */
export interface ImportSummary {
  readonly project: string;
  /** Whether the project was created by this import. */
  readonly projectCreated: boolean;
  /** The ids of the imported documents, in import order. */
  readonly documents: readonly string[];
  /** The ids of documents that replaced existing ones. */
  readonly replaced: readonly string[];
  /** The number of spans imported, all layers together. */
  readonly spans: number;
  /** The layers written, sorted. */
  readonly layers: readonly string[];
}

/**
 * Imports files of any importable format into a project, all or nothing:
 * each source is read by its format's importer with the project's schema (a
 * new project's: `options.schema`, else `options.defaultSchema`), then every
 * document is checked and all are written in one transaction. `.txt` files
 * keep their text exactly (CRLF and a byte-order mark included); native
 * JSONL keeps every layer, status and note. Documents with the same id and
 * text whose layers differ (one annotator per file, as doccano and CoNLL
 * exports are laid out; CoNLL documents, which have no ids, by their text
 * alone) are merged into one. Problems come back as issues naming the file
 * (`<root>/<path>`), line or record, and field.
 *
 * @throws RangeError for a format that cannot import (check `FILE_IMPORT_FORMATS` first).
 * @example
 * const result = await importFiles(data, [{ format: 'brat', root: 'brat', files }], { project: 'policy', defaultSchema });
 * if (!result.ok) for (const issue of result.errors) console.error(formatIssue(issue));
 */
export async function importFiles(data: DataDir, sources: readonly FormatImportSource[], options: FileImportOptions): Promise<Result<ImportSummary, FormatIssue>> {
  checkImportFormats(sources);
  const target = await importTarget(data, options);
  if (!target.ok) return target;
  if (sources.every((s) => s.files.length === 0)) return fail([{ message: 'nothing to import; expected at least one file' }]);
  const issues: FormatIssue[] = [];
  const now = options.now ?? Date.now();
  const docs = await readImportSources(sources, { schema: target.value.schema, maxBytes: options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES, created: now }, issues);
  if (issues.length === 0 && docs.length === 0) return fail([{ message: 'the files hold no documents; expected at least one document' }]);
  return writeImport(data, target.value, mergeAnnotatorFiles(docs), { ...options, now }, issues);
}

/**
 * Imports texts (`.txt` or native JSONL, given as strings) through the same
 * pipeline as `importFiles`: each text is imported as its UTF-8 bytes, so it
 * is stored exactly as the same file imported by `glossa import` or the
 * REST route. A text that is not well-formed Unicode (an unpaired surrogate
 * has no UTF-8 form) is an issue naming it.
 *
 * @throws RangeError for a format other than `txt` or `jsonl`.
 * @example
 * const result = await importDocuments(data, [{ name: 'a.txt', format: 'txt', content }], { project: 'policy', schema });
 */
export async function importDocuments(data: DataDir, sources: readonly ImportSource[], options: ImportOptions): Promise<Result<ImportSummary, FormatIssue>> {
  for (const source of sources) {
    if (!IMPORT_FORMATS.includes(source.format)) throw new RangeError(`unknown import format ${JSON.stringify(source.format as string)}; expected one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const malformed = sources.flatMap((source): FormatIssue[] => {
    const at = firstLoneSurrogate(source.content);
    return at < 0 ? [] : [{ file: source.name, message: loneSurrogateMessage(source.content, at) }];
  });
  if (malformed.length > 0) {
    const target = await importTarget(data, options);
    return target.ok ? fail(malformed) : target;
  }
  const encoder = new TextEncoder();
  return importFiles(
    data,
    sources.map((source) => ({ format: source.format, files: [{ path: source.name, bytes: encoder.encode(source.content) }] })),
    options,
  );
}

/** The project an import writes into and the schema its files are read with. */
interface ImportTarget {
  readonly existing: ProjectRecord | undefined;
  readonly schema: LabelSchema;
}

/** Checks the project id, mode and schema of an import against the catalog. */
async function importTarget(data: DataDir, options: ImportOptions): Promise<Result<ImportTarget, FormatIssue>> {
  const { project } = options;
  if (!isRoomId(project)) return fail([{ field: 'project', message: `${JSON.stringify(project)} is not a valid project id; expected ${ID_EXPECTATION}` }]);
  if (options.mode !== undefined && !PROJECT_MODES.includes(options.mode)) {
    return fail([{ field: 'mode', message: `${JSON.stringify(options.mode)} is not a project mode; expected one of ${PROJECT_MODES.join(', ')}` }]);
  }
  const existing = await data.catalog.getProject(project);
  if (existing && options.mode !== undefined && options.mode !== existing.mode) {
    return fail([{ field: 'mode', message: `project "${project}" is in ${existing.mode} mode; it cannot be imported into as ${options.mode} (leave the mode out or use ${existing.mode})` }]);
  }
  if (existing && options.schema !== undefined && JSON.stringify(options.schema) !== JSON.stringify(existing.schema)) {
    return fail([{ field: 'schema', message: `project "${project}" already has a schema ("${existing.schema.name}"); a schema can only be given when the project is created` }]);
  }
  const schema = existing?.schema ?? options.schema ?? options.defaultSchema;
  if (schema === undefined) return fail([{ field: 'schema', message: `project "${project}" does not exist yet; creating it needs a label schema` }]);
  return ok({ existing, schema });
}

/**
 * Validates every document (adding to `issues`) and, when nothing is wrong,
 * writes all rooms and catalog entries in one transaction.
 */
async function writeImport(
  data: DataDir,
  target: ImportTarget,
  docs: readonly SourcedDocument[],
  options: ImportOptions & { readonly now: number },
  issues: FormatIssue[],
): Promise<Result<ImportSummary, FormatIssue>> {
  const { project, now } = options;
  const { existing, schema } = target;
  const seen = new Map<string, string>();
  for (const { doc, file } of docs) {
    checkDocument(doc, file, schema, issues);
    const first = seen.get(doc.id);
    if (first !== undefined) issues.push({ file, record: doc.id, field: 'id', message: `document "${doc.id}" appears twice in this import (first in ${first}); expected unique ids` });
    else seen.set(doc.id, file);
    if (existing && options.replace !== true && isRoomId(doc.id) && (await data.catalog.getDocument(project, doc.id))) {
      issues.push({ file, record: doc.id, field: 'id', message: `document "${doc.id}" already exists in project "${project}"; expected a new id (or replace it)` });
    }
  }
  if (issues.length > 0) return fail(issues);

  const prepared = await buildDocumentRooms(project, docs.map(({ doc }) => doc));
  const write: DocumentsWrite = {
    project,
    ...(existing ? {} : { create: { id: project, mode: options.mode ?? 'shared', schema, created: now } }),
    replace: options.replace === true,
    documents: prepared.map((doc) => ({
      document: { project, id: doc.id, ...(doc.title === undefined ? {} : { title: doc.title }), meta: doc.meta, created: now },
      rooms: doc.rooms,
    })),
  };
  let replaced: readonly string[];
  try {
    replaced = (await data.catalog.writeDocuments(write)).replaced;
  } catch (error) {
    // Another writer changed the project between the checks and the write; nothing was written.
    if (error instanceof CatalogConflictError || error instanceof UnknownProjectError) return fail([{ field: 'project', message: `${error.message}; nothing was imported, try again` }]);
    throw error;
  }
  return ok({
    project,
    projectCreated: !existing,
    documents: prepared.map((d) => d.id),
    replaced,
    spans: prepared.reduce((n, d) => n + d.spans, 0),
    layers: [...new Set(prepared.flatMap((d) => d.layers))].sort(),
  });
}
