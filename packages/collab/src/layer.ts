/**
 * The layer room: annotations anchored to the content room with Yjs relative
 * positions, and document labels. Writes take text offsets; `resolveLayer`
 * turns every anchor back into offsets in one pass over the content.
 */
import * as Y from 'yjs';
import { ANNOTATION_SOURCES_DESCRIPTION, ANNOTATION_STATUSES, compareSpans, fragmentsProblem, isAnnotationSource, recommenderOf, spanFromRanges, splitsSurrogatePair } from '@glossa/core';
import type { AnnotationStatus, DocumentLabels, SpanAnnotation, SpanFragment } from '@glossa/core';
import { ContentIndex, lastAtOrBefore } from './content-index.js';
import { AnnotationNotFoundError } from './errors.js';
import { DOC_LABELS_MAP } from './layout.js';
import { markLayout } from './layout-mark.js';
import { MAX_FRAGMENTS, annotationsMap, isEncodedFragments, isRecommenderName, isScore, readAnnotationEntries } from './annotation-entry.js';
import { outlineParagraphs } from './paragraphs.js';
import { deleteRelationsOf, resolveRelations } from './relations.js';
import type { ResolvedRelations } from './relations.js';
import type { AnnotationEntry, AnnotationFields, EncodedFragment, LayerProblem, ModelProvenance } from './annotation-entry.js';

/** An annotation whose text is gone: its fields and the text last seen under it. */
export interface OrphanedAnnotation {
  /** The annotation's fields (it keeps its id, label, author…). */
  readonly annotation: AnnotationFields;
  /** The text last seen under it. */
  readonly quote: string;
}

/** Every annotation of a layer, resolved against the current content. */
export interface ResolvedLayer {
  /** The annotations that cover text, sorted by (start, end, id). */
  readonly spans: SpanAnnotation[];
  /** The annotations whose text was deleted (or whose anchors no longer resolve), sorted by id. */
  readonly orphans: OrphanedAnnotation[];
  /** Entries that do not follow the layout (written by a faulty client), sorted by id. */
  readonly problems: LayerProblem[];
  /**
   * The layer's relations (layout revision 2): live ones (both ends are
   * `spans`), dangling ones (an end missing, orphaned or malformed), the
   * duplicates hidden behind them and malformed entries.
   */
  readonly relations: ResolvedRelations;
  /** Which model proposed each annotation that records it (accepted suggestions, batch pre-annotations), by annotation id; see `withProvenance`. */
  readonly models: ReadonlyMap<string, ModelProvenance>;
}

/** The anchors of an annotation as `writeAnnotationEntry` stores them. */
export interface EntryAnchors {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
  /**
   * The pieces of a discontinuous annotation (2 to `MAX_FRAGMENTS`, sorted,
   * disjoint); `null` makes the annotation contiguous (removes stored
   * fragments); absent leaves stored fragments as they are.
   */
  readonly fragments?: readonly EncodedFragment[] | null;
}

/** The editable fields of an annotation. */
export interface AnnotationPatch {
  readonly label?: string;
  readonly status?: AnnotationStatus;
  readonly note?: string;
}


/**
 * The indexed text a span is written against: an index of the whole content
 * (`base` 0), or of a run of paragraphs starting at text offset `base`.
 */
interface SpanWindow {
  readonly index: ContentIndex;
  /** The text offset where the index's text starts. */
  readonly base: number;
  /** The length of the whole text. */
  readonly total: number;
}

function wholeWindow(index: ContentIndex): SpanWindow {
  return { index, base: 0, total: index.length };
}

/** Checks the id and the range of a span against a text of `total` code units. */
function checkPlacement(span: SpanAnnotation, total: number): void {
  if (typeof span.id !== 'string' || span.id === '') throw new RangeError(`annotation ${JSON.stringify(span.id)}: the id must be a non-empty string`);
  if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end > total || span.start >= span.end) {
    throw new RangeError(`annotation ${JSON.stringify(span.id)}: [${span.start}, ${span.end}) is not a non-empty range of the text (0..${total})`);
  }
}

function checkSpan(span: SpanAnnotation, window: SpanWindow): void {
  const where = `annotation ${JSON.stringify(span.id)}`;
  checkPlacement(span, window.total);
  const text = window.index.text;
  if (splitsSurrogatePair(text, span.start - window.base) || splitsSurrogatePair(text, span.end - window.base)) {
    throw new RangeError(`${where}: [${span.start}, ${span.end}) splits a surrogate pair`);
  }
  if (span.fragments !== undefined) {
    const problem = fragmentsProblem(span.start, span.end, span.fragments);
    if (problem !== undefined) throw new RangeError(`${where}: ${problem.message}`);
    if (span.fragments.length > MAX_FRAGMENTS) throw new RangeError(`${where}: at most ${MAX_FRAGMENTS} fragments, got ${span.fragments.length}`);
    for (const [from, to] of span.fragments) {
      if (splitsSurrogatePair(text, from - window.base) || splitsSurrogatePair(text, to - window.base)) {
        throw new RangeError(`${where}: fragment [${from}, ${to}) splits a surrogate pair`);
      }
    }
  }
  if (typeof span.label !== 'string' || span.label === '') throw new RangeError(`${where}: the label must be a non-empty string`);
  if (!ANNOTATION_STATUSES.includes(span.status)) throw new RangeError(`${where}: status must be one of ${ANNOTATION_STATUSES.join(', ')}`);
  if (!isAnnotationSource(span.source)) throw new RangeError(`${where}: source must be one of ${ANNOTATION_SOURCES_DESCRIPTION}`);
  if (span.score !== undefined && !isScore(span.score)) throw new RangeError(`${where}: the score must be a number from 0 to 1, got ${String(span.score)}`);
  if (span.modelVersion !== undefined && typeof span.modelVersion !== 'string') throw new RangeError(`${where}: the model version must be a string`);
  // Readers report an entry with these fields malformed as a problem, not a span: refuse to write one.
  if (typeof span.author !== 'string') throw new RangeError(`${where}: author must be a string`);
  if (typeof span.note !== 'string') throw new RangeError(`${where}: note must be a string`);
  if (typeof span.created !== 'number' || !Number.isFinite(span.created)) {
    throw new RangeError(`${where}: created must be a finite number of milliseconds since the epoch, got ${String(span.created)}`);
  }
}

function checkPatch(patch: AnnotationPatch): void {
  if (patch.label !== undefined && (typeof patch.label !== 'string' || patch.label === '')) throw new RangeError('the label must be a non-empty string');
  if (patch.status !== undefined && !ANNOTATION_STATUSES.includes(patch.status)) throw new RangeError(`status must be one of ${ANNOTATION_STATUSES.join(', ')}`);
  if (patch.note !== undefined && typeof patch.note !== 'string') throw new RangeError('the note must be a string');
}

/**
 * Writes annotations into a layer, anchoring their UTF-16 offsets into
 * `content` as relative positions (start with assoc 0, end with assoc −1).
 * An id already present is updated field by field (a re-anchor). A span
 * with `fragments` stores their anchors too; one without makes the entry
 * contiguous (removes stored fragments).
 *
 * @throws RangeError when a span is not a non-empty range of the content
 * text, splits a surrogate pair, has an empty id or label, an unknown status
 * or source, an author or note that is not a string, a `created` time
 * that is not a finite number, or `fragments` that break the rules of
 * `@glossa/core`'s `fragmentsProblem`.
 */
export function writeAnnotations(layer: Y.Doc, content: Y.Doc, spans: readonly SpanAnnotation[], origin?: unknown): void {
  writeAnnotationsWith(layer, new ContentIndex(content), spans, origin);
}

/** `writeAnnotations` with an index of the content built by the caller (for many writes on one state). */
export function writeAnnotationsWith(layer: Y.Doc, index: ContentIndex, spans: readonly SpanAnnotation[], origin?: unknown): void {
  const window = wholeWindow(index);
  for (const span of spans) checkSpan(span, window);
  writeInWindows(layer, spans, () => window, origin);
}

/**
 * `writeAnnotations` for a handful of annotations on a large document: the
 * same entries, anchors and errors, but instead of indexing every character
 * of the content it walks the paragraphs (not their characters) to find the
 * ones the spans touch, and indexes only those runs of paragraphs. Costs
 * O(paragraphs + characters of the touched paragraphs); use
 * `writeAnnotations` when the spans are spread over the whole document.
 *
 * @throws RangeError as `writeAnnotations`.
 */
export function writeFewAnnotations(layer: Y.Doc, content: Y.Doc, spans: readonly SpanAnnotation[], origin?: unknown): void {
  const outline = outlineParagraphs(content);
  const count = outline.items.length;
  const total = count === 0 ? 0 : (outline.starts[count - 1] as number) + (outline.lengths[count - 1] as number);
  for (const span of spans) checkPlacement(span, total);
  // The paragraphs each span touches (the end of a paragraph, where its `\n` is, belongs to it).
  const touched = spans.map((span) => ({ first: lastAtOrBefore(outline.starts, span.start), last: lastAtOrBefore(outline.starts, span.end) }));
  const runs = mergeRuns(touched);
  const windows = runs.map((run): SpanWindow => ({
    index: new ContentIndex(content, { range: { first: outline.items[run.first] as Y.Item, last: outline.items[run.last] as Y.Item } }),
    base: outline.starts[run.first] as number,
    total,
  }));
  const firsts = runs.map((run) => run.first);
  const windowOf = (i: number): SpanWindow => windows[lastAtOrBefore(firsts, (touched[i] as { first: number }).first)] as SpanWindow;
  spans.forEach((span, i) => checkSpan(span, windowOf(i)));
  writeInWindows(layer, spans, windowOf, origin);
}

/** Overlapping or adjacent runs of paragraphs merged, sorted. */
function mergeRuns(runs: readonly { readonly first: number; readonly last: number }[]): { first: number; last: number }[] {
  const merged: { first: number; last: number }[] = [];
  for (const run of [...runs].sort((a, b) => a.first - b.first)) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && run.first <= previous.last + 1) previous.last = Math.max(previous.last, run.last);
    else merged.push({ first: run.first, last: run.last });
  }
  return merged;
}

/** Writes checked spans in one transaction, each anchored through the window `windowOf(i)` holds it in. */
function writeInWindows(layer: Y.Doc, spans: readonly SpanAnnotation[], windowOf: (i: number) => SpanWindow, origin: unknown): void {
  layer.transact(() => {
    spans.forEach((span, i) => {
      const { index, base } = windowOf(i);
      const start = span.start - base;
      const end = span.end - base;
      const fragments = span.fragments === undefined ? null : encodeFragments(index, span.fragments, base);
      writeAnnotationEntry(layer, span, { start: index.encodeAnchor(start, 0), end: index.encodeAnchor(end, -1), fragments }, index.text.slice(start, end));
    });
  }, origin ?? null);
}

/** The anchors of `fragments` (text offsets) through an index whose text starts at offset `base`. */
function encodeFragments(index: ContentIndex, fragments: readonly SpanFragment[], base: number): EncodedFragment[] {
  return fragments.map(([from, to]): EncodedFragment => [index.encodeAnchor(from - base, 0), index.encodeAnchor(to - base, -1)]);
}

/**
 * Writes one annotation's entry in the layout's fields with anchors the
 * caller encoded (start with assoc ≥ 0, end with assoc < 0) and the text
 * under it as its quote; an existing entry keeps its other keys and only
 * changed fields are set. With `model` (for source `model` only), the entry
 * also records which model proposed it (`recommender`, `score`,
 * `modelVersion`). Runs in the caller's transaction when there is one,
 * otherwise in one with `origin`. Beyond a non-empty id and label and
 * `start < end` the span is not checked: use `writeAnnotations` unless the
 * anchors are already known to be right.
 * @throws RangeError when the id or label is empty, the range is empty, or
 * `model` is given for another source or has a malformed field.
 */
export function writeAnnotationEntry(
  layer: Y.Doc,
  span: SpanAnnotation,
  anchors: EntryAnchors,
  quote: string,
  origin?: unknown,
  model?: ModelProvenance,
): void {
  if (!(span.start < span.end)) {
    throw new RangeError(`annotation ${JSON.stringify(span.id)}: [${span.start}, ${span.end}) with label ${JSON.stringify(span.label)} cannot be written`);
  }
  const { start: _start, end: _end, fragments: _fragments, ...fields } = span;
  // A `model:<recommender>` source is stored as the layout has it: source `model` and the model's provenance.
  const recommender = recommenderOf(span.source);
  if (recommender === undefined || model !== undefined) {
    writeAnnotationEntryFields(layer, fields, anchors, quote, model, origin);
    return;
  }
  const provenance: ModelProvenance = { recommender, ...(span.score === undefined ? {} : { score: span.score }), ...(span.modelVersion === undefined ? {} : { modelVersion: span.modelVersion }) };
  writeAnnotationEntryFields(layer, { ...fields, source: 'model' }, anchors, quote, provenance, origin);
}

/**
 * `writeAnnotationEntry` for an annotation known by its anchors alone (no
 * offsets), e.g. one taking a suggestion's place. @internal
 * @throws RangeError when the id or label is empty, or `model` does not fit.
 */
export function writeAnnotationEntryFields(
  layer: Y.Doc,
  annotation: AnnotationFields,
  anchors: EntryAnchors,
  quote: string,
  model?: ModelProvenance,
  origin?: unknown,
): void {
  const where = `annotation ${JSON.stringify(annotation.id)}`;
  if (annotation.label === '' || annotation.id === '') throw new RangeError(`${where} with label ${JSON.stringify(annotation.label)} cannot be written`);
  if (anchors.fragments != null && !isEncodedFragments(anchors.fragments)) {
    throw new RangeError(`${where}: fragments must be 2 to ${MAX_FRAGMENTS} pairs of encoded anchors`);
  }
  const fields: [string, unknown][] = [
    ['start', anchors.start],
    ['end', anchors.end],
    ['label', annotation.label],
    ['author', annotation.author],
    ['status', annotation.status],
    ['note', annotation.note],
    ['created', annotation.created],
    ['source', annotation.source],
    ['quote', quote],
  ];
  if (model !== undefined) {
    if (annotation.source !== 'model') throw new RangeError(`${where}: a model's provenance needs source "model", not ${JSON.stringify(annotation.source)}`);
    if (!isRecommenderName(model.recommender)) throw new RangeError(`${where}: the recommender must be a non-empty line`);
    if (model.score !== undefined && !isScore(model.score)) throw new RangeError(`${where}: the score must be a number from 0 to 1, got ${String(model.score)}`);
    if (model.modelVersion !== undefined && typeof model.modelVersion !== 'string') throw new RangeError(`${where}: the model version must be a string`);
    fields.push(['recommender', model.recommender]);
    if (model.score !== undefined) fields.push(['score', model.score]);
    if (model.modelVersion !== undefined) fields.push(['modelVersion', model.modelVersion]);
  }
  // A plain array of plain pairs (lib0 encodes Uint8Arrays inside plain values), never a Y.Array: replaced, not edited.
  if (anchors.fragments != null) fields.push(['fragments', anchors.fragments.map(([from, to]) => [from, to])]);
  const annotations = annotationsMap(layer);
  layer.transact(() => {
    markLayout(layer, anchors.fragments != null);
    const existing = annotations.get(annotation.id);
    if (existing instanceof Y.Map) {
      const map = existing as Y.Map<unknown>;
      for (const [key, value] of fields) if (!sameValue(map.get(key), value)) map.set(key, value);
      if (anchors.fragments === null && map.has('fragments')) map.delete('fragments');
    } else {
      annotations.set(annotation.id, new Y.Map<unknown>(fields));
    }
  }, origin ?? null);
}

/** Whether two stored values are equal: bytes by content, plain arrays element by element, anything else by identity. @internal */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((byte, i) => byte === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value: unknown, i) => sameValue(value, b[i]));
  return a === b;
}

/**
 * Changes the label, status or note of an annotation.
 * @throws AnnotationNotFoundError when the layer holds no annotation `id`.
 * @throws RangeError when a field has a wrong value.
 */
export function updateAnnotation(layer: Y.Doc, id: string, patch: AnnotationPatch, origin?: unknown): void {
  checkPatch(patch);
  const entry = annotationsMap(layer).get(id);
  if (!(entry instanceof Y.Map)) throw new AnnotationNotFoundError(id);
  const map = entry as Y.Map<unknown>;
  layer.transact(() => {
    if (patch.label !== undefined && map.get('label') !== patch.label) map.set('label', patch.label);
    if (patch.status !== undefined && map.get('status') !== patch.status) map.set('status', patch.status);
    if (patch.note !== undefined && map.get('note') !== patch.note) map.set('note', patch.note);
  }, origin ?? null);
}

/**
 * Deletes annotations by id, and in the same transaction the relations
 * that start from or point to them (so one undo brings both back); ids the
 * layer does not hold are skipped (a collaborator may have deleted them
 * first). Returns how many annotations were deleted.
 */
export function deleteAnnotations(layer: Y.Doc, ids: readonly string[], origin?: unknown): number {
  const annotations = annotationsMap(layer);
  let deleted = 0;
  layer.transact(() => {
    for (const id of ids) {
      if (annotations.has(id)) {
        annotations.delete(id);
        deleted++;
      }
    }
    deleteRelationsOf(layer, new Set(ids));
  }, origin ?? null);
  return deleted;
}

/**
 * Resolves every annotation of a layer against the content in one pass over
 * the content's items (see `ContentIndex`). An annotation whose anchors
 * resolve to an empty range (all its text deleted) or do not resolve (its
 * paragraph deleted) is an orphan, reported with its last quote. A
 * discontinuous annotation comes with its `fragments` (see `resolveEntry`).
 * The layer's relations are resolved against the spans: live when both
 * ends are spans, dangling otherwise (see `resolveRelations`).
 */
export function resolveLayer(layer: Y.Doc, content: Y.Doc): ResolvedLayer {
  return resolveLayerWith(layer, new ContentIndex(content));
}

/** `resolveLayer` with an index of the content built by the caller (for several layers on one state). */
export function resolveLayerWith(layer: Y.Doc, index: ContentIndex): ResolvedLayer {
  const { entries, problems } = readAnnotationEntries(layer);
  const spans: SpanAnnotation[] = [];
  const orphans: OrphanedAnnotation[] = [];
  const models = new Map<string, ModelProvenance>();
  for (const entry of entries) {
    if (entry.model !== undefined) models.set(entry.annotation.id, entry.model);
    const range = resolveEntry(entry, index);
    if (range === null) orphans.push({ annotation: entry.annotation, quote: entry.quote });
    else spans.push({ ...entry.annotation, ...range });
  }
  spans.sort(compareSpans);
  const ids = new Set(spans.map((s) => s.id));
  const relations = resolveRelations(layer, ids, new Set(orphans.map((o) => o.annotation.id)));
  return { spans, orphans, problems, relations, models };
}

/**
 * The text range of a stored annotation (or suggestion) in the indexed
 * state, or null when it is orphaned. `start` and `end` (the covering span)
 * decide the range; the `fragments` of a discontinuous annotation are
 * resolved within it: pieces whose text is gone are dropped, pieces are
 * clipped to the covering span and joined where they touch, and the first
 * piece starts at `start`, the last ends at `end` (a client that knows only
 * the covering span may have moved it). Fewer than two pieces left: the
 * annotation reads as contiguous. Every client computes the same from the
 * same state.
 */
export function resolveEntry(
  entry: Pick<AnnotationEntry, 'start' | 'end' | 'fragments'>,
  index: ContentIndex,
): { start: number; end: number; fragments?: SpanFragment[] } | null {
  const start = index.resolveEncoded(entry.start);
  const end = index.resolveEncoded(entry.end);
  if (start === null || end === null || start >= end) return null;
  if (entry.fragments === undefined) return { start, end };
  const pieces: SpanFragment[] = [];
  for (const [fromBytes, toBytes] of entry.fragments) {
    const from = index.resolveEncoded(fromBytes);
    const to = index.resolveEncoded(toBytes);
    if (from === null || to === null) continue;
    const clippedFrom = Math.max(from, start);
    const clippedTo = Math.min(to, end);
    if (clippedFrom < clippedTo) pieces.push([clippedFrom, clippedTo]);
  }
  pieces.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const joined = spanFromRanges(pieces);
  if (joined?.fragments === undefined) return { start, end };
  const fragments = joined.fragments.map(([from, to]): [number, number] => [from, to]);
  (fragments[0] as [number, number])[0] = start;
  (fragments[fragments.length - 1] as [number, number])[1] = end;
  return { start, end, fragments };
}


/**
 * The document labels of a layer. Entries that are neither a string nor an
 * array of strings (written by a faulty client) are left out.
 */
export function readDocLabels(layer: Y.Doc): DocumentLabels {
  const entries: [string, string | readonly string[]][] = [];
  const map = layer.getMap<unknown>(DOC_LABELS_MAP);
  for (const group of [...map.keys()].sort()) {
    const value = map.get(group);
    if (typeof value === 'string') entries.push([group, value]);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) entries.push([group, [...(value as string[])]]);
    else if (value instanceof Y.Array && value.toArray().every((v) => typeof v === 'string')) entries.push([group, value.toArray() as string[]]);
  }
  // Object.fromEntries defines own properties, even for a group named `__proto__`.
  return Object.fromEntries(entries);
}

/**
 * Makes the document labels of a layer equal to `labels`: groups in `labels`
 * are set (a multiple-choice value as a plain array), groups not in it are
 * removed, unchanged groups are not rewritten.
 * @throws RangeError when a value is neither a string nor an array of strings.
 */
export function writeDocLabels(layer: Y.Doc, labels: DocumentLabels, origin?: unknown): void {
  for (const [group, value] of Object.entries(labels)) {
    if (typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      throw new RangeError(`document label ${JSON.stringify(group)}: expected a string or an array of strings`);
    }
  }
  const map = layer.getMap<unknown>(DOC_LABELS_MAP);
  const current = readDocLabels(layer);
  layer.transact(() => {
    markLayout(layer);
    for (const group of [...map.keys()]) if (!Object.hasOwn(labels, group)) map.delete(group);
    for (const [group, value] of Object.entries(labels)) {
      if (JSON.stringify(current[group]) !== JSON.stringify(value)) map.set(group, typeof value === 'string' ? value : [...value]);
    }
  }, origin ?? null);
}
