/**
 * Which paragraphs of a content doc a transaction touched, found without a
 * walk over the whole document, in the two forms its readers need:
 *
 * - `touchedParagraphs` (and `watchContentEdits`): the first and last
 *   touched paragraph by index, for an editor that re-reads the annotations
 *   there. Found through the changed types and the cached paragraph list
 *   (`ContentParagraphs`).
 * - `editedRange`: the run of fragment children around the edit, for
 *   `ContentIndex`'s `range` option (`keepAnchors` indexes only that run
 *   before and after the edit). Found from the structs the transaction
 *   created and deleted.
 */
import * as Y from 'yjs';
import type { FragmentRange } from './content-index.js';
import { ContentParagraphs } from './content-paragraphs.js';
import { contentFragment } from './paragraphs.js';
import { forEachChangedStruct } from './structs.js';

/** The live paragraphs a content transaction touched, by index after it. */
export interface TouchedParagraphs {
  /** The first touched paragraph (a deleted paragraph touches its live neighbours). */
  readonly first: number;
  /** The last touched paragraph. */
  readonly last: number;
  /** The number of live paragraphs after the transaction. */
  readonly paragraphCount: number;
}

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

/**
 * The paragraphs a transaction that left the fragment's list of paragraphs
 * alone touched, found through the cached paragraph list without a walk;
 * `undefined` when a changed type is not a paragraph or a text directly
 * inside one.
 */
function touchedInside(transaction: Y.Transaction, fragment: Y.XmlFragment): TouchedParagraphs | null | undefined {
  const paragraphs = ContentParagraphs.of(fragment);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const type of transaction.changed.keys()) {
    const index = paragraphs.paragraphOf(type);
    if (index === undefined) {
      // A type outside the fragment (another root, or something deleted with its paragraph) changes nothing here.
      if (type._item !== null && fragmentChildOf(type._item, fragment) !== null) return undefined;
      continue;
    }
    if (index < first) first = index;
    if (index > last) last = index;
  }
  if (first > last) return null;
  return { first, last, paragraphCount: paragraphs.count };
}

/**
 * The paragraphs `transaction` touched in `fragment`, or `null` when it did
 * not change the fragment. Valid while handling the transaction's
 * `afterTransaction` event. Edits inside paragraphs are found through the
 * cached paragraph list (`ContentParagraphs`); a transaction that changed
 * the list of paragraphs costs one walk over the fragment's items.
 */
export function touchedParagraphs(transaction: Y.Transaction, fragment: Y.XmlFragment): TouchedParagraphs | null {
  // Typed by their keys' classes; read here by identity.
  const changed = transaction.changed as Map<object, unknown>;
  const changedParents = transaction.changedParentTypes as Map<object, unknown>;
  if (!changedParents.has(fragment) && !changed.has(fragment)) return null;
  if (!changed.has(fragment)) {
    const inside = touchedInside(transaction, fragment);
    if (inside !== undefined) return inside;
  }
  const before = transaction.beforeState;
  let index = -1;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const touch = (i: number): void => {
    if (i < first) first = i;
    if (i > last) last = i;
  };
  for (let item = fragment._start; item !== null; item = item.right) {
    const created = item.id.clock >= (before.get(item.id.client) ?? 0);
    if (item.deleted) {
      // Deleted now: the paragraphs on both sides were joined or moved.
      if (!created && Y.isDeleted(transaction.deleteSet, item.id)) {
        touch(index);
        touch(index + 1);
      }
      continue;
    }
    index++;
    const type = item.content instanceof Y.ContentType ? item.content.type : null;
    if (created || (type !== null && (changed.has(type) || changedParents.has(type)))) touch(index);
  }
  const count = index + 1;
  if (first > last) return null;
  return { first: Math.max(0, Math.min(first, count - 1)), last: Math.max(0, Math.min(last, count - 1)), paragraphCount: count };
}

/** A running content watcher. */
export interface ContentWatcher {
  /** Whether the content doc is inside a transaction (or its observers) right now. */
  readonly inTransaction: boolean;
  /** Stops watching. */
  destroy(): void;
}

/**
 * Calls `onEdit` after every transaction of the fragment's doc that touched
 * the fragment's paragraphs, with the touched paragraphs.
 * @throws RangeError when the fragment is not part of a doc yet.
 */
export function watchContentEdits(fragment: Y.XmlFragment, onEdit: (touched: TouchedParagraphs) => void): ContentWatcher {
  const doc = fragment.doc;
  if (doc === null) throw new RangeError('watchContentEdits: the fragment is not part of a Y.Doc');
  let depth = 0;
  const onBefore = (): void => {
    depth++;
  };
  const onAfterAll = (): void => {
    depth = 0;
  };
  const onAfter = (transaction: Y.Transaction): void => {
    const touched = touchedParagraphs(transaction, fragment);
    if (touched !== null) onEdit(touched);
  };
  doc.on('beforeAllTransactions', onBefore);
  doc.on('afterAllTransactions', onAfterAll);
  doc.on('afterTransaction', onAfter);
  return {
    get inTransaction() {
      return depth > 0;
    },
    destroy() {
      doc.off('beforeAllTransactions', onBefore);
      doc.off('afterAllTransactions', onAfterAll);
      doc.off('afterTransaction', onAfter);
    },
  };
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
 *
 * @internal
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
 *
 * @internal
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
