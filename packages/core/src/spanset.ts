/**
 * `SpanSet`: an immutable, persistent set of span annotations, shaped like
 * ProseMirror's `DecorationSet`, with range queries from an interval index.
 */
import {
  treeCollectOverlapping,
  treeForEach,
  treeFromSorted,
  treeInsert,
  treeLookup,
  treeRemove,
  treeSize,
  treeValues,
  type SpanTree,
} from './span-tree.js';
import { fragmentsProblem, spanFromRanges } from './fragments.js';
import { checkTextChange, mapRange, type TextChange } from './text-change.js';
import type { SpanAnnotation, SpanFragment } from './types.js';

export type { TextChange } from './text-change.js';
export { checkTextChange, mapRange, mapSpanEnd, mapSpanStart, type MappedRange } from './text-change.js';
export { printSpans } from './span-printer.js';

/**
 * Orders spans by position: start, then end, then id (by UTF-16 code units,
 * as `<` compares strings). This is the order of every list a `SpanSet`
 * returns.
 */
export function compareSpans(a: SpanAnnotation, b: SpanAnnotation): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return a.end - b.end;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareIdToSpan(id: string, span: SpanAnnotation): number {
  return id < span.id ? -1 : id > span.id ? 1 : 0;
}

function compareSpanIds(a: SpanAnnotation, b: SpanAnnotation): number {
  return compareIdToSpan(a.id, b);
}

function checkSpan(span: SpanAnnotation): void {
  if (typeof span.id !== 'string') throw new TypeError(`Span id must be a string, got ${typeof span.id}`);
  if (!Number.isInteger(span.start) || span.start < 0) {
    throw new RangeError(`Span ${span.id}: start must be a non-negative integer, got ${span.start}`);
  }
  if (!Number.isInteger(span.end) || span.end <= span.start) {
    throw new RangeError(`Span ${span.id}: end must be an integer greater than start (${span.start}), got ${span.end}`);
  }
  const problem = fragmentsProblem(span.start, span.end, span.fragments);
  if (problem !== undefined) throw new RangeError(`Span ${span.id}: ${problem.message}`);
}

/**
 * A span mapped through changes: the span itself when nothing moved, else
 * the moved span; when its whole text was deleted, the span collapsed
 * (`start === end`, no fragments) at its end's last mapped position. Each
 * fragment is mapped as a range of its own; fragments whose text is gone
 * are dropped and fragments that come to touch are joined, so a span left
 * with one piece is contiguous again.
 */
function mapSpan(span: SpanAnnotation, changes: readonly TextChange[]): SpanAnnotation {
  if (span.fragments === undefined) {
    const { start, end } = mapRange(span.start, span.end, changes);
    return start === span.start && end === span.end ? span : { ...span, start, end };
  }
  const ranges: SpanFragment[] = [];
  let moved = false;
  let position = span.end;
  for (const [from, to] of span.fragments) {
    const mapped = mapRange(from, to, changes);
    if (mapped.start !== from || mapped.end !== to) moved = true;
    if (!mapped.collapsed) ranges.push([mapped.start, mapped.end]);
    position = mapped.end;
  }
  if (!moved) return span;
  const { fragments: _old, ...rest } = span;
  return { ...rest, ...(spanFromRanges(ranges) ?? { start: position, end: position }) };
}

/** The result of mapping a `SpanSet` through text changes. */
export interface MappedSpans {
  /** The spans that still cover some text, at their new positions. */
  readonly set: SpanSet;
  /**
   * The spans whose whole text was deleted, removed from `set`, each with
   * `start === end` at its last mapped position; sorted by (start, id).
   */
  readonly collapsed: SpanAnnotation[];
}

/**
 * An immutable, persistent set of span annotations (UTF-16 offsets), at most
 * one per id. Overlapping and nested spans are allowed; every span covers at
 * least one code unit (`0 <= start < end`).
 *
 * Every operation returns a new set and leaves the old one valid and
 * unchanged; `add`, `remove` and `update` cost O(log n) per span and share
 * all untouched structure. Spans are held twice, in an interval tree ordered
 * by (start, end, id) with the largest end of every subtree, and in a tree
 * ordered by id. `find` visits only subtrees that can hold a result: O(log n
 * + k) for k results when spans are short next to the query, O(k log n) at
 * worst.
 *
 * @example
 * const set = SpanSet.create([guard, militia]);
 * set.find(0, 40); // the spans overlapping [0, 40), by position
 * const { set: next, collapsed } = set.map([{ from: 4, to: 4, insert: 6 }]);
 */
export class SpanSet {
  /** The set without any span. */
  static readonly empty: SpanSet = new SpanSet(null, null);

  private constructor(
    private readonly byPosition: SpanTree,
    private readonly byId: SpanTree,
  ) {}

  /**
   * Builds a set from spans in any order, in O(n log n).
   *
   * @throws RangeError on two spans with the same id, or a span whose offsets
   * are not integers with `0 <= start < end`.
   */
  static create(spans: Iterable<SpanAnnotation>): SpanSet {
    const list = Array.from(spans);
    for (const span of list) checkSpan(span);
    const sortedById = [...list].sort(compareSpanIds);
    for (let i = 1; i < sortedById.length; i++) {
      const id = (sortedById[i] as SpanAnnotation).id;
      if ((sortedById[i - 1] as SpanAnnotation).id === id) throw new RangeError(`Duplicate span id ${id}`);
    }
    return SpanSet.fromSorted(list.sort(compareSpans), sortedById);
  }

  private static fromSorted(byPosition: readonly SpanAnnotation[], byId: readonly SpanAnnotation[]): SpanSet {
    if (byPosition.length === 0) return SpanSet.empty;
    return new SpanSet(treeFromSorted(byPosition), treeFromSorted(byId));
  }

  /** Number of spans in the set. */
  get size(): number {
    return treeSize(this.byId);
  }

  /**
   * The spans overlapping `[from, to)` (`start < to && end > from`) that pass
   * `predicate`, sorted by (start, end, id). A zero-width query `[p, p)`
   * returns the spans covering `p`: `start <= p < end`. Without arguments,
   * every span.
   *
   * @param from Start of the range, UTF-16. @default 0
   * @param to End of the range (exclusive), UTF-16. @default Infinity
   * @throws RangeError when `from > to` or either is NaN.
   */
  find(from = 0, to = Number.POSITIVE_INFINITY, predicate?: (span: SpanAnnotation) => boolean): SpanAnnotation[] {
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
      throw new RangeError(`Query range [${from}, ${to}) is not a range`);
    }
    const out: SpanAnnotation[] = [];
    treeCollectOverlapping(this.byPosition, from, to, predicate, out);
    return out;
  }

  /** The spans covering `pos` (`start <= pos < end`), sorted by (start, end, id). */
  at(pos: number): SpanAnnotation[] {
    return this.find(pos, pos);
  }

  /** The span with this id, or `undefined`. */
  get(id: string): SpanAnnotation | undefined {
    return treeLookup(this.byId, id, compareIdToSpan);
  }

  /** Whether the set holds a span with this id. */
  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /**
   * Returns a set with these spans added. A span replaces the span with the
   * same id, in the set or earlier in `spans`.
   *
   * @throws RangeError for a span whose offsets are not integers with
   * `0 <= start < end`.
   */
  add(spans: Iterable<SpanAnnotation>): SpanSet {
    let byPosition = this.byPosition;
    let byId = this.byId;
    for (const span of spans) {
      checkSpan(span);
      const previous = treeLookup(byId, span.id, compareIdToSpan);
      if (previous !== undefined) byPosition = treeRemove(byPosition, previous, compareSpans);
      byPosition = treeInsert(byPosition, span, compareSpans);
      byId = treeInsert(byId, span, compareSpanIds);
    }
    return byId === this.byId ? this : new SpanSet(byPosition, byId);
  }

  /** Returns a set without the spans with these ids; ids not in the set are ignored. */
  remove(ids: Iterable<string>): SpanSet {
    let byPosition = this.byPosition;
    let byId = this.byId;
    for (const id of ids) {
      const previous = treeLookup(byId, id, compareIdToSpan);
      if (previous === undefined) continue;
      byPosition = treeRemove(byPosition, previous, compareSpans);
      byId = treeRemove(byId, id, compareIdToSpan);
    }
    if (byId === this.byId) return this;
    return byId === null ? SpanSet.empty : new SpanSet(byPosition, byId);
  }

  /**
   * Returns a set where the span `id` has the fields of `patch` (offsets,
   * label, status…); its id never changes.
   *
   * @throws RangeError when no span has this id, or when the patched offsets
   * are not integers with `0 <= start < end`.
   */
  update(id: string, patch: Partial<Omit<SpanAnnotation, 'id'>>): SpanSet {
    const previous = this.get(id);
    if (previous === undefined) throw new RangeError(`No span with id ${id} to update`);
    return this.add([{ ...previous, ...patch, id }]);
  }

  /**
   * Maps every span through text changes applied in order (see
   * {@link TextChange}): a start sticks to the character after it, an end to
   * the character before it, so text inserted exactly at a span's edge stays
   * outside it, text inserted strictly inside grows it and deletions shrink
   * it. A span whose whole text is deleted is not dropped: it comes back in
   * `collapsed` at its last mapped position. Costs O(n · changes).
   *
   * Within one call, a start whose character was deleted by one change stays
   * before text a later change inserts at the same place, as a Yjs anchor on
   * a deleted character does; a later call sees only the position, so there
   * text inserted exactly at that start goes before the span.
   *
   * @throws RangeError for a malformed change (see {@link checkTextChange}).
   */
  map(changes: readonly TextChange[]): MappedSpans {
    changes.forEach(checkTextChange);
    if (changes.length === 0 || this.byPosition === null) return { set: this, collapsed: [] };
    const kept: SpanAnnotation[] = [];
    const collapsed: SpanAnnotation[] = [];
    const mappedIds = new Map<string, SpanAnnotation>();
    treeForEach(this.byPosition, (span) => {
      const mapped = mapSpan(span, changes);
      if (mapped.start === mapped.end) collapsed.push(mapped);
      else if (mapped !== span) {
        kept.push(mapped);
        mappedIds.set(span.id, mapped);
      } else {
        kept.push(span);
      }
    });
    if (mappedIds.size === 0 && collapsed.length === 0) return { set: this, collapsed };
    // Mapping keeps starts and ends in order; only spans that became equal in
    // (start, end) may need reordering by id, which sorting nearly sorted input does in O(n).
    kept.sort(compareSpans);
    collapsed.sort(compareSpans);
    // Ids do not change, so the id order is the old one without the collapsed spans.
    const gone = new Set(collapsed.map((span) => span.id));
    const keptById: SpanAnnotation[] = [];
    treeForEach(this.byId, (span) => {
      if (!gone.has(span.id)) keptById.push(mappedIds.get(span.id) ?? span);
    });
    return { set: SpanSet.fromSorted(kept, keptById), collapsed };
  }

  /** Every span, sorted by (start, end, id). */
  toArray(): SpanAnnotation[] {
    const out: SpanAnnotation[] = [];
    treeForEach(this.byPosition, (span) => out.push(span));
    return out;
  }

  /** Iterates the spans sorted by (start, end, id). */
  [Symbol.iterator](): Iterator<SpanAnnotation> {
    return treeValues(this.byPosition);
  }
}
