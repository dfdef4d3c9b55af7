/**
 * Several annotation layers shown in one editor. The annotation plugin takes
 * one `AnnotationLayer`; this one merges the visible layers of a document
 * and routes each write to the layer it belongs to. Inside the editor an
 * annotation's id is `<layer>:<id>` (layer ids never contain `:`), so the
 * same id in two layers stays two annotations.
 */
import type * as Y from 'yjs';
import { yjsAnnotationLayer } from '@glossa/prosemirror';
import type { AnnotationAction, AnnotationLayer, OrphanAnnotation } from '@glossa/prosemirror';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';

/** Thrown when a write names a layer that is not open or not writable. */
export class LayerNotWritableError extends Error {
  constructor(layer: string) {
    super(`layer "${layer}" is not open for writing in this document`);
    this.name = 'LayerNotWritableError';
  }
}

/** An editor id (`<layer>:<id>`) split into its layer and the id inside the layer. */
export interface LayeredId {
  readonly layer: string;
  readonly id: string;
}

/** The editor id of annotation `id` of `layer`. */
export function layeredId(layer: string, id: string): string {
  return `${layer}:${id}`;
}

/**
 * Splits an editor id into layer and id.
 * @throws RangeError when `value` has no layer prefix.
 */
export function splitLayeredId(value: string): LayeredId {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new RangeError(`annotation id ${JSON.stringify(value)} has no layer prefix (expected <layer>:<id>)`);
  return { layer: value.slice(0, colon), id: value.slice(colon + 1) };
}

/** One layer of a composite: its doc and whether this user may write it. */
export interface CompositeMember {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly writable: boolean;
}

/** An `AnnotationLayer` over several layers, with visibility toggles. */
export interface CompositeLayer extends AnnotationLayer {
  /** The ids of the layers shown. */
  visibleLayers(): readonly string[];
  /** Shows exactly the given layers (unknown ids are ignored) and tells the editor to redraw. */
  setVisibleLayers(layers: readonly string[]): void;
}

function prefixSpan(layer: string, span: SpanAnnotation): SpanAnnotation {
  return { ...span, id: layeredId(layer, span.id) };
}

function prefixOrphan(layer: string, orphan: OrphanAnnotation): OrphanAnnotation {
  return { ...orphan, id: layeredId(layer, orphan.id) };
}

/**
 * Creates the composite layer of `members` over the content doc, showing
 * `visible` at first.
 */
export function compositeLayer(contentDoc: Y.Doc, members: readonly CompositeMember[], userId: string, visible: readonly string[]): CompositeLayer {
  const layers = new Map(members.map((member) => [member.id, { member, layer: yjsAnnotationLayer({ layerDoc: member.doc, contentDoc, userId }) }]));
  let shown = new Set(visible.filter((id) => layers.has(id)));
  const listeners = new Set<() => void>();

  const writableLayer = (id: string): AnnotationLayer => {
    const entry = layers.get(id);
    if (entry === undefined || !entry.member.writable) throw new LayerNotWritableError(id);
    return entry.layer;
  };

  return {
    resolve(doc: ProseMirrorNode) {
      const spans: SpanAnnotation[] = [];
      const orphans: OrphanAnnotation[] = [];
      for (const [id, { layer }] of layers) {
        if (!shown.has(id)) continue;
        const resolved = layer.resolve(doc);
        for (const span of resolved.spans) spans.push(prefixSpan(id, span));
        for (const orphan of resolved.orphans) orphans.push(prefixOrphan(id, orphan));
      }
      return { spans, orphans };
    },
    write(action: AnnotationAction, doc: ProseMirrorNode) {
      switch (action.type) {
        case 'add': {
          const { layer, id } = splitLayeredId(action.span.id);
          writableLayer(layer).write({ type: 'add', span: { ...action.span, id } }, doc);
          break;
        }
        case 'update': {
          const { layer, id } = splitLayeredId(action.id);
          writableLayer(layer).write({ type: 'update', id, patch: action.patch }, doc);
          break;
        }
        case 'remove': {
          const byLayer = new Map<string, string[]>();
          for (const value of action.ids) {
            const { layer, id } = splitLayeredId(value);
            byLayer.set(layer, [...(byLayer.get(layer) ?? []), id]);
          }
          for (const [layer, ids] of byLayer) writableLayer(layer).write({ type: 'remove', ids }, doc);
          break;
        }
        default:
          break;
      }
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      const unsubscribers = [...layers.values()].map(({ layer }) => layer.subscribe(listener));
      return () => {
        listeners.delete(listener);
        for (const unsubscribe of unsubscribers) unsubscribe();
      };
    },
    visibleLayers() {
      return [...shown];
    },
    setVisibleLayers(next: readonly string[]) {
      shown = new Set(next.filter((id) => layers.has(id)));
      for (const listener of listeners) listener();
    },
  };
}
