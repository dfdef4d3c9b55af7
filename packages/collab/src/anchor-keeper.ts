/**
 * Keeps annotations on text that an edit moves rather than changes.
 *
 * ProseMirror (through y-prosemirror) splits a paragraph by deleting the
 * text after the cursor and inserting it again in a new paragraph, and joins
 * two paragraphs by deleting the second one and inserting its text again at
 * the end of the first. An anchor on moved text points to a deleted
 * character, so on its own it would fall back to where the text used to be.
 * `keepAnchors` watches the content doc and, after each local transaction
 * that deletes a character an anchor points to, maps the annotation's old
 * range through the change of the plain text (a split inserts a `\n`, a join
 * deletes one) and re-anchors it. When all its text was deleted, it records
 * the text last seen under it as the annotation's `quote`, so the orphan can
 * report it.
 */
import * as Y from 'yjs';
import { ContentIndex } from './content-index.js';
import { annotationsMap, readAnnotationRecords } from './annotation-record.js';
import type { AnnotationRecord } from './annotation-record.js';
import { resolveRecord } from './layer.js';
import { REANCHOR_ORIGIN } from './origin.js';
import { diffTexts, mapOffset } from './text-diff.js';

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

/** The ids an anchor depends on: the character it points to or the type whose edge it is. */
function anchorId(bytes: Uint8Array): Y.ID | null {
  try {
    const rpos = Y.decodeRelativePosition(bytes);
    return rpos.item ?? rpos.type;
  } catch {
    return null;
  }
}

interface WatchedAnchor {
  readonly record: AnnotationRecord;
  readonly start: Y.ID | null;
  readonly end: Y.ID | null;
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
  let watched: WatchedAnchor[] | null = null;
  const onLayerChange = (): void => {
    watched = null;
  };
  const onContentTransaction = (transaction: Y.Transaction): void => {
    if (transaction.deleteSet.clients.size === 0 || !shouldRepair(transaction)) return;
    watched ??= readAnnotationRecords(layer).records.map((record) => ({ record, start: anchorId(record.start), end: anchorId(record.end) }));
    const ds = transaction.deleteSet;
    const hit = watched.filter((w) => (w.start !== null && Y.isDeleted(ds, w.start)) || (w.end !== null && Y.isDeleted(ds, w.end)));
    if (hit.length === 0) return;
    const before = new ContentIndex(content, { before: transaction });
    const after = new ContentIndex(content);
    const change = diffTexts(before.text, after.text);
    const annotations = annotationsMap(layer);
    layer.transact(() => {
      for (const { record } of hit) {
        const old = resolveRecord(record, before);
        const entry = annotations.get(record.annotation.id);
        if (old === null || !(entry instanceof Y.Map)) continue;
        const map = entry as Y.Map<unknown>;
        const start = mapOffset(old.start, change, 0);
        const end = mapOffset(old.end, change, -1);
        if (start < end) {
          const now = resolveRecord(record, after);
          if (now === null || now.start !== start || now.end !== end) {
            map.set('start', after.encodeAnchor(start, 0));
            map.set('end', after.encodeAnchor(end, -1));
          }
        } else {
          const quote = before.text.slice(old.start, old.end);
          if (map.get('quote') !== quote) map.set('quote', quote);
        }
      }
    }, origin);
  };
  layer.on('afterTransaction', onLayerChange);
  content.on('afterTransaction', onContentTransaction);
  return {
    destroy(): void {
      layer.off('afterTransaction', onLayerChange);
      content.off('afterTransaction', onContentTransaction);
    },
  };
}
