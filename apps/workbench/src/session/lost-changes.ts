/**
 * Telling the user when a change of theirs could not apply: they relabeled
 * (or reviewed, or wrote a note on) an annotation while their copy of the
 * layer was not in step with the server, and meanwhile someone else deleted
 * that annotation. Yjs merges the two without a conflict (the deletion
 * wins, so the change is gone on every side); this watch notices it.
 *
 * A change made here while the layer is not in sync (offline, or before
 * the first sync) is pending until the layer's next sync with the server
 * completes. The y-websocket protocol sends the server's missing updates
 * to this client (its sync step 2) before this client sends its own, so a
 * deletion that arrives from elsewhere while a change to that annotation is
 * pending was made without seeing the change: that is a lost change.
 * Deletions this client makes itself (a Delete, an undo) are not.
 */
import type * as Y from 'yjs';
import { ANNOTATIONS_MAP, changedAnnotationIds, isReanchorOrigin } from '@glossa/collab';

/** A change of the user's that could not apply. */
export interface LostChange {
  /** The layer the annotation was in. */
  readonly layer: string;
  /** The annotation's id in its layer. */
  readonly id: string;
  /** The label the annotation had after the user's change. */
  readonly label: string;
  /** The text the annotation covered, as last recorded with it. */
  readonly quote: string;
}

/** Options of `watchLostChanges`. */
export interface LostChangeWatchOptions {
  /** The layer's id, for the report. */
  readonly layer: string;
  /** The layer room's doc, which this user writes. */
  readonly doc: Y.Doc;
  /** Whether the layer is in step with the server now (connected and synced). */
  readonly inSync: () => boolean;
  /** Called for each change that could not apply. */
  readonly onLost: (change: LostChange) => void;
}

/** A running watch. */
export interface LostChangeWatch {
  /** The layer has completed a sync with the server: every pending change has reached it. */
  synced(): void;
  /** Stops watching. */
  destroy(): void;
}

/** A field of an annotation's entry as a string, or `''`. */
function field(entry: unknown, key: string): string {
  if (entry === null || typeof entry !== 'object' || !('get' in entry) || typeof entry.get !== 'function') return '';
  const value: unknown = (entry as Y.Map<unknown>).get(key);
  return typeof value === 'string' ? value : '';
}

/** Starts watching one writable layer for lost changes (see the module comment). */
export function watchLostChanges(options: LostChangeWatchOptions): LostChangeWatch {
  const { doc } = options;
  const annotations = doc.getMap<unknown>(ANNOTATIONS_MAP);
  /** The annotations changed here while out of sync, with their label and quote after the change. */
  const pending = new Map<string, { readonly label: string; readonly quote: string }>();

  const onTransaction = (transaction: Y.Transaction): void => {
    if (transaction.changed.size === 0 || isReanchorOrigin(transaction.origin)) return;
    const ids = changedAnnotationIds(transaction, doc) ?? [...pending.keys()];
    if (transaction.local) {
      for (const id of ids) {
        const entry = annotations.get(id);
        if (entry === undefined) pending.delete(id);
        else if (!options.inSync()) pending.set(id, { label: field(entry, 'label'), quote: field(entry, 'quote') });
      }
      return;
    }
    for (const id of ids) {
      const change = pending.get(id);
      if (change === undefined || annotations.has(id)) continue;
      pending.delete(id);
      options.onLost({ layer: options.layer, id, ...change });
    }
  };
  doc.on('afterTransaction', onTransaction);
  return {
    synced: () => pending.clear(),
    destroy: () => doc.off('afterTransaction', onTransaction),
  };
}
