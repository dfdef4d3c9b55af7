/**
 * Span-level agreement as F1 between two annotators (Hripcsak & Rothschild
 * 2005): `F1 = 2·|matches| / (|A| + |B|)`, symmetric in A and B.
 *
 * - `exact`: a match is an identical `(start, end, label)` covering the
 *   same fragments (a discontinuous span matches only a span with the same
 *   fragments, never the contiguous span covering them); identical spans
 *   repeated in a layer match at most as many times as the other layer has
 *   them (a multiset intersection).
 * - `overlap`: a one-to-one matching in which each span of A, in order of
 *   `(start, end)`, takes the first span of B not yet taken, in the same
 *   order, that has the same label and overlaps it (their covering spans
 *   share at least one position; fragments do not matter).
 *
 * Empty spans (`start = end`) are left out: they are neither counted in
 * |A| + |B| nor matched.
 */
import type { SpanFragment } from './types.js';

/** A labeled span; offsets in any one unit, start inclusive, end exclusive. */
export interface LabeledSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  /** The pieces of a discontinuous span, within `[start, end)` (see the model's `SpanAnnotation`). */
  readonly fragments?: readonly SpanFragment[];
}

/** How two spans are matched for F1. */
export type SpanMatching = 'exact' | 'overlap';

/** A span reduced to what matching compares. @internal */
export interface SpanRange {
  readonly start: number;
  readonly end: number;
  readonly fragments?: readonly SpanFragment[];
}

/** Orders spans by (start, end). @internal */
export function compareRanges(a: SpanRange, b: SpanRange): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * Orders spans by (start, end), then by their fragments (a contiguous span
 * first, then fragment by fragment), so that spans with the same pieces
 * are neighbours; zero only for the same pieces. @internal
 */
export function compareShapes(a: SpanRange, b: SpanRange): number {
  const order = compareRanges(a, b);
  if (order !== 0 || a.fragments === b.fragments) return order;
  if (a.fragments === undefined) return -1;
  if (b.fragments === undefined) return 1;
  const length = Math.min(a.fragments.length, b.fragments.length);
  for (let i = 0; i < length; i++) {
    const [startA, endA] = a.fragments[i] as SpanFragment;
    const [startB, endB] = b.fragments[i] as SpanFragment;
    if (startA !== startB) return startA - startB;
    if (endA !== endB) return endA - endB;
  }
  return a.fragments.length - b.fragments.length;
}

/**
 * Exact matches between two lists of non-empty spans of one label, each
 * sorted by {@link compareShapes}: the size of their multiset intersection.
 * @internal
 */
export function exactMatchesSorted(a: readonly SpanRange[], b: readonly SpanRange[]): number {
  let i = 0;
  let j = 0;
  let matches = 0;
  while (i < a.length && j < b.length) {
    const order = compareShapes(a[i] as SpanRange, b[j] as SpanRange);
    if (order === 0) {
      matches++;
      i++;
      j++;
    } else if (order < 0) i++;
    else j++;
  }
  return matches;
}

/**
 * Overlap matches between two lists of non-empty spans of one label, each sorted by
 * (start, end) (as {@link compareShapes} sorts them), with the greedy one-to-one
 * matching of the module comment.
 * @internal
 */
export function overlapMatchesSorted(a: readonly SpanRange[], b: readonly SpanRange[]): number {
  const taken = new Uint8Array(b.length);
  let live = 0;
  let matches = 0;
  for (const span of a) {
    // Spans of B taken or ending before this span starts can match no later span of A.
    while (live < b.length && (taken[live] === 1 || (b[live] as SpanRange).end <= span.start)) live++;
    for (let j = live; j < b.length; j++) {
      const candidate = b[j] as SpanRange;
      if (candidate.start >= span.end) break;
      if (taken[j] === 0 && candidate.end > span.start) {
        taken[j] = 1;
        matches++;
        break;
      }
    }
  }
  return matches;
}

/** Span F1 from the matches and |A| + |B|: `2·matches / total`, `null` when there are no spans. @internal */
export function f1(matches: number, total: number): number | null {
  return total === 0 ? null : (2 * matches) / total;
}

/** Mean of the defined values; `null` when there are none. @internal */
export function meanDefined(values: Iterable<number | null>): number | null {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value === null) continue;
    sum += value;
    count++;
  }
  return count === 0 ? null : sum / count;
}

/** Groups spans by label, each group sorted by {@link compareShapes}. */
function byLabel(spans: readonly LabeledSpan[]): Map<string, SpanRange[]> {
  const groups = new Map<string, SpanRange[]>();
  for (const span of spans) {
    if (span.end <= span.start) continue;
    let group = groups.get(span.label);
    if (!group) groups.set(span.label, (group = []));
    group.push(span);
  }
  for (const group of groups.values()) group.sort(compareShapes);
  return groups;
}

/**
 * The number of matched spans between A and B under `matching` (see the
 * module comment). The order of the spans in either list does not matter.
 */
export function countSpanMatches(a: readonly LabeledSpan[], b: readonly LabeledSpan[], matching: SpanMatching): number {
  const groupsB = byLabel(b);
  let matches = 0;
  for (const [label, groupA] of byLabel(a)) {
    const groupB = groupsB.get(label);
    if (!groupB) continue;
    matches += matching === 'exact' ? exactMatchesSorted(groupA, groupB) : overlapMatchesSorted(groupA, groupB);
  }
  return matches;
}

/**
 * Span F1 between two annotators' spans: `2·|matches| / (|A| + |B|)`.
 *
 * @returns F1, or `null` when neither list has a non-empty span.
 * @example
 * spanF1([{ start: 0, end: 9, label: 'HATE' }], [{ start: 0, end: 3, label: 'HATE' }], 'overlap'); // 1
 */
export function spanF1(a: readonly LabeledSpan[], b: readonly LabeledSpan[], matching: SpanMatching): number | null {
  const nonEmpty = (spans: readonly LabeledSpan[]): number => spans.filter((s) => s.end > s.start).length;
  const total = nonEmpty(a) + nonEmpty(b);
  return f1(countSpanMatches(a, b, matching), total);
}
