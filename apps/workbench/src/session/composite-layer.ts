/**
 * Several annotation layers shown in one editor. The annotation plugin takes
 * one `AnnotationBinding`; this one merges the visible layers of a document
 * and routes each write to the layer it belongs to. Inside the editor an
 * annotation's id is `<layer>:<id>` (layer ids never contain `:`), so the
 * same id in two layers stays two annotations.
 */
import type * as Y from 'yjs';
import { yjsAnnotationBinding } from '@glossa/prosemirror';
import type { AcceptedAnnotation, AnnotationAction, AnnotationBinding, AnnotationChange, ResolvedAnnotations } from '@glossa/prosemirror';
import type { AnnotationFields } from '@glossa/collab';
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

/**
 * An `AnnotationBinding` over several layers, with visibility toggles. It
 * implements `resolveAnnotations` by asking each member layer for its own
 * ids, and reports member changes with editor ids, so the annotation
 * plugin re-reads only what an edit or a remote change can have moved.
 */
export interface CompositeLayer extends AnnotationBinding {
  resolveAnnotations(ids: readonly string[], doc: ProseMirrorNode): ResolvedAnnotations | null;
  /** The ids of the layers shown. */
  visibleLayers(): readonly string[];
  /** Shows exactly the given layers (unknown ids are ignored) and tells the editor to redraw. */
  setVisibleLayers(layers: readonly string[]): void;
  /**
   * Adds a layer opened after the editor started (an annotator's layer
   * created meanwhile), shown when `visible`, and tells the editor to redraw.
   * @throws RangeError when a layer with this id is already a member.
   */
  addMember(member: CompositeMember, visible: boolean): void;
}

function prefixSpan(layer: string, span: SpanAnnotation): SpanAnnotation {
  return { ...span, id: layeredId(layer, span.id) };
}

function prefixOrphan(layer: string, orphan: AnnotationFields): AnnotationFields {
  return { ...orphan, id: layeredId(layer, orphan.id) };
}

/**
 * Creates the composite layer of `members` over the content doc, showing
 * `visible` at first. Decisions on suggestions (a rejection's feedback, the
 * feedback the editor reads back to hide what was decided) go to the layer
 * `feedbackLayer` names: the one the user annotates into, whose scope's
 * suggestions they are shown. Accepted suggestions go to the layer of
 * their annotation's id, as every new annotation.
 */
export function compositeLayer(
  contentDoc: Y.Doc,
  members: readonly CompositeMember[],
  userId: string,
  visible: readonly string[],
  feedbackLayer: () => string | null = () => null,
): CompositeLayer {
  interface Entry {
    readonly member: CompositeMember;
    readonly layer: AnnotationBinding;
  }
  const layers = new Map<string, Entry>();
  let shown = new Set<string>();
  const listeners = new Set<(change?: AnnotationChange) => void>();
  /** Unsubscribe functions of the member subscriptions, by listener. */
  const memberSubscriptions = new Map<(change?: AnnotationChange) => void, (() => void)[]>();

  /** Subscribes `listener` to one member: its changes reach the editor with editor ids, while it is shown. */
  const subscribeMember = (id: string, entry: Entry, listener: (change?: AnnotationChange) => void): (() => void) =>
    entry.layer.subscribe((change) => {
      if (!shown.has(id)) return;
      if (change === undefined) return listener(undefined);
      const ids = change.ids.map((inner) => layeredId(id, inner));
      // Feedback counts only from the layer decisions on suggestions go to.
      listener(change.feedback === true && id === feedbackLayer() ? { ids, feedback: true } : { ids });
    });

  const addEntry = (member: CompositeMember): Entry => {
    if (layers.has(member.id)) throw new RangeError(`layer "${member.id}" is already part of this editor`);
    const entry = { member, layer: yjsAnnotationBinding({ layerDoc: member.doc, contentDoc, userId }) };
    layers.set(member.id, entry);
    return entry;
  };
  for (const member of members) addEntry(member);
  shown = new Set(visible.filter((id) => layers.has(id)));

  const writableLayer = (id: string): AnnotationBinding => {
    const entry = layers.get(id);
    if (entry === undefined || !entry.member.writable) throw new LayerNotWritableError(id);
    return entry.layer;
  };
  const redraw = (): void => {
    for (const listener of listeners) listener();
  };

  return {
    resolve(doc: ProseMirrorNode) {
      const spans: SpanAnnotation[] = [];
      const orphans: AnnotationFields[] = [];
      for (const [id, { layer }] of layers) {
        if (!shown.has(id)) continue;
        const resolved = layer.resolve(doc);
        for (const span of resolved.spans) spans.push(prefixSpan(id, span));
        for (const orphan of resolved.orphans) orphans.push(prefixOrphan(id, orphan));
      }
      return { spans, orphans };
    },
    resolveAnnotations(ids: readonly string[], doc: ProseMirrorNode) {
      // Ids of hidden or unknown layers are left out, so the editor drops them.
      const byLayer = new Map<string, Set<string>>();
      for (const value of ids) {
        const colon = value.indexOf(':');
        if (colon <= 0) continue;
        const layer = value.slice(0, colon);
        if (!shown.has(layer) || !layers.has(layer)) continue;
        const set = byLayer.get(layer);
        if (set === undefined) byLayer.set(layer, new Set([value.slice(colon + 1)]));
        else set.add(value.slice(colon + 1));
      }
      const spans: SpanAnnotation[] = [];
      const orphans: AnnotationFields[] = [];
      for (const [id, set] of byLayer) {
        const { layer } = layers.get(id) as Entry;
        const inner = [...set];
        const resolved = layer.resolveAnnotations !== undefined ? layer.resolveAnnotations(inner, doc) : pick(layer.resolve(doc), inner);
        if (resolved === null) return null;
        for (const span of resolved.spans) spans.push(prefixSpan(id, span));
        for (const orphan of resolved.orphans) orphans.push(prefixOrphan(id, orphan));
      }
      return { spans, orphans };
    },
    write(action: AnnotationAction, doc: ProseMirrorNode) {
      switch (action.type) {
        case 'add': {
          const { layer, id } = splitLayeredId(action.span.id);
          writableLayer(layer).write({ type: 'add', span: { ...action.span, id }, ...(action.feedback === undefined ? {} : { feedback: action.feedback }) }, doc);
          break;
        }
        case 'accept': {
          const byLayer = new Map<string, AcceptedAnnotation[]>();
          for (const accepted of action.accepted) {
            const { layer, id } = splitLayeredId(accepted.span.id);
            byLayer.set(layer, [...(byLayer.get(layer) ?? []), { ...accepted, span: { ...accepted.span, id } }]);
          }
          for (const [layer, accepted] of byLayer) writableLayer(layer).write({ type: 'accept', accepted }, doc);
          break;
        }
        case 'feedback': {
          const layer = feedbackLayer();
          if (layer === null) throw new LayerNotWritableError('(none)');
          writableLayer(layer).write(action, doc);
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
    readFeedback() {
      const layer = feedbackLayer();
      const entry = layer === null ? undefined : layers.get(layer);
      return entry?.layer.readFeedback?.() ?? [];
    },
    subscribe(listener: (change?: AnnotationChange) => void) {
      listeners.add(listener);
      memberSubscriptions.set(
        listener,
        [...layers].map(([id, entry]) => subscribeMember(id, entry, listener)),
      );
      return () => {
        listeners.delete(listener);
        for (const unsubscribe of memberSubscriptions.get(listener) ?? []) unsubscribe();
        memberSubscriptions.delete(listener);
      };
    },
    visibleLayers() {
      return [...shown];
    },
    setVisibleLayers(next: readonly string[]) {
      shown = new Set(next.filter((id) => layers.has(id)));
      redraw();
    },
    addMember(member: CompositeMember, show: boolean) {
      const entry = addEntry(member);
      if (show) shown.add(member.id);
      for (const [listener, unsubscribers] of memberSubscriptions) unsubscribers.push(subscribeMember(member.id, entry, listener));
      redraw();
    },
  };
}

/** The annotations with these ids among a whole layer's. */
function pick(resolved: ResolvedAnnotations, ids: readonly string[]): ResolvedAnnotations {
  const wanted = new Set(ids);
  return { spans: resolved.spans.filter((span) => wanted.has(span.id)), orphans: resolved.orphans.filter((orphan) => wanted.has(orphan.id)) };
}
