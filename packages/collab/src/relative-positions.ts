/**
 * Questions about Yjs relative positions that readers of other clients'
 * positions ask before resolving them: whether two point to the same place,
 * and whether one names a root type other than the one expected.
 */
import * as Y from 'yjs';

/**
 * Whether two relative positions point to the same place. A position at an
 * item is compared by the item alone: the binary encoding drops its type.
 */
export function sameRelativePosition(a: Y.RelativePosition, b: Y.RelativePosition): boolean {
  if (a.assoc !== b.assoc) return false;
  if (a.item !== null || b.item !== null) return a.item !== null && b.item !== null && Y.compareIDs(a.item, b.item);
  return a.tname === b.tname && Y.compareIDs(a.type, b.type);
}

/**
 * Whether `rpos` names a root type (by `tname`) other than `root`. Resolving
 * such a position would create that root type in the doc, so a reader of
 * positions from other clients skips it.
 */
export function namesAnotherRoot<Event>(rpos: Y.RelativePosition, root: Y.AbstractType<Event>): boolean {
  return rpos.tname !== null && (root.doc?.share.get(rpos.tname) as object | undefined) !== root;
}
