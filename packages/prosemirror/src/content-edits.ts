/**
 * Watching the content doc that y-prosemirror keeps in step with the editor:
 * after each transaction that changed its paragraphs (a local edit pushed by
 * `ySyncPlugin`, or a remote one), which paragraphs it touched.
 */
import * as Y from 'yjs';
import { ContentParagraphs } from './content-paragraphs.js';

/** The live paragraphs a content transaction touched, by index after it. */
export interface TouchedParagraphs {
  /** The first touched paragraph (a deleted paragraph touches its live neighbours). */
  readonly first: number;
  /** The last touched paragraph. */
  readonly last: number;
  /** The number of live paragraphs after the transaction. */
  readonly paragraphCount: number;
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
      if (isInside(type, fragment)) return undefined;
      continue;
    }
    if (index < first) first = index;
    if (index > last) last = index;
  }
  if (first > last) return null;
  return { first, last, paragraphCount: paragraphs.count };
}

/** Whether `type` lies inside `fragment`. */
function isInside(type: { readonly _item: Y.Item | null }, fragment: Y.XmlFragment): boolean {
  for (let item = type._item; item !== null; item = item.parent instanceof Y.AbstractType ? item.parent._item : null) {
    if (item.parent === fragment) return true;
  }
  return false;
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
