/**
 * Reading one entry of a layer's `annotations` map (the layout of
 * @glossa/collab), for resolving a few annotations without reading them all.
 * Entries that do not follow the layout are skipped, as `resolveLayer` skips
 * them (it reports them as problems).
 */
import * as Y from 'yjs';
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES } from '@glossa/core';
import type { AnnotationSource, AnnotationStatus, SpanAnnotation } from '@glossa/core';

/** An annotation as stored in a layer: its fields and its two encoded anchors. */
export interface LayerEntry {
  /** The annotation's fields without offsets. */
  readonly annotation: Omit<SpanAnnotation, 'start' | 'end'>;
  /** The start anchor (`Y.encodeRelativePosition`, assoc ≥ 0). */
  readonly start: Uint8Array;
  /** The end anchor (`Y.encodeRelativePosition`, assoc < 0). */
  readonly end: Uint8Array;
}

/**
 * Reads the entry of annotation `id`, with the defaults of the layout for
 * missing optional fields, or `null` when the entry is missing or does not
 * follow the layout.
 */
export function readLayerEntry(id: string, entry: unknown): LayerEntry | null {
  if (!(entry instanceof Y.Map)) return null;
  const map = entry as Y.Map<unknown>;
  const start = map.get('start');
  const end = map.get('end');
  const label = map.get('label');
  const author = map.get('author') ?? '';
  const status = map.get('status') ?? 'proposed';
  const note = map.get('note') ?? '';
  const created = map.get('created') ?? 0;
  const source = map.get('source') ?? 'human';
  const quote = map.get('quote') ?? '';
  if (!(start instanceof Uint8Array) || !(end instanceof Uint8Array)) return null;
  if (typeof label !== 'string' || label === '' || typeof author !== 'string' || typeof note !== 'string' || typeof quote !== 'string') return null;
  if (typeof status !== 'string' || !(ANNOTATION_STATUSES as readonly string[]).includes(status)) return null;
  if (typeof created !== 'number' || !Number.isFinite(created)) return null;
  if (typeof source !== 'string' || !(ANNOTATION_SOURCES as readonly string[]).includes(source)) return null;
  return {
    annotation: { id, label, author, status: status as AnnotationStatus, note, created, source: source as AnnotationSource },
    start,
    end,
  };
}
