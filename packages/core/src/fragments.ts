/**
 * Discontinuous spans: the ranges a span covers, the rules its fragments
 * follow, and building a span's offsets from ranges.
 *
 * A span's `fragments`, when present, are at least two non-empty `[start,
 * end)` pairs (integers), sorted, each ending before the next starts with
 * at least one code unit between them; the first starts at the span's
 * `start` and the last ends at its `end`. Pieces that touch are one piece,
 * and a span of one piece has no `fragments`.
 */
import type { SpanAnnotation, SpanFragment } from './types.js';

/** The offsets of a span that say what it covers. */
export type SpanExtent = Pick<SpanAnnotation, 'start' | 'end' | 'fragments'>;

/** The ranges a span covers, in order: its fragments, or its one `[start, end)`. */
export function spanRanges(span: SpanExtent): readonly SpanFragment[] {
  return span.fragments ?? [[span.start, span.end]];
}

/** What is wrong with a span's fragments: the fragment at fault (when one is) and a sentence saying what was expected. */
export interface FragmentProblem {
  /** The index of the offending fragment; absent when the list as a whole is wrong. */
  readonly index?: number;
  readonly message: string;
}

/**
 * Checks a span's `fragments` against the rules of the module comment.
 * Returns the first problem, or `undefined` when they are valid (or
 * absent). Never throws, whatever `fragments` is.
 */
export function fragmentsProblem(start: number, end: number, fragments: unknown): FragmentProblem | undefined {
  if (fragments === undefined) return undefined;
  if (!Array.isArray(fragments)) return { message: 'fragments must be an array of [start, end] pairs' };
  if (fragments.length < 2) return { message: `fragments must hold at least two [start, end] pairs, got ${fragments.length}; leave fragments out for a contiguous span` };
  let previousEnd = -1;
  for (let index = 0; index < fragments.length; index++) {
    const fragment: unknown = fragments[index];
    if (!Array.isArray(fragment) || fragment.length !== 2 || !fragment.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
      return { index, message: `fragment ${index} must be a pair [start, end] of non-negative integers` };
    }
    const [from, to] = fragment as [number, number];
    if (to <= from) return { index, message: `fragment ${index} [${from}, ${to}) is empty or reversed; expected start < end` };
    if (index > 0 && from <= previousEnd) {
      const how = from < previousEnd ? 'overlaps' : 'touches';
      return { index, message: `fragment ${index} [${from}, ${to}) ${how} fragment ${index - 1}; expected sorted fragments with text between them (join touching ones)` };
    }
    previousEnd = to;
  }
  const first = fragments[0] as SpanFragment;
  const last = fragments[fragments.length - 1] as SpanFragment;
  if (first[0] !== start || last[1] !== end) {
    return { message: `fragments cover [${first[0]}, ${last[1]}) but the span is [${start}, ${end}); expected start and end to be the first fragment's start and the last fragment's end` };
  }
  return undefined;
}

/**
 * The offsets of a span covering `ranges` (non-empty, sorted by start):
 * ranges that touch or overlap are joined; `fragments` is set only when
 * two or more pieces remain. `undefined` when there is no range.
 *
 * @example spanFromRanges([[0, 3], [3, 5], [9, 12]]); // { start: 0, end: 12, fragments: [[0, 5], [9, 12]] }
 */
export function spanFromRanges(ranges: readonly SpanFragment[]): SpanExtent | undefined {
  const pieces: [number, number][] = [];
  for (const [from, to] of ranges) {
    const last = pieces[pieces.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else pieces.push([from, to]);
  }
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return pieces.length === 1 ? { start: first[0], end: first[1] } : { start: first[0], end: last[1], fragments: pieces };
}

/** Whether two spans cover the same ranges (the same fragments, or the same contiguous range). */
export function sameRanges(a: SpanExtent, b: SpanExtent): boolean {
  const x = spanRanges(a);
  const y = spanRanges(b);
  return x.length === y.length && x.every(([from, to], i) => from === (y[i] as SpanFragment)[0] && to === (y[i] as SpanFragment)[1]);
}
