/**
 * Text changes and how span boundaries move through them.
 *
 * The rules match the collaborative anchors (Yjs relative positions): a span's
 * start is tied to the character after it and its end to the character before
 * it. So text inserted exactly at a start goes before the span, text inserted
 * exactly at an end stays outside it, and text inserted strictly inside a span
 * grows it. A boundary whose character is deleted moves to where the deleted
 * text was, before any text inserted in its place (a replacement is applied as
 * a deletion followed by an insertion, the insertion landing after the
 * deleted characters).
 */

/**
 * One replacement in a text: the UTF-16 range `[from, to)` replaced by
 * `insert` code units. Positions are relative to the text before this change;
 * a list of changes is applied in order, each in the text left by the previous
 * ones.
 *
 * @example
 * { from: 4, to: 4, insert: 3 } // three code units inserted at 4
 * { from: 4, to: 9, insert: 0 } // five code units deleted
 */
export interface TextChange {
  /** First replaced code unit (inclusive). */
  readonly from: number;
  /** Code unit after the last replaced one (exclusive); `from` for a pure insertion. */
  readonly to: number;
  /** Number of code units inserted at `from`; 0 for a pure deletion. */
  readonly insert: number;
}

/**
 * Checks that a change is well formed: integers, `0 <= from <= to`,
 * `insert >= 0`.
 *
 * @throws RangeError naming the change's index in its list and the bad field.
 */
export function checkTextChange(change: TextChange, index = 0): void {
  const { from, to, insert } = change;
  if (!Number.isInteger(from) || from < 0) {
    throw new RangeError(`Text change ${index}: from must be a non-negative integer, got ${from}`);
  }
  if (!Number.isInteger(to) || to < from) {
    throw new RangeError(`Text change ${index}: to must be an integer >= from (${from}), got ${to}`);
  }
  if (!Number.isInteger(insert) || insert < 0) {
    throw new RangeError(`Text change ${index}: insert must be a non-negative integer, got ${insert}`);
  }
}

/**
 * Maps the start of a span through one change. The start sticks to the
 * character after it: an insertion exactly at it pushes it forward; when its
 * character is deleted it moves to `from`.
 */
export function mapSpanStart(pos: number, change: TextChange): number {
  const { from, to, insert } = change;
  if (pos < from) return pos;
  if (pos >= to) return pos - (to - from) + insert;
  return from;
}

/**
 * Maps the end of a span (or a collapsed position) through one change. The
 * end sticks to the character before it: an insertion exactly at it leaves it
 * in place; when its character is deleted it moves to `from`.
 */
export function mapSpanEnd(pos: number, change: TextChange): number {
  const { from, to, insert } = change;
  if (pos <= from) return pos;
  if (pos > to) return pos - (to - from) + insert;
  return from;
}

/** A range after mapping: where it is now, and whether its whole text was deleted (then `start === end`). */
export interface MappedRange {
  readonly start: number;
  readonly end: number;
  readonly collapsed: boolean;
}

/**
 * Maps the range `[start, end)` of a span (or of one of its fragments)
 * through changes applied in order, with the rules of the module comment.
 * Within one call, a start whose character was deleted by one change stays
 * before text a later change inserts at the same place, as a Yjs anchor on
 * a deleted character does. A range whose whole text is deleted collapses
 * at its end's last mapped position.
 */
export function mapRange(start: number, end: number, changes: readonly TextChange[]): MappedRange {
  let from = start;
  let to = end;
  // Once its character is deleted, a start stays where that character
  // was, before text inserted there later, exactly like an end.
  let startDeleted = false;
  let collapsed = false;
  for (const change of changes) {
    to = mapSpanEnd(to, change);
    if (collapsed) continue;
    if (startDeleted) {
      from = mapSpanEnd(from, change);
    } else {
      startDeleted = from >= change.from && from < change.to;
      from = mapSpanStart(from, change);
    }
    collapsed = from >= to;
  }
  return collapsed ? { start: to, end: to, collapsed } : { start: from, end: to, collapsed };
}
