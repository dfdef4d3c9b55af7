/**
 * Keeps annotations on text that an edit moves rather than changes.
 *
 * ProseMirror (through y-prosemirror) splits a paragraph by deleting the
 * text after the cursor and inserting it again in a new paragraph, and joins
 * two paragraphs by deleting the second one and inserting its text again at
 * the end of the first. An anchor on moved text points to a deleted
 * character, so on its own it would fall back to where the text used to be.
 * `keepAnchors` watches the content doc and, after each local transaction
 * that deletes a character an anchor points to or changes a text whose edge
 * an anchor is on (a start at the end of a paragraph's text follows that
 * text, so a split would leave it behind), maps the annotation's old
 * range through the change of the plain text (a split inserts a `\n`, a join
 * deletes one) and re-anchors it. When all its text was deleted, it records
 * the text last seen under it as the annotation's `quote`, so the orphan can
 * report it.
 *
 * A repair costs in proportion to the edit, not to the document: the
 * annotations hit are found by the ids of the deleted structs
 * (`AnchorWatch`), and only the paragraphs the transaction touched, plus one
 * untouched paragraph on each side, are indexed (`editedRange`).
 */
import * as Y from 'yjs';
import { AnchorWatch } from './anchor-watch.js';
import { annotationsMap } from './annotation-entry.js';
import type { AnnotationEntry, EncodedFragment } from './annotation-entry.js';
import { ContentIndex } from './content-index.js';
import type { FragmentRange } from './content-index.js';
import { editedRange, widenRight } from './content-edits.js';
import { REANCHOR_ORIGIN } from './origin.js';
import { contentFragment } from './paragraphs.js';
import { decodeAnchor } from './structs.js';
import { diffTexts, mapOffset } from './text-diff.js';
import type { TextReplacement } from './text-diff.js';

/** A running `keepAnchors`; `destroy()` stops it. */
export interface AnchorKeeper {
  /** Stops watching the content doc. */
  destroy(): void;
}

/** Options of `keepAnchors`. */
export interface AnchorKeeperOptions {
  /**
   * Which content transactions to repair after. Only one client should
   * repair a given edit, so the default is the transactions made in this
   * client (`transaction.local`), never those received from others.
   */
  readonly shouldRepair?: (transaction: Y.Transaction) => boolean;
  /** The origin of the repairs written to the layer. @default REANCHOR_ORIGIN */
  readonly origin?: unknown;
}

/**
 * Starts re-anchoring the annotations of `layer` after local edits of
 * `content` that move their text (see the module comment). Repairs are
 * written with `REANCHOR_ORIGIN`, which no user's undo manager tracks.
 *
 * @example
 * const keeper = keepAnchors(layer, content);
 * // … the editor splits and joins paragraphs …
 * keeper.destroy();
 */
export function keepAnchors(layer: Y.Doc, content: Y.Doc, options: AnchorKeeperOptions = {}): AnchorKeeper {
  const shouldRepair = options.shouldRepair ?? ((transaction: Y.Transaction) => transaction.local);
  const origin = options.origin ?? REANCHOR_ORIGIN;
  const watch = new AnchorWatch(layer);
  const onContentTransaction = (transaction: Y.Transaction): void => {
    if (transaction.deleteSet.clients.size === 0 || !shouldRepair(transaction)) return;
    const hit = watch.hitBy(transaction);
    if (hit.length === 0) return;
    const range = editedRange(content, transaction);
    if (range === null) return;
    const edit = indexEdit(content, transaction, range);
    const annotations = annotationsMap(layer);
    layer.transact(() => {
      for (const entry of hit) {
        const map = annotations.get(entry.annotation.id);
        if (map instanceof Y.Map) repairAnchors(map as Y.Map<unknown>, entry, edit);
      }
    }, origin);
  };
  content.on('afterTransaction', onContentTransaction);
  return {
    destroy(): void {
      watch.destroy();
      content.off('afterTransaction', onContentTransaction);
    },
  };
}

/**
 * Indexes the edited paragraphs before and after `transaction` and finds the
 * change of their text. The change of the run's text is the change of the
 * whole text (which `diffTexts` finds from the common prefix and suffix)
 * unless one run's text is a prefix of the other's: then the common prefix of
 * the whole texts may go on into the text after the run, so the run is
 * widened to the right (doubling the paragraphs added each time) until it
 * does not, or reaches the end.
 */
function indexEdit(content: Y.Doc, transaction: Y.Transaction, edited: FragmentRange): Edit {
  let range = edited;
  for (let widen = 1; ; widen *= 2) {
    const before = new ContentIndex(content, { before: transaction, range });
    const after = new ContentIndex(content, { range });
    const shorter = Math.min(before.length, after.length);
    if (range.last === null || before.text.slice(0, shorter) !== after.text.slice(0, shorter)) {
      return { content, before, after, change: diffTexts(before.text, after.text) };
    }
    range = widenRight(range, widen);
  }
}

/** One edit of the content: the edited paragraphs indexed before and after it, and the change of their text. */
interface Edit {
  readonly content: Y.Doc;
  readonly before: ContentIndex;
  readonly after: ContentIndex;
  readonly change: TextReplacement;
}

/**
 * Maps the range of one annotation hit by an edit through the change of the
 * text and rewrites its anchors when they no longer give that range; records
 * the text last seen under it when the edit deleted all of it.
 */
function repairAnchors(map: Y.Map<unknown>, entry: AnnotationEntry, edit: Edit): void {
  repairCovering(map, entry, edit);
  if (entry.fragments !== undefined) repairFragments(map, entry.fragments, edit);
}

/**
 * Maps the pieces of a discontinuous annotation through the edit as the
 * covering span is: an anchor in the edited paragraphs is moved with the
 * text; one outside them, or on a piece the edit emptied, is left as it is
 * (resolving drops an empty piece). Writes `fragments` only when an anchor
 * changed.
 */
function repairFragments(map: Y.Map<unknown>, fragments: readonly EncodedFragment[], edit: Edit): void {
  const { before, after, change } = edit;
  let changed = false;
  const repaired = fragments.map(([fromBytes, toBytes]): [Uint8Array, Uint8Array] => {
    const from = before.resolveEncoded(fromBytes);
    const to = before.resolveEncoded(toBytes);
    const newFrom = from === null ? null : mapOffset(from, change, 0);
    const newTo = to === null ? null : mapOffset(to, change, -1);
    if (newFrom !== null && newTo !== null && newFrom >= newTo) return [fromBytes, toBytes];
    let fromOut = fromBytes;
    let toOut = toBytes;
    if (newFrom !== null && after.resolveEncoded(fromBytes) !== newFrom) fromOut = after.encodeAnchor(newFrom, 0);
    if (newTo !== null && after.resolveEncoded(toBytes) !== newTo) toOut = after.encodeAnchor(newTo, -1);
    if (fromOut !== fromBytes || toOut !== toBytes) changed = true;
    return [fromOut, toOut];
  });
  if (changed) map.set('fragments', repaired);
}

/** Repairs the covering `start` and `end` of an annotation hit by an edit. */
function repairCovering(map: Y.Map<unknown>, entry: AnnotationEntry, edit: Edit): void {
  const { before, after, change } = edit;
  const start = before.resolveEncoded(entry.start);
  const end = before.resolveEncoded(entry.end);
  if (start !== null && end !== null) {
    if (start >= end) return; // Already an orphan before this edit.
    const newStart = mapOffset(start, change, 0);
    const newEnd = mapOffset(end, change, -1);
    if (newStart >= newEnd) {
      const quote = before.text.slice(start, end);
      if (map.get('quote') !== quote) map.set('quote', quote);
    } else if (after.resolveEncoded(entry.start) !== newStart || after.resolveEncoded(entry.end) !== newEnd) {
      map.set('start', after.encodeAnchor(newStart, 0));
      map.set('end', after.encodeAnchor(newEnd, -1));
    }
    return;
  }
  // One anchor lies outside the edited paragraphs: before them for a start,
  // after them for an end. It does not move, and the range cannot collapse.
  if (end !== null) {
    const outside = reencodeOutside(edit.content, entry.start);
    const newEnd = mapOffset(end, change, -1);
    if (outside !== null && after.resolveEncoded(entry.end) !== newEnd) {
      map.set('start', outside);
      map.set('end', after.encodeAnchor(newEnd, -1));
    }
  } else if (start !== null) {
    const outside = reencodeOutside(edit.content, entry.end);
    const newStart = mapOffset(start, change, 0);
    if (outside !== null && after.resolveEncoded(entry.start) !== newStart) {
      map.set('start', after.encodeAnchor(newStart, 0));
      map.set('end', outside);
    }
  }
}

/**
 * An anchor outside the edited paragraphs, encoded afresh at the place it
 * resolves to (as `ContentIndex.encodeAnchor` would encode that offset), or
 * null when it does not resolve to a live part of the content. Costs a walk
 * over the one paragraph it is in.
 */
function reencodeOutside(content: Y.Doc, bytes: Uint8Array): Uint8Array | null {
  const rpos = decodeAnchor(bytes);
  if (rpos === null) return null;
  const position = Y.createAbsolutePositionFromRelativePosition(rpos, content, false);
  if (position === null) return null;
  const fragment = contentFragment(content);
  for (let type: Y.AbstractType<unknown> = position.type; type !== fragment; ) {
    const item = type._item;
    if (item === null || item.deleted || !(item.parent instanceof Y.AbstractType)) return null;
    type = item.parent;
  }
  return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(position.type, position.index, rpos.assoc));
}
