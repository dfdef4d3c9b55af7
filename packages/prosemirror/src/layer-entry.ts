/**
 * Reading one entry of a layer's `annotations` map, for resolving a few
 * annotations without reading them all: collab's reader, with entries that
 * do not follow the layout skipped, as `resolveLayer` skips them (it reports
 * them as problems).
 */
import { readAnnotationRecord, type AnnotationRecord } from '@glossa/collab';

/** An annotation as stored in a layer: its fields, its two encoded anchors and its last quote. */
export type LayerEntry = AnnotationRecord;

/**
 * Reads the entry of annotation `id`, with the defaults of the layout for
 * missing optional fields, or `null` when the entry is missing or does not
 * follow the layout.
 */
export function readLayerEntry(id: string, entry: unknown): LayerEntry | null {
  const read = readAnnotationRecord(id, entry);
  return 'record' in read ? read.record : null;
}
