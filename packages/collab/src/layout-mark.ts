/**
 * Marking a room with the layout version (and revision) its writer follows.
 * @internal
 */
import type * as Y from 'yjs';
import { LAYOUT_KEY, LAYOUT_REVISION, LAYOUT_REVISION_KEY, LAYOUT_VERSION, META_MAP } from './layout.js';

/** Marks a layer with the layout version, and with revision 2 when `revision2` (a write of fragments or relations). Runs in the caller's transaction. */
export function markLayout(layer: Y.Doc, revision2 = false): void {
  const meta = layer.getMap<unknown>(META_MAP);
  if (meta.get(LAYOUT_KEY) !== LAYOUT_VERSION) meta.set(LAYOUT_KEY, LAYOUT_VERSION);
  if (revision2 && meta.get(LAYOUT_REVISION_KEY) !== LAYOUT_REVISION) meta.set(LAYOUT_REVISION_KEY, LAYOUT_REVISION);
}
