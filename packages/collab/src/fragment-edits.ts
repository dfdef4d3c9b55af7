/**
 * Editing the pieces of a discontinuous annotation (layout revision 2):
 * adding a fragment to an annotation, removing one, or setting all of its
 * ranges at once. Each writes the annotation's covering `start` and `end`
 * and its `fragments` in one transaction, leaving its other fields alone.
 */
import * as Y from 'yjs';
import { spanFromRanges, spanRanges, splitsSurrogatePair } from '@glossa/core';
import type { SpanAnnotation, SpanFragment } from '@glossa/core';
import { MAX_FRAGMENTS, annotationsMap, readAnnotationEntry } from './annotation-entry.js';
import { ContentIndex } from './content-index.js';
import { AnnotationNotFoundError } from './errors.js';
import { resolveEntry, sameValue } from './layer.js';
import { markLayout } from './layout-mark.js';

/** The annotation `id` of `layer` as a span of the indexed content. */
function currentSpan(layer: Y.Doc, index: ContentIndex, id: string): { map: Y.Map<unknown>; span: SpanAnnotation } {
  const value = annotationsMap(layer).get(id);
  const read = readAnnotationEntry(id, value);
  if (!(value instanceof Y.Map) || !('entry' in read)) throw new AnnotationNotFoundError(id);
  const range = resolveEntry(read.entry, index);
  if (range === null) throw new RangeError(`annotation ${JSON.stringify(id)}: its text was deleted, so it has no ranges to edit`);
  return { map: value as Y.Map<unknown>, span: { ...read.entry.annotation, ...range } };
}

/**
 * Makes annotation `id` cover `ranges` (UTF-16 offsets, in any order):
 * ranges that touch or overlap are joined; two or more pieces make it
 * discontinuous (its `start`/`end` the covering span, `fragments` the
 * pieces), one piece contiguous. Returns the annotation as written.
 *
 * @throws AnnotationNotFoundError when the layer holds no well-formed annotation `id`.
 * @throws RangeError when a range is empty, outside the text or splits a
 * surrogate pair, there is no range, more than `MAX_FRAGMENTS` pieces, or
 * the annotation is orphaned.
 */
export function setAnnotationRanges(layer: Y.Doc, content: Y.Doc, id: string, ranges: readonly SpanFragment[], origin?: unknown): SpanAnnotation {
  return setRangesWith(layer, new ContentIndex(content), id, ranges, origin);
}

/** `setAnnotationRanges` with an index of the content built by the caller. */
export function setRangesWith(layer: Y.Doc, index: ContentIndex, id: string, ranges: readonly SpanFragment[], origin?: unknown): SpanAnnotation {
  const where = `annotation ${JSON.stringify(id)}`;
  const text = index.text;
  for (const [from, to] of ranges) {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > text.length || from >= to) {
      throw new RangeError(`${where}: [${from}, ${to}) is not a non-empty range of the text (0..${text.length})`);
    }
    if (splitsSurrogatePair(text, from) || splitsSurrogatePair(text, to)) throw new RangeError(`${where}: [${from}, ${to}) splits a surrogate pair`);
  }
  const extent = spanFromRanges([...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  if (extent === undefined) throw new RangeError(`${where}: an annotation needs at least one range`);
  if (extent.fragments !== undefined && extent.fragments.length > MAX_FRAGMENTS) throw new RangeError(`${where}: at most ${MAX_FRAGMENTS} fragments`);
  const { map, span } = currentSpan(layer, index, id);
  const start = index.encodeAnchor(extent.start, 0);
  const end = index.encodeAnchor(extent.end, -1);
  const fragments = extent.fragments?.map(([from, to]) => [index.encodeAnchor(from, 0), index.encodeAnchor(to, -1)]);
  layer.transact(() => {
    markLayout(layer, fragments !== undefined);
    if (!sameValue(map.get('start'), start)) map.set('start', start);
    if (!sameValue(map.get('end'), end)) map.set('end', end);
    if (fragments === undefined) {
      if (map.has('fragments')) map.delete('fragments');
    } else if (!sameValue(map.get('fragments'), fragments)) {
      map.set('fragments', fragments);
    }
    const quote = text.slice(extent.start, extent.end);
    if (map.get('quote') !== quote) map.set('quote', quote);
  }, origin ?? null);
  const { fragments: _old, ...fields } = span;
  return { ...fields, start: extent.start, end: extent.end, ...(extent.fragments === undefined ? {} : { fragments: extent.fragments }) };
}

/**
 * Adds the range `[start, end)` to annotation `id` as a fragment (joined
 * with a piece it touches or overlaps). Returns the annotation as written.
 * @throws as `setAnnotationRanges`.
 *
 * @example
 * // "the National … and local Guard": one annotation in two pieces.
 * addFragment(layer, content, 'a1', [30, 35], localOrigin('ana'));
 */
export function addFragment(layer: Y.Doc, content: Y.Doc, id: string, range: SpanFragment, origin?: unknown): SpanAnnotation {
  const index = new ContentIndex(content);
  const { span } = currentSpan(layer, index, id);
  return setRangesWith(layer, index, id, [...spanRanges(span), range], origin);
}

/**
 * Removes piece `fragment` (its index among the annotation's fragments) of
 * a discontinuous annotation; the covering span shrinks to the pieces left.
 * Returns the annotation as written.
 * @throws RangeError when the annotation is contiguous or has no such piece; otherwise as `setAnnotationRanges`.
 */
export function removeFragment(layer: Y.Doc, content: Y.Doc, id: string, fragment: number, origin?: unknown): SpanAnnotation {
  const index = new ContentIndex(content);
  const { span } = currentSpan(layer, index, id);
  const pieces = span.fragments ?? [];
  if (!Number.isInteger(fragment) || fragment < 0 || fragment >= pieces.length) {
    throw new RangeError(`annotation ${JSON.stringify(id)}: no fragment ${fragment} to remove (it has ${pieces.length === 0 ? 'one contiguous range' : `${pieces.length} fragments`})`);
  }
  return setRangesWith(layer, index, id, pieces.filter((_, i) => i !== fragment), origin);
}
