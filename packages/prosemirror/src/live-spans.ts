/**
 * `LiveSpanSet`: the span set of a live editor. It has the interface of
 * core's `SpanSet` (find, get, add, remove, update, map…) and the same
 * mapping rules, but mapping it through an edit costs time in proportion to
 * the spans the edit touches, not to every span of the document.
 *
 * How: the spans are kept in three parts.
 * - `base`: a `SpanSet` in the coordinates of an older document;
 * - `shifts`: the text changes made since then, in order. No span of `base`
 *   has an edge inside or next to any of them (a span that had one was moved
 *   to `moved` when the change came), so each change only shifts the spans
 *   after it, and a base position `b` is at `shift(b)` now;
 * - `moved`: a small `SpanSet` in current coordinates: the spans touched by
 *   an edit since `base` was built, and the spans added since.
 *
 * A query maps its range back to base coordinates (to a range that can only
 * be wider), asks both sets, and maps the base results forward. When the
 * shifts or the moved spans pile up, `compact()` folds them into a new base
 * in O(n log n); the annotation plugin does that when the editor is idle.
 */
import { SpanSet, checkTextChange, compareSpans } from '@glossa/core';
import type { MappedSpans, SpanAnnotation, TextChange } from '@glossa/core';

/** How many changes may pile up before `map` compacts on its own. */
export const MAX_PENDING_SHIFTS = 512;
/** How many moved spans may pile up before `map` compacts on its own. */
export const MAX_MOVED_SPANS = 512;

/** The result of mapping a `LiveSpanSet` through text changes (see `SpanSet.map`). */
export interface MappedLiveSpans {
  /** The spans that still cover some text, at their new positions. */
  readonly set: LiveSpanSet;
  /** The spans whose whole text was deleted, each with `start === end` at its last mapped position, sorted by (start, id). */
  readonly collapsed: SpanAnnotation[];
}

/** Where a position before `change` is after it; only for positions not inside or next to the change. */
function shiftPast(pos: number, change: TextChange): number {
  return pos > change.to ? pos + change.insert - (change.to - change.from) : pos;
}

/**
 * A position before `change` at or before every position that is at or after
 * `pos` after it (the lower bound of a query mapped back).
 */
function backLow(pos: number, change: TextChange): number {
  if (pos <= change.from) return pos;
  if (pos >= change.from + change.insert) return pos - change.insert + (change.to - change.from);
  return change.from;
}

/**
 * A position before `change` at or after every position that is at or
 * before `pos` after it (the upper bound of a query mapped back).
 */
function backHigh(pos: number, change: TextChange): number {
  if (pos <= change.from) return pos;
  if (pos >= change.from + change.insert) return pos - change.insert + (change.to - change.from);
  return change.to;
}

/** Merges two lists sorted by `compareSpans`. */
function mergeSorted(a: SpanAnnotation[], b: SpanAnnotation[]): SpanAnnotation[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: SpanAnnotation[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (compareSpans(a[i] as SpanAnnotation, b[j] as SpanAnnotation) <= 0) out.push(a[i++] as SpanAnnotation);
    else out.push(b[j++] as SpanAnnotation);
  }
  while (i < a.length) out.push(a[i++] as SpanAnnotation);
  while (j < b.length) out.push(b[j++] as SpanAnnotation);
  return out;
}

/**
 * An immutable set of span annotations (positions, start inclusive, end
 * exclusive) with the interface and rules of core's `SpanSet`, mapped through
 * an edit in O((k + 1) log n) for the k spans the edit touches, plus the
 * spans touched by earlier edits since the last compaction. Queries cost
 * O(log n + r·s) for r results and s changes since the last compaction.
 *
 * @example
 * const set = LiveSpanSet.create(spans);
 * const { set: next, collapsed } = set.map([{ from: 40, to: 40, insert: 1 }]);
 * next.find(0, 100);
 */
export class LiveSpanSet {
  /** The set without any span. */
  static readonly empty: LiveSpanSet = new LiveSpanSet(SpanSet.empty, [], SpanSet.empty);

  private constructor(
    private readonly base: SpanSet,
    private readonly shifts: readonly TextChange[],
    private readonly moved: SpanSet,
  ) {}

  /**
   * Builds a set from spans in any order, in O(n log n).
   * @throws RangeError on two spans with the same id, or a span whose offsets
   * are not integers with `0 <= start < end`.
   */
  static create(spans: Iterable<SpanAnnotation>): LiveSpanSet {
    const base = SpanSet.create(spans);
    return base.size === 0 ? LiveSpanSet.empty : new LiveSpanSet(base, [], SpanSet.empty);
  }

  /** Number of spans in the set. */
  get size(): number {
    return this.base.size + this.moved.size;
  }

  /** How many changes are waiting to be folded in by `compact()`. */
  get pendingShifts(): number {
    return this.shifts.length;
  }

  /** A base position in current coordinates. */
  private forward(pos: number): number {
    let out = pos;
    for (const change of this.shifts) out = shiftPast(out, change);
    return out;
  }

  /** A base span in current coordinates. */
  private current(span: SpanAnnotation): SpanAnnotation {
    if (this.shifts.length === 0) return span;
    const start = this.forward(span.start);
    const end = this.forward(span.end);
    return start === span.start && end === span.end ? span : { ...span, start, end };
  }

  /** The base spans whose current position may overlap `[from, to)`, in current coordinates (a superset). */
  private baseCandidates(from: number, to: number): SpanAnnotation[] {
    let low = from;
    let high = to;
    for (let i = this.shifts.length - 1; i >= 0; i--) {
      const change = this.shifts[i] as TextChange;
      low = backLow(low, change);
      high = backHigh(high, change);
    }
    return this.base.find(low, Math.max(low, high)).map((span) => this.current(span));
  }

  /**
   * The spans overlapping `[from, to)` (`start < to && end > from`) that pass
   * `predicate`, sorted by (start, end, id). A zero-width query `[p, p)`
   * returns the spans covering `p`. Without arguments, every span.
   * @throws RangeError when `from > to` or either is NaN.
   */
  find(from = 0, to = Number.POSITIVE_INFINITY, predicate?: (span: SpanAnnotation) => boolean): SpanAnnotation[] {
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) throw new RangeError(`Query range [${from}, ${to}) is not a range`);
    const point = from === to;
    const matches = (span: SpanAnnotation): boolean =>
      (point ? span.start <= from && from < span.end : span.start < to && span.end > from) && (predicate === undefined || predicate(span));
    const fromBase = this.baseCandidates(from, point ? from + 1 : to).filter(matches);
    return mergeSorted(fromBase, this.moved.find(from, to, predicate));
  }

  /** The spans covering `pos` (`start <= pos < end`), sorted by (start, end, id). */
  at(pos: number): SpanAnnotation[] {
    return this.find(pos, pos);
  }

  /** The span with this id, or `undefined`. */
  get(id: string): SpanAnnotation | undefined {
    const moved = this.moved.get(id);
    if (moved !== undefined) return moved;
    const span = this.base.get(id);
    return span === undefined ? undefined : this.current(span);
  }

  /** Whether the set holds a span with this id. */
  has(id: string): boolean {
    return this.moved.has(id) || this.base.has(id);
  }

  /**
   * Returns a set with these spans added (current coordinates). A span
   * replaces the span with the same id.
   * @throws RangeError for a span whose offsets are not integers with `0 <= start < end`.
   */
  add(spans: Iterable<SpanAnnotation>): LiveSpanSet {
    const list = Array.from(spans);
    if (list.length === 0) return this;
    const moved = this.moved.add(list);
    const base = this.base.remove(list.map((span) => span.id));
    return new LiveSpanSet(base, this.shifts, moved);
  }

  /** Returns a set without the spans with these ids; ids not in the set are ignored. */
  remove(ids: Iterable<string>): LiveSpanSet {
    const list = Array.from(ids);
    const base = this.base.remove(list);
    const moved = this.moved.remove(list);
    if (base === this.base && moved === this.moved) return this;
    return new LiveSpanSet(base, this.shifts, moved);
  }

  /**
   * Returns a set where the span `id` has the fields of `patch`; its id never changes.
   * @throws RangeError when no span has this id, or when the patched offsets are not integers with `0 <= start < end`.
   */
  update(id: string, patch: Partial<Omit<SpanAnnotation, 'id'>>): LiveSpanSet {
    const previous = this.get(id);
    if (previous === undefined) throw new RangeError(`No span with id ${id} to update`);
    return this.add([{ ...previous, ...patch, id }]);
  }

  /**
   * Maps every span through text changes applied in order, with the rules
   * of `SpanSet.map` (a start sticks to the character after it, an end to
   * the character before it; a span whose whole text is deleted comes back
   * in `collapsed`). Only the spans touching a change are mapped one by one;
   * the others are shifted lazily.
   * @throws RangeError for a malformed change (see `checkTextChange`).
   */
  map(changes: readonly TextChange[]): MappedLiveSpans {
    changes.forEach(checkTextChange);
    if (changes.length === 0 || this.size === 0) return { set: this, collapsed: [] };
    let base = this.base;
    const touched: SpanAnnotation[] = [];
    for (let j = 0; j < changes.length; j++) {
      const change = changes[j] as TextChange;
      // The range of the change, and one position on each side (spans that
      // merely touch it move too), in the coordinates before this call.
      let low = change.from - 1;
      let high = change.to + 1;
      for (let i = j - 1; i >= 0; i--) {
        low = backLow(low, changes[i] as TextChange);
        high = backHigh(high, changes[i] as TextChange);
      }
      const found = new LiveSpanSet(base, this.shifts, SpanSet.empty).baseCandidates(low, high);
      if (found.length > 0) {
        touched.push(...found);
        base = base.remove(found.map((span) => span.id));
      }
    }
    const mapped: MappedSpans = this.moved.add(touched).map(changes);
    const next = new LiveSpanSet(base, [...this.shifts, ...changes], mapped.set);
    const set = next.shifts.length > MAX_PENDING_SHIFTS || next.moved.size > MAX_MOVED_SPANS ? next.compact() : next;
    return { set, collapsed: mapped.collapsed };
  }

  /** An equal set with every pending shift folded into its base (O(n log n)); `this` when there is nothing to fold. */
  compact(): LiveSpanSet {
    if (this.shifts.length === 0 && this.moved.size === 0) return this;
    return LiveSpanSet.create(this.toArray());
  }

  /** Every span, sorted by (start, end, id). */
  toArray(): SpanAnnotation[] {
    // Shifting keeps the base spans in order: no base edge is inside a change.
    const fromBase: SpanAnnotation[] = [];
    for (const span of this.base) fromBase.push(this.current(span));
    return mergeSorted(fromBase, this.moved.toArray());
  }

  /** Iterates the spans sorted by (start, end, id). */
  [Symbol.iterator](): Iterator<SpanAnnotation> {
    return this.toArray()[Symbol.iterator]();
  }
}
