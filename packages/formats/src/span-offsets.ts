/**
 * Moving a span's offsets, fragments included, when an export rewrites its
 * text (LF line breaks, boilerplate cut out).
 */
import { sameRanges, spanFromRanges, spanRanges } from '@glossa/core';
import type { SpanFragment } from '@glossa/core';
import type { CorpusSpan } from './model.js';

/**
 * The span with every range (its fragments, or its one `[start, end)`)
 * moved: starts by `mapStart`, ends by `mapEnd`. A range left empty is
 * dropped and ranges that come to touch are joined, so a discontinuous span
 * may become contiguous. Returns the span itself when nothing moved, and
 * `undefined` when no range is left.
 */
export function moveSpan(span: CorpusSpan, mapStart: (offset: number) => number, mapEnd: (offset: number) => number): CorpusSpan | undefined {
  const ranges: SpanFragment[] = [];
  for (const [start, end] of spanRanges(span)) {
    const from = mapStart(start);
    const to = mapEnd(end);
    if (to > from) ranges.push([from, to]);
  }
  const extent = spanFromRanges(ranges);
  if (extent === undefined) return undefined;
  if (sameRanges(extent, span)) return span;
  const { fragments: _old, ...rest } = span;
  return { ...rest, ...extent };
}
