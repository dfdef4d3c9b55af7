/**
 * The writer of native span JSONL (the format is described in `jsonl.ts`):
 * one canonical line per document, offsets in code points, keys in a fixed
 * order and optional fields only when they differ from their defaults.
 */
import { OffsetIndex } from '@glossa/core';
import type { DocumentLabels } from '@glossa/core';
import { jsonString, jsonStringRepeated } from './jsonquote.js';
import { annotationFields } from './jsonl-fields.js';
import { relationObject, writtenRelations } from './jsonl-relations.js';
import { isRecord } from './json-values.js';
import { compareCorpusSpans, SHARED_LAYER } from './model.js';
import type { CorpusDocument, CorpusSpan } from './model.js';

/** Options of {@link serializeJsonlLine} and {@link serializeJsonl}. */
export interface JsonlSerializeOptions {
  /** Only spans, relations and document labels of these layers are written. @default every layer */
  readonly layers?: readonly string[];
  /** Whether document labels are written. @default true */
  readonly includeLabels?: boolean;
}

/**
 * Writes a corpus document as one canonical span JSONL line (without a line
 * break), converting offsets to code points. Relations whose ends are not
 * among the written spans are left out (an export counts them as
 * dangling in its loss report).
 *
 * @throws RangeError when a span's offsets are not a range of the document's
 *   text on code point boundaries.
 */
export function serializeJsonlLine(doc: CorpusDocument, options: JsonlSerializeOptions = {}): string {
  const layers = options.layers === undefined ? undefined : new Set(options.layers);
  const spans = canonicalSpans(layers === undefined ? doc.spans : doc.spans.filter((span) => layers.has(span.layer)));
  const offsets = new OffsetIndex(doc.text);
  const objects = new Array<string>(spans.length);
  for (let i = 0; i < spans.length; i++) objects[i] = spanObject(spans[i] as CorpusSpan, offsets, doc.id);
  let line = `{"id":${jsonString(doc.id)},"text":${JSON.stringify(doc.text)},"spans":[${objects.join(',')}]`;
  const relations = writtenRelations(doc.relations ?? [], spans, layers);
  if (relations.length > 0) line += `,"relations":[${relations.map(relationObject).join(',')}]`;
  if ((options.includeLabels ?? true) && hasKeys(doc.labels)) {
    const keep = (layer: string): boolean => layers === undefined || layers.has(layer);
    const shared = doc.labels[SHARED_LAYER];
    if (shared !== undefined && keep(SHARED_LAYER) && hasKeys(shared)) line += `,"labels":${JSON.stringify(sortedLabels(shared))}`;
    const others = Object.entries(doc.labels)
      .filter(([layer, labels]) => layer !== SHARED_LAYER && keep(layer) && hasKeys(labels))
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([layer, labels]) => [layer, sortedLabels(labels)] as const);
    if (others.length > 0) line += `,"annotatorLabels":${JSON.stringify(Object.fromEntries(others))}`;
  }
  if (hasKeys(doc.meta)) line += `,"meta":${JSON.stringify(sortKeysDeep(doc.meta))}`;
  return `${line}}`;
}

/**
 * Writes documents as span JSONL, one canonical line (ending in `\n`) per
 * document, as they arrive.
 *
 * @example
 * for await (const line of serializeJsonl(documents)) stream.write(line);
 */
export async function* serializeJsonl(
  docs: AsyncIterable<CorpusDocument> | Iterable<CorpusDocument>,
  options: JsonlSerializeOptions = {},
): AsyncGenerator<string> {
  for await (const doc of docs) yield `${serializeJsonlLine(doc, options)}\n`;
}

/**
 * A span as a JSON object: keys in canonical order, the optional ones only
 * when they differ from their defaults; the same text `JSON.stringify` gives
 * for such an object.
 */
function spanObject(span: CorpusSpan, offsets: OffsetIndex, docId: string): string {
  let start: number;
  let end: number;
  let fragments = '';
  try {
    start = offsets.toCodePoint(span.start);
    end = offsets.toCodePoint(span.end);
    if (span.fragments !== undefined) fragments = `,"fragments":[${span.fragments.map(([from, to]) => `[${offsets.toCodePoint(from)},${offsets.toCodePoint(to)}]`).join(',')}]`;
  } catch (error) {
    throw new RangeError(`document ${JSON.stringify(docId)}, span ${JSON.stringify(span.id)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let object = `{"id":${jsonString(span.id)},"start":${start},"end":${end}${fragments}`;
  object += `,"label":${jsonStringRepeated(span.label)}`;
  object += annotationFields(span.layer, span.author, span.status, span.note, span.source);
  if (span.score !== undefined) object += `,"score":${JSON.stringify(span.score)}`;
  if (span.modelVersion !== undefined) object += `,"modelVersion":${jsonStringRepeated(span.modelVersion)}`;
  return `${object}}`;
}

/** The spans in canonical order: as given when they already are, else a sorted copy. */
function canonicalSpans(spans: readonly CorpusSpan[]): readonly CorpusSpan[] {
  for (let i = 1; i < spans.length; i++) {
    if (compareCorpusSpans(spans[i - 1] as CorpusSpan, spans[i] as CorpusSpan) > 0) return [...spans].sort(compareCorpusSpans);
  }
  return spans;
}

function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return true;
  return false;
}

function sortedLabels(labels: DocumentLabels): DocumentLabels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareKeys(a, b)));
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([key, inner]) => [key, sortKeysDeep(inner)]),
  );
}

/** Orders keys by UTF-16 code units, like `Array.prototype.sort` without a comparator. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
