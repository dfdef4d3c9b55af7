/**
 * The paragraphs a transaction on a content doc touched, found from the
 * structs it created and deleted rather than by walking the whole document,
 * so that repairing anchors after an edit costs in proportion to the edit.
 *
 * @internal
 */
import * as Y from 'yjs';
import type { FragmentRange } from './content-index.js';
import { contentFragment } from './paragraphs.js';
import { forEachChangedStruct } from './structs.js';

/** The child of `fragment` that holds `struct` at any depth, or null when the struct is not in the fragment. */
function fragmentChildOf(struct: Y.Item | Y.GC, fragment: Y.XmlFragment): Y.Item | null {
  if (!(struct instanceof Y.Item)) return null;
  let item = struct;
  for (;;) {
    const parent = item.parent;
    if (parent === fragment) return item;
    if (!(parent instanceof Y.AbstractType) || parent._item === null) return null;
    item = parent._item;
  }
}

/** Whether a child of the fragment is a paragraph element. */
function isParagraphItem(item: Y.Item): boolean {
  return item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement;
}

/**
 * The run of children of the content fragment that `transaction` changed
 * (inserted, deleted, or holding a character or element it inserted or
 * deleted), widened on each side to the nearest paragraph it left alone
 * (`null` when there is none: the run then reaches the start or the end).
 * Indexed with `ContentIndex`'s `range` option, the run has the same text
 * around it before and after the transaction, so every difference between
 * the two plain texts lies inside the run (`widenRight` grows it when the
 * diff of the run's texts must see past its end). Null when the
 * transaction did not touch the fragment.
 *
 * Costs O(structs the transaction touched + children between the first and
 * the last touched one): a walk outwards from one touched child until every
 * touched child is seen.
 */
export function editedRange(content: Y.Doc, transaction: Y.Transaction): FragmentRange | null {
  const fragment = contentFragment(content);
  const touched = new Set<Y.Item>();
  forEachChangedStruct(transaction, (struct) => {
    const child = fragmentChildOf(struct, fragment);
    if (child !== null) touched.add(child);
  });
  const seed = touched.values().next().value;
  if (seed === undefined) return null;
  let leftmost = seed;
  let rightmost = seed;
  let left: Y.Item | null = seed;
  let right: Y.Item | null = seed;
  let seen = 1;
  while (seen < touched.size && (left !== null || right !== null)) {
    if (left !== null) {
      left = left.left;
      if (left !== null && touched.has(left)) {
        seen++;
        leftmost = left;
      }
    }
    if (right !== null) {
      right = right.right;
      if (right !== null && touched.has(right)) {
        seen++;
        rightmost = right;
      }
    }
  }
  // A paragraph the transaction left alone was live before it and still is.
  const untouchedParagraph = (item: Y.Item): boolean => !touched.has(item) && !item.deleted && isParagraphItem(item);
  let first = leftmost.left;
  while (first !== null && !untouchedParagraph(first)) first = first.left;
  let last = rightmost.right;
  while (last !== null && !untouchedParagraph(last)) last = last.right;
  return { first, last };
}

/**
 * `range` with up to `count` more paragraphs on its right: its end moves to
 * the `count`-th live paragraph after it, or to the end of the fragment when
 * there are fewer. Every paragraph after an edited range is untouched.
 */
export function widenRight(range: FragmentRange, count: number): FragmentRange {
  let last = range.last;
  for (let added = 0; last !== null && added < count; ) {
    last = last.right;
    while (last !== null && (last.deleted || !isParagraphItem(last))) last = last.right;
    if (last !== null) added++;
  }
  return { first: range.first, last };
}
