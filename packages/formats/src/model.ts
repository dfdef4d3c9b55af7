/**
 * The in-memory corpus every importer produces and every exporter consumes.
 *
 * Offsets here follow the library convention: UTF-16 code units, start
 * inclusive, end exclusive. Adapters convert to and from the unit their file
 * format uses (code points for almost all of them).
 */
import type { DocumentLabels, RelationAnnotation, SpanAnnotation } from '@glossa/core';

/** The model's reserved layer names: `shared` (also the layer of spans whose file names no annotator) and `gold`. */
export { GOLD_LAYER, SHARED_LAYER } from '@glossa/core';

/** A span of a corpus document, with the layer (annotator) it belongs to. */
export interface CorpusSpan extends SpanAnnotation {
  /** The layer: `shared`, an annotator's id, or `gold`. */
  readonly layer: string;
}

/** A relation of a corpus document, between two spans of its layer. */
export interface CorpusRelation extends RelationAnnotation {
  /** The layer of the relation and of both its ends. */
  readonly layer: string;
}

/** A document with its spans, relations and document labels in every layer. */
export interface CorpusDocument {
  readonly id: string;
  /** The plain text, line breaks as imported (exports other than JSONL write it with LF line breaks). */
  readonly text: string;
  /** Spans of every layer, sorted by (start, end, layer, label, id). */
  readonly spans: readonly CorpusSpan[];
  /**
   * Relations of every layer, sorted by (layer, id); absent when there are
   * none. A relation whose end is no span of its layer is dangling: it is
   * never exported, and exports count it in their loss report.
   */
  readonly relations?: readonly CorpusRelation[];
  /** Document labels per layer. */
  readonly labels: Readonly<Record<string, DocumentLabels>>;
  /** Free-form metadata (title, source, `documentLabelTimes`, …). */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** An import or export problem, named by place: file, line or record, and field. */
export interface FormatIssue {
  /** The file (or `<stdin>`, or an upload name). */
  readonly file?: string;
  /** 1-based line number, for line-oriented formats. */
  readonly line?: number;
  /** Record index or id, for formats that are not line-oriented. */
  readonly record?: string | number;
  /** The field, as a path (`spans[2].end`). */
  readonly field?: string;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** Formats an issue as one line: `file:line: field: message`. */
export function formatIssue(issue: FormatIssue): string {
  const place = [issue.file, issue.line === undefined ? undefined : String(issue.line)].filter((p) => p !== undefined).join(':');
  const record = issue.record === undefined ? '' : `record ${issue.record}: `;
  const field = issue.field === undefined ? '' : `${issue.field}: `;
  return `${place === '' ? '' : place + ': '}${record}${field}${issue.message}`;
}

/** Orders spans canonically: by start, end, layer, label, id. */
export function compareCorpusSpans(a: CorpusSpan, b: CorpusSpan): number {
  return a.start - b.start || a.end - b.end || cmp(a.layer, b.layer) || cmp(a.label, b.label) || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders relations canonically: by layer, then id. */
export function compareCorpusRelations(a: CorpusRelation, b: CorpusRelation): number {
  return cmp(a.layer, b.layer) || cmp(a.id, b.id);
}
