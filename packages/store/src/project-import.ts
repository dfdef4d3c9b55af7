/**
 * Projects as the CLI and the REST API see them: import documents (all or
 * nothing), export them as corpus documents read back from their rooms, and
 * list projects, documents, layers and span counts.
 *
 * A document is one content room (`<project>/<doc>`) plus one layer room per
 * layer (`<project>/<doc>/layers/<layer>`), and a row in the catalog.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import {
  fail,
  formatSchemaError,
  ok,
  parseSchemaJson,
  validateDocumentLabels,
  validateSpans,
  type DocumentLabels,
  type LabelSchema,
  type Result,
} from '@glossa/core';
import {
  IMPORT_ORIGIN,
  ANNOTATIONS_MAP,
  contentRoom,
  createContentDoc,
  isRoomId,
  layerRoom,
  parseRoom,
  readContentText,
  readDocLabels,
  resolveLayer,
  writeAnnotations,
  writeDocLabels,
} from '@glossa/collab';
import {
  DEFAULT_MAX_IMPORT_BYTES,
  compareCorpusSpans,
  firstInvalidUtf8Byte,
  getFormat,
  importFormatNames,
  parseJsonl,
  type CorpusDocument,
  type CorpusSpan,
  type FormatIssue,
  type ImportFile,
} from '@glossa/formats';
import type { DocumentSummaryCache, RoomFigure } from './document-summaries.js';
import type { DataDir } from './storage/data-dir.js';
import { PROJECT_MODES, type ProjectMode } from '@glossa/collab';
import type { ProjectRecord } from './storage/catalog.js';

/** The file formats documents can be imported from. */
export type ImportFormat = 'txt' | 'jsonl';

/** Every import format, in the order help texts list them. */
export const IMPORT_FORMATS: readonly ImportFormat[] = ['txt', 'jsonl'];

/** The import format a file name's extension implies (`.txt`, `.jsonl`), or undefined. */
export function importFormatOf(fileName: string): ImportFormat | undefined {
  const match = /\.([^./\\]+)$/.exec(fileName);
  const extension = match?.[1]?.toLowerCase();
  return IMPORT_FORMATS.find((format) => format === extension);
}

/** One file to import: its name (for messages and, for `.txt`, the document id), format and text. */
export interface ImportSource {
  /** The file name or path as the user gave it; a `.txt` document's id is its base name without extension. */
  readonly name: string;
  readonly format: ImportFormat;
  /** The file's text (decoded from UTF-8). */
  readonly content: string;
}

/** How an import treats the project and existing documents. */
export interface ImportOptions {
  /** The project to import into; created on first import. */
  readonly project: string;
  /** The mode of a project created by this import; must match an existing project's. @default 'shared' for a new project */
  readonly mode?: ProjectMode;
  /** The schema of a project created by this import. @default the seed policy schema (`seeds/schema.json`) */
  readonly schema?: LabelSchema;
  /** Replace documents whose id already exists (their layers are dropped) instead of refusing the import. @default false */
  readonly replace?: boolean;
  /** The import time in milliseconds since the epoch. @default Date.now() */
  readonly now?: number;
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

/** The absolute path of the seed policy schema, the default schema of new projects. */
export const DEFAULT_SCHEMA_FILE = fileURLToPath(new URL('../../../seeds/schema.json', import.meta.url));

/**
 * Reads and validates the seed policy schema. Throws when it is missing or
 * invalid: that is a broken installation, not bad user input.
 */
export function loadDefaultSchema(): LabelSchema {
  const result = parseSchemaJson(readFileSync(DEFAULT_SCHEMA_FILE, 'utf8'));
  if (!result.ok) throw new Error(`${DEFAULT_SCHEMA_FILE}: ${result.errors.map(formatSchemaError).join('; ')}`);
  return result.value;
}

/**
 * Parses a schema file's text, turning its errors into issues that name the
 * file, line and field.
 */
export function parseSchemaFile(file: string, text: string): Result<LabelSchema, FormatIssue> {
  const result = parseSchemaJson(text);
  if (result.ok) return result;
  return fail(result.errors.map((e) => ({ file, ...(e.line === undefined ? {} : { line: e.line }), ...(e.path === '' ? {} : { field: e.path }), message: e.message })));
}

/** A document ready to be written: its rooms' state and its catalog entry. */
interface PreparedDocument {
  readonly id: string;
  readonly title?: string;
  readonly meta: Record<string, unknown>;
  readonly rooms: readonly { readonly room: string; readonly update: Uint8Array }[];
  readonly layers: readonly string[];
  readonly spans: number;
}

function baseName(name: string): string {
  const file = name.split(/[/\\]/).pop() ?? name;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

const ID_EXPECTATION = "1–128 characters of letters, digits, '.', '_' and '-', starting with a letter, digit or '_'";

/** Turns each import source into corpus documents, collecting every issue. */
function readSources(sources: readonly ImportSource[], schema: LabelSchema, now: number, issues: FormatIssue[]): SourcedDocument[] {
  const docs: SourcedDocument[] = [];
  for (const source of sources) {
    if (source.format === 'txt') {
      const doc = textDocument(source.name, source.content, issues);
      if (doc) docs.push({ file: source.name, doc });
    } else if (source.format === 'jsonl') {
      const parsed = parseJsonl(source.content, { schema, file: source.name, created: now });
      issues.push(...parsed.issues);
      for (const doc of parsed.documents) docs.push({ doc, file: source.name });
    } else {
      throw new RangeError(`unknown import format ${JSON.stringify(source.format as string)}; expected one of ${IMPORT_FORMATS.join(', ')}`);
    }
  }
  return docs;
}

/** A `.txt` file as a document: its id the file name without extension, its text kept exactly. */
function textDocument(name: string, content: string, issues: FormatIssue[]): CorpusDocument | undefined {
  const id = baseName(name);
  if (!isRoomId(id)) {
    issues.push({ file: name, message: `the document id ${JSON.stringify(id)} (the file name without extension) is not valid; expected ${ID_EXPECTATION}` });
    return undefined;
  }
  return { id, text: content, spans: [], labels: {}, meta: { source: baseNameWithExtension(name) } };
}

function baseNameWithExtension(name: string): string {
  return name.split(/[/\\]/).pop() ?? name;
}

/** The layers a document has spans or document labels in, sorted. */
function layersOf(doc: CorpusDocument): string[] {
  const layers = new Set<string>(doc.spans.map((s) => s.layer));
  for (const [layer, labels] of Object.entries(doc.labels)) if (Object.keys(labels).length > 0) layers.add(layer);
  return [...layers].sort();
}

/**
 * The UTF-16 offset of the first unpaired surrogate of `text`, or -1. Yjs
 * stores text as UTF-8, which cannot hold one: it would come back as U+FFFD.
 */
function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (code >= 0xdc00 && code <= 0xdfff) return i;
  }
  return -1;
}

/** Checks one document against the schema (ids, text, layer names, spans, document labels). */
function checkDocument(doc: CorpusDocument, file: string, schema: LabelSchema, issues: FormatIssue[]): void {
  const record = doc.id;
  const lone = firstLoneSurrogate(doc.text);
  if (lone >= 0) {
    const codePoint = Array.from(doc.text.slice(0, lone)).length;
    const unit = doc.text.charCodeAt(lone).toString(16).toUpperCase();
    issues.push({ file, record, field: 'text', message: `unpaired surrogate U+${unit} at code point ${codePoint}; expected well-formed Unicode text` });
  }
  if (!isRoomId(doc.id)) {
    issues.push({ file, record, field: 'id', message: `${JSON.stringify(doc.id)} is not a valid document id; expected ${ID_EXPECTATION}` });
  }
  for (const layer of layersOf(doc)) {
    if (!isRoomId(layer)) issues.push({ file, record, field: 'annotator', message: `${JSON.stringify(layer)} is not a valid layer name; expected ${ID_EXPECTATION}` });
  }
  const byLayer = new Map<string, CorpusSpan[]>();
  for (const span of doc.spans) byLayer.set(span.layer, [...(byLayer.get(span.layer) ?? []), span]);
  for (const [layer, spans] of byLayer) {
    for (const error of validateSpans(doc.text, spans, schema)) {
      issues.push({ file, record, field: `layer ${layer}: spans[${error.index}]`, message: error.message });
    }
  }
  for (const [layer, labels] of Object.entries(doc.labels)) {
    for (const error of validateDocumentLabels(labels, schema)) issues.push({ file, record, field: `layer ${layer}: labels`, message: error.message });
  }
}

/** Builds the Y.Docs of a document's rooms and encodes them as updates. */
function prepareDocument(project: string, doc: CorpusDocument): PreparedDocument {
  const meta: Record<string, unknown> = { ...doc.meta };
  const content = createContentDoc(doc.text, meta);
  const rooms: { room: string; update: Uint8Array }[] = [{ room: contentRoom(project, doc.id), update: Y.encodeStateAsUpdate(content) }];
  const layers = layersOf(doc);
  for (const layer of layers) {
    const layerDoc = new Y.Doc();
    const spans = doc.spans.filter((s) => s.layer === layer).map(({ layer: _layer, ...span }) => span);
    writeAnnotations(layerDoc, content, spans, IMPORT_ORIGIN);
    const labels: DocumentLabels | undefined = doc.labels[layer];
    if (labels && Object.keys(labels).length > 0) writeDocLabels(layerDoc, labels, IMPORT_ORIGIN);
    rooms.push({ room: layerRoom(project, doc.id, layer), update: Y.encodeStateAsUpdate(layerDoc) });
    layerDoc.destroy();
  }
  content.destroy();
  const title = typeof doc.meta['title'] === 'string' ? doc.meta['title'] : undefined;
  return { id: doc.id, ...(title === undefined ? {} : { title }), meta, rooms, layers, spans: doc.spans.length };
}

/**
 * Imports documents into a project, creating the project on first import.
 * Everything is validated first (texts, ids, layer names, spans and document
 * labels against the schema, duplicates); only then are all rooms and
 * catalog rows written in one SQLite transaction. So an import applies
 * completely or not at all, and bad input comes back as issues naming the
 * file, line or record, and field.
 *
 * @example
 * const result = await importDocuments(data, [{ name: 'a.txt', format: 'txt', content }], { project: 'policy' });
 * if (!result.ok) for (const issue of result.errors) console.error(formatIssue(issue));
 */
export function importDocuments(data: DataDir, sources: readonly ImportSource[], options: ImportOptions): Promise<Result<ImportSummary, FormatIssue>> {
  return Promise.resolve().then(() => importNow(data, sources, options));
}

function importNow(data: DataDir, sources: readonly ImportSource[], options: ImportOptions): Result<ImportSummary, FormatIssue> {
  const target = importTarget(data, options);
  if (!target.ok) return target;
  if (sources.length === 0) return fail([{ message: 'nothing to import; expected at least one file' }]);
  const issues: FormatIssue[] = [];
  const docs = readSources(sources, target.value.schema, options.now ?? Date.now(), issues);
  return writeImport(data, target.value, docs, options, issues);
}

/** A document read from an import file, with the file named in messages about it. */
interface SourcedDocument {
  readonly doc: CorpusDocument;
  readonly file: string;
}

/** The project an import writes into and the schema its files are read with. */
interface ImportTarget {
  readonly existing: ProjectRecord | undefined;
  readonly schema: LabelSchema;
}

/** Checks the project id, mode and schema of an import against the catalog. */
function importTarget(data: DataDir, options: ImportOptions): Result<ImportTarget, FormatIssue> {
  const { project } = options;
  if (!isRoomId(project)) return fail([{ field: 'project', message: `${JSON.stringify(project)} is not a valid project id; expected ${ID_EXPECTATION}` }]);
  if (options.mode !== undefined && !PROJECT_MODES.includes(options.mode)) {
    return fail([{ field: 'mode', message: `${JSON.stringify(options.mode)} is not a project mode; expected one of ${PROJECT_MODES.join(', ')}` }]);
  }
  const existing = data.catalog.getProject(project);
  if (existing && options.mode !== undefined && options.mode !== existing.mode) {
    return fail([{ field: 'mode', message: `project "${project}" is in ${existing.mode} mode; it cannot be imported into as ${options.mode} (leave the mode out or use ${existing.mode})` }]);
  }
  if (existing && options.schema !== undefined && JSON.stringify(options.schema) !== JSON.stringify(existing.schema)) {
    return fail([{ field: 'schema', message: `project "${project}" already has a schema ("${existing.schema.name}"); a schema can only be given when the project is created` }]);
  }
  return ok({ existing, schema: existing?.schema ?? options.schema ?? loadDefaultSchema() });
}

/**
 * Validates every document (adding to `issues`) and, when nothing is wrong,
 * writes all rooms and catalog rows in one SQLite transaction.
 */
function writeImport(data: DataDir, target: ImportTarget, docs: readonly SourcedDocument[], options: ImportOptions, issues: FormatIssue[]): Result<ImportSummary, FormatIssue> {
  const { project } = options;
  const { existing, schema } = target;
  const now = options.now ?? Date.now();
  const seen = new Map<string, string>();
  for (const { doc, file } of docs) {
    checkDocument(doc, file, schema, issues);
    const first = seen.get(doc.id);
    if (first !== undefined) issues.push({ file, record: doc.id, field: 'id', message: `document "${doc.id}" appears twice in this import (first in ${first}); expected unique ids` });
    else seen.set(doc.id, file);
    if (existing && options.replace !== true && data.catalog.getDocument(project, doc.id)) {
      issues.push({ file, record: doc.id, field: 'id', message: `document "${doc.id}" already exists in project "${project}"; expected a new id (or replace it)` });
    }
  }
  if (issues.length > 0) return fail(issues);

  const prepared = docs.map(({ doc }) => prepareDocument(project, doc));
  const replaced: string[] = [];
  data.store.transaction(() => {
    if (!existing) data.catalog.createProject({ id: project, mode: options.mode ?? 'shared', schema, created: now });
    for (const doc of prepared) {
      if (data.catalog.getDocument(project, doc.id)) {
        replaced.push(doc.id);
        dropDocumentRooms(data, project, doc.id);
      }
      data.catalog.addDocument({ project, id: doc.id, ...(doc.title === undefined ? {} : { title: doc.title }), meta: doc.meta, created: now }, { replace: true });
      for (const { room, update } of doc.rooms) data.store.appendSync(room, update);
    }
  });
  return ok({
    project,
    projectCreated: !existing,
    documents: prepared.map((d) => d.id),
    replaced,
    spans: prepared.reduce((n, d) => n + d.spans, 0),
    layers: [...new Set(prepared.flatMap((d) => d.layers))].sort(),
  });
}

/** The formats `importFiles` reads: every importer of `@glossa/formats` (`jsonl`, `brat`, `w3c`, `conll`, `txt`, …). */
export const FILE_IMPORT_FORMATS: readonly string[] = importFormatNames;

/**
 * Files of one format to import. Folder formats read their layout from the
 * paths (brat and WebAnno take a sub-folder as the annotator, W3C reads
 * `texts/<doc>.txt` beside its pages), so paths are relative to the folder
 * the user named, `/`-separated.
 */
export interface FormatImportSource {
  /** One of `FILE_IMPORT_FORMATS`. */
  readonly format: string;
  /** The files, with paths relative to `root`. */
  readonly files: readonly ImportFile[];
  /** The folder the paths are relative to, as the user named it; messages show `<root>/<path>`. @default none */
  readonly root?: string;
}

/** Options of `importFiles`: those of `importDocuments` and the size limit. */
export interface FileImportOptions extends ImportOptions {
  /** Files larger than this many bytes are refused. @default 50 MiB (`DEFAULT_MAX_IMPORT_BYTES`) */
  readonly maxBytes?: number;
}

/**
 * Imports files of any importable format into a project, all or nothing,
 * like `importDocuments`: each source is read by its format's importer with
 * the project's schema (a new project's: `options.schema` or the seed
 * schema), then every document is checked and all are written in one SQLite
 * transaction. `.txt` files keep their text exactly (CRLF included), as
 * `importDocuments` does; native JSONL keeps every layer, status and note.
 * Documents with the same id and text whose layers differ (one annotator per
 * file, as doccano and CoNLL exports are laid out; CoNLL documents, which
 * have no ids, by their text alone) are merged into one.
 * Problems come back as issues naming the file (`<root>/<path>`), line or
 * record, and field.
 *
 * @throws RangeError for a format that cannot import (check `FILE_IMPORT_FORMATS` first).
 * @example
 * const result = await importFiles(data, [{ format: 'brat', root: 'brat', files }], { project: 'policy' });
 */
export async function importFiles(data: DataDir, sources: readonly FormatImportSource[], options: FileImportOptions): Promise<Result<ImportSummary, FormatIssue>> {
  for (const source of sources) {
    if (!FILE_IMPORT_FORMATS.includes(source.format)) throw new RangeError(`unknown import format ${JSON.stringify(source.format)}; expected one of ${FILE_IMPORT_FORMATS.join(', ')}`);
  }
  const target = importTarget(data, options);
  if (!target.ok) return target;
  if (sources.every((s) => s.files.length === 0)) return fail([{ message: 'nothing to import; expected at least one file' }]);
  const issues: FormatIssue[] = [];
  const now = options.now ?? Date.now();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const docs: SourcedDocument[] = [];
  for (const source of sources) {
    const shown = (file: string): string => (source.root === undefined ? file : `${source.root.replace(/[/\\]+$/, '')}/${file}`);
    if (source.format === 'txt' || source.format === 'jsonl') {
      for (const file of source.files) {
        const text = decodeExactly(file, shown(file.path), maxBytes, issues);
        if (text === undefined) continue;
        if (source.format === 'txt') {
          const doc = textDocument(shown(file.path), text, issues);
          if (doc) docs.push({ doc, file: shown(file.path) });
        } else {
          const parsed = parseJsonl(text, { schema: target.value.schema, file: shown(file.path), created: now });
          issues.push(...parsed.issues);
          for (const doc of parsed.documents) docs.push({ doc, file: shown(file.path) });
        }
      }
      continue;
    }
    const importer = getFormat(source.format)?.import;
    if (importer === undefined) throw new RangeError(`format ${JSON.stringify(source.format)} cannot import`);
    const result = await importer({ files: source.files }, { schema: target.value.schema, maxBytes });
    if (!result.ok) {
      issues.push(...result.errors.map((issue) => (issue.file === undefined ? issue : { ...issue, file: shown(issue.file) })));
      continue;
    }
    const file = source.files.length === 1 ? shown((source.files[0] as ImportFile).path) : (source.root ?? source.files.map((f) => f.path).join(', '));
    for (const doc of result.value) docs.push({ doc, file });
  }
  if (issues.length === 0 && docs.length === 0) return fail([{ message: 'the files hold no documents; expected at least one document' }]);
  const merged = mergeAnnotatorFiles(docs, (doc) => doc.id);
  return writeImport(data, target.value, merged, options, issues);
}

/** Decodes a file as strict UTF-8, keeping a byte-order mark, after checking the size limit. */
function decodeExactly(file: ImportFile, shown: string, maxBytes: number, issues: FormatIssue[]): string | undefined {
  if (file.bytes.length > maxBytes) {
    issues.push({ file: shown, message: `file is ${file.bytes.length} bytes, over the import limit of ${maxBytes} bytes` });
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(file.bytes);
  } catch {
    issues.push({ file: shown, message: `invalid UTF-8 at byte offset ${firstInvalidUtf8Byte(file.bytes)}: expected a UTF-8 text file` });
    return undefined;
  }
}

/**
 * Merges documents with the same key (their id) whose texts are equal and whose layers do not overlap: the
 * same document annotated by different annotators, one file each. The first
 * document's id and metadata are kept. Anything else is left as it is (a
 * repeated id then fails the duplicate check).
 */
function mergeAnnotatorFiles(docs: readonly SourcedDocument[], keyOf: (doc: CorpusDocument) => string): SourcedDocument[] {
  const merged: SourcedDocument[] = [];
  const byId = new Map<string, number>();
  for (const entry of docs) {
    const key = keyOf(entry.doc);
    const at = byId.get(key);
    const first = at === undefined ? undefined : merged[at];
    if (at === undefined || first === undefined) {
      byId.set(key, merged.length);
      merged.push(entry);
      continue;
    }
    const mine = layersOf(entry.doc);
    const theirs = new Set(layersOf(first.doc));
    if (first.doc.text !== entry.doc.text || mine.length === 0 || theirs.size === 0 || mine.some((l) => theirs.has(l))) {
      merged.push(entry);
      continue;
    }
    merged[at] = {
      file: first.file === entry.file ? first.file : `${first.file}, ${entry.file}`,
      doc: { ...first.doc, spans: [...first.doc.spans, ...entry.doc.spans].sort(compareCorpusSpans), labels: { ...first.doc.labels, ...entry.doc.labels } },
    };
  }
  return merged;
}

/** Deletes a document's content room and every layer room (inside the caller's transaction). */
function dropDocumentRooms(data: DataDir, project: string, doc: string): void {
  const content = contentRoom(project, doc);
  data.store.deleteSync(content);
  for (const room of data.store.listRoomsSync(`${content}/layers/`)) data.store.deleteSync(room);
}

/** The layers stored for one document, sorted. */
export function documentLayers(data: DataDir, project: string, doc: string): string[] {
  const layers: string[] = [];
  for (const room of data.store.listRoomsSync(`${contentRoom(project, doc)}/layers/`)) {
    const parsed = parseRoom(room);
    if (parsed?.kind === 'layer' && parsed.project === project && parsed.doc === doc) layers.push(parsed.layer);
  }
  return layers;
}

/** The layers stored for any document of a project, sorted. */
export function projectLayers(data: DataDir, project: string): string[] {
  const layers = new Set<string>();
  for (const room of data.store.listRoomsSync(`${project}/`)) {
    const parsed = parseRoom(room);
    if (parsed?.kind === 'layer' && parsed.project === project) layers.add(parsed.layer);
  }
  return [...layers].sort();
}

/** A project with its document count, for listings. */
export interface ProjectSummary {
  readonly id: string;
  readonly mode: ProjectMode;
  /** The schema's name. */
  readonly schema: string;
  readonly documents: number;
  readonly created: number;
}

/** A document with its layers and the number of annotations in each, for listings. */
export interface DocumentSummary {
  readonly id: string;
  readonly title?: string;
  /** Length of the text in Unicode code points. */
  readonly characters: number;
  /** Each layer with its number of annotations (orphaned ones included). */
  readonly layers: readonly { readonly layer: string; readonly spans: number }[];
}

/** Every project, by id, with its document count. */
export function listProjectSummaries(data: DataDir): ProjectSummary[] {
  return data.catalog.listProjects().map((p) => ({
    id: p.id,
    mode: p.mode,
    schema: p.schema.name,
    documents: data.catalog.listDocuments(p.id).length,
    created: p.created,
  }));
}

/** An issue for a project that does not exist, listing the ones that do. */
function unknownProject(data: DataDir, project: string): FormatIssue {
  const known = data.catalog.listProjects().map((p) => p.id);
  return { field: 'project', message: `unknown project "${project}"; ${known.length === 0 ? 'there are no projects yet' : `expected one of ${known.join(', ')}`}` };
}

/** How `describeDocuments` reads the rooms. */
export interface DescribeOptions {
  /**
   * Figures of rooms read before, reused for every room whose rows have not
   * changed since (see `DocumentSummaryCache`); it must belong to the same
   * store. @default none: every room is loaded
   */
  readonly summaries?: DocumentSummaryCache;
}

/**
 * The documents of a project with their layers and annotation counts, or an
 * issue when the project does not exist. Loads every content and layer room,
 * except those `options.summaries` knows unchanged. Rejects when a room the
 * catalog lists has no stored state, or a room that has to be loaded is
 * corrupt (`StorageLoadError`).
 *
 * @throws RangeError when `options.summaries` belongs to another store.
 */
export async function describeDocuments(data: DataDir, project: string, options: DescribeOptions = {}): Promise<Result<DocumentSummary[], FormatIssue>> {
  const { summaries } = options;
  if (summaries !== undefined && summaries.store !== data.store) throw new RangeError('the summary cache belongs to another store than the data directory');
  const figureOf = (room: string, figure: RoomFigure): Promise<number> =>
    summaries === undefined ? measureRoom(data, room, figure) : summaries.figureOf(room, figure, () => measureRoom(data, room, figure));
  if (!data.catalog.getProject(project)) return fail([unknownProject(data, project)]);
  const documents: DocumentSummary[] = [];
  for (const record of data.catalog.listDocuments(project)) {
    const characters = await figureOf(contentRoom(project, record.id), 'characters');
    const layers: { layer: string; spans: number }[] = [];
    for (const layer of documentLayers(data, project, record.id)) {
      layers.push({ layer, spans: await figureOf(layerRoom(project, record.id, layer), 'spans') });
    }
    documents.push({ id: record.id, ...(record.title === undefined ? {} : { title: record.title }), characters, layers });
  }
  return ok(documents);
}

/** Loads a room and measures it: a content room's text length in code points, or a layer room's number of annotations. */
async function measureRoom(data: DataDir, room: string, figure: RoomFigure): Promise<number> {
  const doc = await loadDoc(data, room);
  try {
    return figure === 'characters' ? [...readContentText(doc)].length : doc.getMap(ANNOTATIONS_MAP).size;
  } finally {
    doc.destroy();
  }
}

/** A stored room as a Y.Doc; a room the catalog promises but storage lacks is an error. */
async function loadDoc(data: DataDir, room: string): Promise<Y.Doc> {
  const state = await data.store.load(room);
  if (state === null) throw new Error(`room "${room}" is listed in the catalog but has no stored state`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** How `exportDocuments` reads a project. */
export interface ExportOptions {
  /** Only these layers (each must exist in the project). @default every layer */
  readonly layers?: readonly string[];
  /** Told about each annotation whose text was deleted: it is kept in its layer but cannot be exported. */
  readonly onOrphan?: (issue: FormatIssue) => void;
  /** Told about each layer entry that does not follow the layout (written by a faulty client); it is not exported. */
  readonly onLayerProblem?: (issue: FormatIssue) => void;
}

/** A project and the documents an export will read, once checked. */
export interface ProjectExport {
  readonly project: ProjectRecord;
  /** The layers exported, sorted. */
  readonly layers: readonly string[];
  /** The documents, by id, read from storage one at a time. */
  readonly documents: AsyncIterable<CorpusDocument>;
}

/**
 * Opens a project for export: checks the project and the requested layers
 * (an unknown layer is an issue listing the existing ones), then yields each
 * document's text, spans and document labels read back from its rooms.
 * Spans are in canonical order (`compareCorpusSpans`); annotations whose
 * text was deleted are reported through `onOrphan`, never dropped silently,
 * and malformed layer entries through `onLayerProblem`.
 */
export function exportDocuments(data: DataDir, project: string, options: ExportOptions = {}): Result<ProjectExport, FormatIssue> {
  const record = data.catalog.getProject(project);
  if (!record) return fail([unknownProject(data, project)]);
  const existing = projectLayers(data, project);
  let layers = existing;
  if (options.layers !== undefined) {
    const unknown = options.layers.filter((l) => !existing.includes(l));
    if (unknown.length > 0) {
      const known = existing.length === 0 ? 'the project has no layers yet' : `expected one of ${existing.join(', ')}`;
      return fail(unknown.map((layer) => ({ field: 'layer', message: `unknown layer "${layer}" in project "${project}"; ${known}` })));
    }
    layers = [...new Set(options.layers)].sort();
  }
  const selected = new Set(layers);
  const { onOrphan, onLayerProblem } = options;
  async function* documents(): AsyncGenerator<CorpusDocument> {
    for (const doc of data.catalog.listDocuments(project)) {
      const content = await loadDoc(data, contentRoom(project, doc.id));
      const spans: CorpusSpan[] = [];
      const labels: Record<string, DocumentLabels> = {};
      for (const layer of documentLayers(data, project, doc.id)) {
        if (!selected.has(layer)) continue;
        const layerDoc = await loadDoc(data, layerRoom(project, doc.id, layer));
        const resolved = resolveLayer(layerDoc, content);
        for (const span of resolved.spans) spans.push({ ...span, layer });
        for (const { annotation, quote } of resolved.orphans) {
          onOrphan?.({
            record: doc.id,
            field: `layer ${layer}: annotation ${annotation.id}`,
            message: `the text under this "${annotation.label}" annotation (last seen as ${JSON.stringify(quote)}) was deleted; it is kept in the layer but not exported`,
          });
        }
        for (const problem of resolved.problems) {
          onLayerProblem?.({ record: doc.id, field: `layer ${layer}: annotation ${problem.id}.${problem.field}`, message: `${problem.message}; not exported` });
        }
        const docLabels = readDocLabels(layerDoc);
        if (Object.keys(docLabels).length > 0) labels[layer] = docLabels;
        layerDoc.destroy();
      }
      const text = readContentText(content);
      content.destroy();
      yield { id: doc.id, text, spans: spans.sort(compareCorpusSpans), labels, meta: doc.meta };
    }
  }
  return ok({ project: record, layers, documents: documents() });
}

