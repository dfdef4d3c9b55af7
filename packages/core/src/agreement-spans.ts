/**
 * Span-level agreement as F1 between two annotators (Hripcsak & Rothschild
 * 2005): `F1 = 2·|matches| / (|A| + |B|)`, symmetric in A and B.
 *
 * - `exact`: a match is an identical `(start, end, label)`; identical spans
 *   repeated in a layer match at most as many times as the other layer has
 *   them (a multiset intersection).
 * - `overlap`: a one-to-one matching in which each span of A, in order of
 *   `(start, end)`, takes the first span of B not yet taken, in the same
 *   order, that has the same label and overlaps it (shares at least one
 *   position).
 *
 * Empty spans (`start = end`) are left out: they are neither counted in
 * |A| + |B| nor matched.
 */

/** A labeled span; offsets in any one unit, start inclusive, end exclusive. */
export interface LabeledSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** How two spans are matched for F1. */
export type SpanMatching = 'exact' | 'overlap';

/** A span reduced to what matching compares. @internal */
export interface SpanRange {
  readonly start: number;
  readonly end: number;
}

/** Orders spans by (start, end). @internal */
export function compareRanges(a: SpanRange, b: SpanRange): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * Exact matches between two lists of non-empty spans of one label, each
 * sorted by (start, end): the size of their multiset intersection. @internal
 */
export function exactMatchesSorted(a: readonly SpanRange[], b: readonly SpanRange[]): number {
  let i = 0;
  let j = 0;
  let matches = 0;
  while (i < a.length && j < b.length) {
    const order = compareRanges(a[i] as SpanRange, b[j] as SpanRange);
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
 * (start, end), with the greedy one-to-one matching of the module comment.
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

/** Groups spans by label, each group sorted by (start, end). */
function byLabel(spans: readonly LabeledSpan[]): Map<string, SpanRange[]> {
  const groups = new Map<string, SpanRange[]>();
  for (const span of spans) {
    if (span.end <= span.start) continue;
    let group = groups.get(span.label);
    if (!group) groups.set(span.label, (group = []));
    group.push(span);
  }
  for (const group of groups.values()) group.sort(compareRanges);
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
