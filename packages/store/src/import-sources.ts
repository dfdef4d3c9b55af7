/**
 * Reading import files into corpus documents, every format through its
 * adapter in `@glossa/formats`: formats whose files stand alone (`.txt`,
 * native JSONL…) are read file by file, the others (brat, W3C, CoNLL…) one
 * source at a time. The same document found in several files with
 * different layers (one file per annotator) becomes one document.
 */
import { isRoomId } from '@glossa/collab';
import type { LabelSchema } from '@glossa/core';
import { compareCorpusSpans, getFormat, importFormatNames, type CorpusDocument, type FormatIssue, type ImportFile } from '@glossa/formats';
import { ID_EXPECTATION, layersOf } from './import-checks.js';

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

/** A document read from an import file, with the file named in messages about it. */
export interface SourcedDocument {
  readonly doc: CorpusDocument;
  readonly file: string;
}

/** What the importers are told: the project's schema, the size limit and the import time. */
export interface SourceReading {
  readonly schema: LabelSchema;
  readonly maxBytes: number;
  /** The import time (ms), the creation time of spans whose format records none. */
  readonly created: number;
}

/** @throws RangeError for a format that cannot import. */
export function checkImportFormats(sources: readonly FormatImportSource[]): void {
  for (const source of sources) {
    if (!FILE_IMPORT_FORMATS.includes(source.format)) throw new RangeError(`unknown import format ${JSON.stringify(source.format)}; expected one of ${FILE_IMPORT_FORMATS.join(', ')}`);
  }
}

/**
 * Reads every source through its format's importer, adding each problem to
 * `issues` with the file named as `<root>/<path>`, and returns the documents
 * read. An empty file of a format read file by file is an issue. A document named after its file (`.txt`) whose file name is no
 * valid id is an issue, not a document.
 */
export async function readImportSources(sources: readonly FormatImportSource[], reading: SourceReading, issues: FormatIssue[]): Promise<SourcedDocument[]> {
  const docs: SourcedDocument[] = [];
  for (const source of sources) {
    const adapter = getFormat(source.format);
    const importer = adapter?.import?.bind(adapter);
    if (adapter === undefined || importer === undefined) throw new RangeError(`format ${JSON.stringify(source.format)} cannot import`);
    const shown = (file: string): string => (source.root === undefined ? file : `${source.root.replace(/[/\\]+$/, '')}/${file}`);
    const read = async (files: readonly ImportFile[], file: string): Promise<void> => {
      const result = await importer({ files }, { schema: reading.schema, maxBytes: reading.maxBytes, created: reading.created });
      if (!result.ok) {
        issues.push(...result.errors.map((issue) => (issue.file === undefined ? issue : { ...issue, file: shown(issue.file) })));
        return;
      }
      for (const doc of result.value) {
        if (adapter.fileImport === 'document-per-file' && !isRoomId(doc.id)) {
          issues.push({ file, message: `the document id ${JSON.stringify(doc.id)} (the file name without extension) is not valid; expected ${ID_EXPECTATION}` });
        } else docs.push({ doc, file });
      }
    };
    if (adapter.fileImport !== undefined) {
      for (const file of source.files) {
        // An empty upload is a mistake (a wrong path, a failed download), not a document to annotate.
        if (file.bytes.length === 0) issues.push({ file: shown(file.path), message: 'the file is empty; expected a document (a .txt text or a JSONL line)' });
        else await read([file], shown(file.path));
      }
    } else if (source.files.length > 0) {
      const only = source.files.length === 1 ? source.files[0] : undefined;
      await read(source.files, only !== undefined ? shown(only.path) : (source.root ?? source.files.map((f) => f.path).join(', ')));
    }
  }
  return docs;
}

/**
 * Merges documents with the same id whose texts are equal and whose layers
 * do not overlap: the same document annotated by different annotators, one
 * file each. The first document's id and metadata are kept. Anything else is
 * left as it is (a repeated id then fails the duplicate check).
 */
export function mergeAnnotatorFiles(docs: readonly SourcedDocument[]): SourcedDocument[] {
  const merged: SourcedDocument[] = [];
  const byId = new Map<string, number>();
  for (const entry of docs) {
    const at = byId.get(entry.doc.id);
    const first = at === undefined ? undefined : merged[at];
    if (at === undefined || first === undefined) {
      byId.set(entry.doc.id, merged.length);
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
