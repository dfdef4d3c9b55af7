/**
 * Reading and checking the `Y.Map` entries of a layer's `annotations` map,
 * which any client may have written.
 */
import * as Y from 'yjs';
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES } from '@glossa/core';
import type { AnnotationSource, AnnotationStatus, SpanAnnotation } from '@glossa/core';
import { ANNOTATIONS_MAP } from './layout.js';

/**
 * An annotation's fields without its place in the text: what an entry of a
 * layer stores besides its anchors, and what is left of an orphaned
 * annotation.
 */
export type AnnotationFields = Omit<SpanAnnotation, 'start' | 'end'>;

/**
 * Which model proposed an annotation with `source` `model` (an accepted
 * suggestion, a pre-annotation): stored beside `source` as the entry's
 * `recommender`, `score` and `modelVersion` keys, so that a reader of layout
 * version 1 that knows only `source` still reads the annotation.
 */
export interface ModelProvenance {
  /** The recommender's name: the annotation's source reads `model:<recommender>`. */
  readonly recommender: string;
  /** The model's confidence in the span, in [0, 1]. */
  readonly score?: number;
  /** The version of the model that proposed the span. */
  readonly modelVersion?: string;
}

/**
 * One piece of a discontinuous annotation as stored (layout revision 2): the
 * encoded start anchor (assoc 0) and end anchor (assoc −1) of the piece.
 */
export type EncodedFragment = readonly [start: Uint8Array, end: Uint8Array];

/** The most pieces an annotation's `fragments` may hold; longer lists are a problem. */
export const MAX_FRAGMENTS = 256;

/**
 * An entry of a layer's `annotations` map as read: the annotation's fields,
 * its two encoded anchors and the text last seen under it.
 */
export interface AnnotationEntry {
  /** The annotation's fields. */
  readonly annotation: AnnotationFields;
  /** Which model proposed it, for an annotation with source `model` that names its recommender. */
  readonly model?: ModelProvenance;
  /** The start anchor (`Y.encodeRelativePosition`, assoc ≥ 0). */
  readonly start: Uint8Array;
  /** The end anchor (`Y.encodeRelativePosition`, assoc < 0). */
  readonly end: Uint8Array;
  /**
   * The anchors of the pieces of a discontinuous annotation (layout revision
   * 2), at least two, in the order stored; absent for a contiguous one.
   * `start` and `end` stay the covering span.
   */
  readonly fragments?: readonly EncodedFragment[];
  /** The text last seen under the annotation. */
  readonly quote: string;
}

/**
 * An entry of a room's map (a layer's annotations or feedback, a suggestion
 * room's suggestions) that does not follow the layout, named by key and field.
 */
export interface LayerProblem {
  /** The entry's key in its map (an annotation id, a suggestion id, a feedback key). */
  readonly id: string;
  /** The field at fault, e.g. `start`, `status`. */
  readonly field: string;
  /** What was found and what was expected. */
  readonly message: string;
}

/** The `annotations` map of a layer doc. */
export function annotationsMap(layer: Y.Doc): Y.Map<unknown> {
  return layer.getMap<unknown>(ANNOTATIONS_MAP);
}

/** A value as a problem message shows it. @internal */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value instanceof Y.AbstractType) return `a ${value.constructor.name}`;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Reads one entry of the `annotations` map (`value` is what is stored under
 * `id`, of any type, as another client may have written it). Missing
 * optional fields take their defaults (`status` proposed, `note` empty,
 * `created` 0, `source` human, `author` and `quote` empty); a missing or
 * malformed required field (`start`, `end`, `label`) or a malformed optional
 * one is a problem. An entry with source `model` and a `recommender` is read
 * with its `model` provenance (`score` and `modelVersion` optional). Keys
 * the layout does not name (e.g. a gold annotation's `provenance`) are
 * ignored, whatever their value.
 *
 * @example
 * const read = readAnnotationEntry(id, layer.getMap('annotations').get(id));
 * if ('entry' in read) index.resolveEncoded(read.entry.start);
 */
export function readAnnotationEntry(id: string, value: unknown): { entry: AnnotationEntry } | { problem: LayerProblem } {
  const problem = (field: string, expected: string, value: unknown): { problem: LayerProblem } => ({
    problem: { id, field, message: `annotations/${id}/${field}: expected ${expected}, found ${describeValue(value)}` },
  });
  if (!(value instanceof Y.Map)) return problem('', 'a Y.Map of annotation fields', value);
  const map = value as Y.Map<unknown>;
  const start = map.get('start');
  if (!(start instanceof Uint8Array)) return problem('start', 'a Uint8Array from Y.encodeRelativePosition', start);
  const end = map.get('end');
  if (!(end instanceof Uint8Array)) return problem('end', 'a Uint8Array from Y.encodeRelativePosition', end);
  const label = map.get('label');
  if (typeof label !== 'string' || label === '') return problem('label', 'a non-empty label id', label);
  const author = map.get('author') ?? '';
  if (typeof author !== 'string') return problem('author', 'a user id string', author);
  const status = map.get('status') ?? 'proposed';
  if (typeof status !== 'string' || !(ANNOTATION_STATUSES as readonly string[]).includes(status)) {
    return problem('status', `one of ${ANNOTATION_STATUSES.join(', ')}`, status);
  }
  const note = map.get('note') ?? '';
  if (typeof note !== 'string') return problem('note', 'a string', note);
  const created = map.get('created') ?? 0;
  if (typeof created !== 'number' || !Number.isFinite(created)) return problem('created', 'milliseconds since the epoch', created);
  const source = map.get('source') ?? 'human';
  if (typeof source !== 'string' || !(ANNOTATION_SOURCES as readonly string[]).includes(source)) {
    return problem('source', `one of ${ANNOTATION_SOURCES.join(', ')}`, source);
  }
  const quote = map.get('quote') ?? '';
  if (typeof quote !== 'string') return problem('quote', 'a string', quote);
  const fragments = map.get('fragments');
  if (fragments !== undefined && !isEncodedFragments(fragments)) {
    return problem('fragments', `an array of 2 to ${MAX_FRAGMENTS} [start, end] pairs of Uint8Arrays from Y.encodeRelativePosition`, fragments);
  }
  const annotation: AnnotationFields = { id, label, author, status: status as AnnotationStatus, note, created, source: source as AnnotationSource };
  const anchors = { start, end, ...(fragments === undefined ? {} : { fragments }), quote };
  const recommender = map.get('recommender');
  if (source !== 'model' || recommender === undefined) return { entry: { annotation, ...anchors } };
  if (!isRecommenderName(recommender)) return problem('recommender', "a recommender's name (a non-empty line)", recommender);
  const score = map.get('score');
  if (score !== undefined && !isScore(score)) return problem('score', 'a number from 0 to 1', score);
  const modelVersion = map.get('modelVersion');
  if (modelVersion !== undefined && typeof modelVersion !== 'string') return problem('modelVersion', 'a string', modelVersion);
  const model: ModelProvenance = { recommender, ...(score === undefined ? {} : { score }), ...(modelVersion === undefined ? {} : { modelVersion }) };
  return { entry: { annotation, model, ...anchors } };
}

/** Whether `value` is a stored `fragments` list: a plain array of 2 to `MAX_FRAGMENTS` pairs of encoded anchors. @internal */
export function isEncodedFragments(value: unknown): value is readonly EncodedFragment[] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.length <= MAX_FRAGMENTS &&
    value.every((pair: unknown) => Array.isArray(pair) && pair.length === 2 && pair[0] instanceof Uint8Array && pair[1] instanceof Uint8Array)
  );
}

/** Whether `value` is a recommender's name: a non-empty string of at most 200 characters without a line break. @internal */
export function isRecommenderName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 && !/[\r\n]/.test(value);
}

/** Whether `value` is a score: a number from 0 to 1. @internal */
export function isScore(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/**
 * Reads the entries of a room's map whose keys pass `keep`, in key order,
 * with `read`: the entries that follow the layout and the problems of the
 * others. @internal
 */
export function readMapEntries<Entry>(
  map: Y.Map<unknown>,
  read: (key: string, value: unknown) => { entry: Entry } | { problem: LayerProblem },
  keep: (key: string) => boolean = () => true,
): { entries: Entry[]; problems: LayerProblem[] } {
  const entries: Entry[] = [];
  const problems: LayerProblem[] = [];
  for (const key of [...map.keys()].sort()) {
    if (!keep(key)) continue;
    const result = read(key, map.get(key));
    if ('entry' in result) entries.push(result.entry);
    else problems.push(result.problem);
  }
  return { entries, problems };
}

/** Reads every entry of a layer's `annotations` map, in id order, with the problems of malformed ones. */
export function readAnnotationEntries(layer: Y.Doc): { entries: AnnotationEntry[]; problems: LayerProblem[] } {
  return readMapEntries(annotationsMap(layer), readAnnotationEntry);
}

/**
 * The ids of the annotations a transaction of `layer` added, changed or
 * deleted, or `null` when it changed something inside the `annotations` map
 * other than its entries and their fields (a nested type a faulty client
 * wrote). Changes of other root types (`meta`, `docLabels`, `relations`)
 * are left out.
 * Valid while handling the transaction's `afterTransaction` event.
 */
export function changedAnnotationIds(transaction: Y.Transaction, layer: Y.Doc): string[] | null {
  const annotations = annotationsMap(layer);
  const ids = new Set<string>();
  for (const [type, keys] of transaction.changed) {
    if ((type as object) === annotations) {
      for (const key of keys) if (key !== null) ids.add(key);
      continue;
    }
    const item = type._item;
    if (item !== null && item.parent === annotations && item.parentSub !== null) ids.add(item.parentSub);
    else if (item === null) continue; // another root type (meta, document labels)
    else if (rootType(type) !== annotations) continue; // inside another root type (a relation's fields)
    else return null;
  }
  return [...ids];
}

/** The root type `type` is nested in (itself for a root type). @internal */
export function rootType(type: { readonly _item: Y.Item | null }): object {
  let current = type;
  while (current._item !== null && current._item.parent instanceof Y.AbstractType) current = current._item.parent;
  return current;
}
