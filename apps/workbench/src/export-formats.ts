/**
 * What the server's export route (`GET /api/projects/:p/export`) offers:
 * every export format of @glossa/formats and the consolidation methods. The
 * workbench does not bundle @glossa/formats (its exporters run on the
 * server), so the lists are kept here; a unit test checks them against the
 * registry.
 */

/** How the server answers a format: one file, or a tar of a folder. */
export type ExportKind = 'file' | 'folder';

/** An export format as the dialog offers it. */
export interface ExportFormat {
  /** The `format` query parameter. */
  readonly id: string;
  /** A short name for the menu. */
  readonly name: string;
  /** What the download holds. */
  readonly description: string;
  /** `folder` formats always come as a `.tar`; `file` formats as their file unless a tar is asked for. */
  readonly kind: ExportKind;
}

/** The native format: every layer apart, no consolidation and no archive. */
export const NATIVE_EXPORT_FORMAT = 'jsonl';

/** Every format the export route supports, the native one first. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  { id: 'jsonl', name: 'Glossa JSONL (native)', kind: 'file', description: 'One document per line with every layer kept apart, statuses, notes and document labels; code-point offsets.' },
  { id: 'hf', name: 'Hugging Face dataset', kind: 'folder', description: 'A datasets folder: span rows (code points) or token-classification rows, JSONL or Parquet, with a dataset card.' },
  { id: 'conll', name: 'CoNLL-2003', kind: 'file', description: 'One token per line with IOB2 tags (a tag column per layer unless consolidated), sentences from the tokenizer; as a .tar, a file per layer.' },
  { id: 'spacy', name: 'spaCy DocBin (.spacy)', kind: 'file', description: 'spaCy v3 DocBin: spans in doc.spans["sc"], document labels as cats.' },
  { id: 'spacy-json', name: 'spaCy JSON', kind: 'file', description: 'spaCy Doc.to_json() objects in a JSON array: tokens, spans and cats.' },
  { id: 'brat', name: 'brat standoff', kind: 'folder', description: '<doc>.txt and <doc>.ann (T lines in code points, notes, status), a folder per annotator.' },
  { id: 'w3c', name: 'W3C Web Annotation', kind: 'file', description: 'A JSON-LD annotation collection with position (code points) and quote selectors and the texts; as a .tar, a file per page and the texts beside.' },
  { id: 'labelstudio', name: 'Label Studio', kind: 'file', description: 'JSON tasks, one annotation per annotator; as a .tar, with the labeling config XML beside.' },
  { id: 'doccano', name: 'doccano', kind: 'folder', description: 'Sequence-labeling JSONL ({text, label: [[start, end, label]]}), a file per annotator.' },
  { id: 'webanno', name: 'WebAnno TSV 3.3', kind: 'folder', description: 'A file per document and annotator; UTF-16 offsets, as WebAnno counts.' },
  { id: 'csv', name: 'CSV', kind: 'file', description: 'One row per span: doc_id, annotator, start, end (code points), label, text, status, note.' },
];

/** How several layers become the spans of one dataset; `default` leaves the choice to the format. */
export type ExportConsolidation = 'default' | 'none' | 'gold' | 'majority' | 'union' | 'intersection';

/** The consolidation choices with what each does. */
export const EXPORT_CONSOLIDATIONS: readonly { readonly id: ExportConsolidation; readonly name: string }[] = [
  { id: 'default', name: 'Format default (gold where a document has it, else every layer apart)' },
  { id: 'none', name: 'None: every layer apart' },
  { id: 'gold', name: 'Gold layer only' },
  { id: 'majority', name: 'Majority of the annotators' },
  { id: 'union', name: 'Union of the layers' },
  { id: 'intersection', name: 'Intersection of the layers' },
];

/** What to export. */
export interface ExportRequest {
  readonly project: string;
  /** A format id of `EXPORT_FORMATS`. */
  readonly format: string;
  /** The layers to export; none exports every layer the user may read. */
  readonly layers: readonly string[];
  /** @default 'default' */
  readonly consolidation?: ExportConsolidation;
  /** Ask for a `.tar` even when the format writes one file. @default false */
  readonly archive?: boolean;
}

/**
 * The URL of an export. The native format takes neither a consolidation
 * nor an archive, so they are left out for it.
 * @throws RangeError for a format the route does not support.
 */
export function exportUrl(request: ExportRequest): string {
  const format = EXPORT_FORMATS.find((f) => f.id === request.format);
  if (format === undefined) throw new RangeError(`unknown export format ${JSON.stringify(request.format)}; expected one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}`);
  const params = new URLSearchParams({ format: format.id });
  for (const layer of request.layers) params.append('layer', layer);
  const native = format.id === NATIVE_EXPORT_FORMAT;
  if (!native && request.consolidation !== undefined && request.consolidation !== 'default') params.set('consolidation', request.consolidation);
  if (!native && format.kind === 'file' && request.archive === true) params.set('archive', 'tar');
  return `/api/projects/${encodeURIComponent(request.project)}/export?${params.toString()}`;
}

/**
 * The file name of a download from its `Content-Disposition` header, or
 * `fallback` when the header names none.
 */
export function downloadName(contentDisposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(contentDisposition ?? '') ?? /filename=([^;\s]+)/.exec(contentDisposition ?? '');
  const name = match?.[1]?.replace(/[/\\]/g, '_') ?? '';
  return name === '' ? fallback : name;
}
