/**
 * `yjsAnnotationLayer`: an `AnnotationLayer` over a Glossa layer Y.Doc
 * anchored to a content Y.Doc (the collaboration layout of @glossa/collab).
 * Local commands are written with the local origin; every other change of
 * the layer (other users, imports, models) is reported to the plugin, which
 * resolves the layer again.
 */
import type * as Y from 'yjs';
import { ANNOTATIONS_MAP, CONTENT_FRAGMENT, deleteAnnotations, localOrigin, readContentText, resolveLayer, updateAnnotation, writeAnnotationEntry, writeAnnotations } from '@glossa/collab';
import type { AnnotationPatch } from '@glossa/collab';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';
import { ContentPositions } from './content-positions.js';
import { readLayerEntry } from './layer-entry.js';
import type { AnnotationLayer, LayerChange, ResolvedAnnotations } from './annotation-layer.js';
import { ParagraphIndex } from './positions.js';
import type { AnnotationAction, OrphanAnnotation } from './state.js';

/** Options of `yjsAnnotationLayer`. */
export interface YjsAnnotationLayerOptions {
  /** The layer room's doc (`getMap('annotations')`). */
  readonly layerDoc: Y.Doc;
  /** The content room's doc, bound to the editor with y-prosemirror's `ySyncPlugin`. */
  readonly contentDoc: Y.Doc;
  /** The local user's id: the origin of local writes. */
  readonly userId: string;
}

/** The patch of the editable fields in an update action. */
function editablePatch(patch: Partial<Omit<SpanAnnotation, 'id'>>): AnnotationPatch {
  return {
    ...(patch.label === undefined ? {} : { label: patch.label }),
    ...(patch.status === undefined ? {} : { status: patch.status }),
    ...(patch.note === undefined ? {} : { note: patch.note }),
  };
}

/** An annotation's anchors, encoded: start with assoc 0, end with assoc −1. */
interface EncodedAnchors {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

/**
 * Writes one annotation as `writeAnnotations` (@glossa/collab) does (through `writeAnnotationEntry`), with
 * anchors encoded by the caller instead of from an index of every character
 * of the content: the fields of the layout, start anchored with assoc 0, end
 * with assoc −1, the text under it as its quote.
 * @throws RangeError when the span is not a non-empty range of the text.
 */
function writeNewAnnotation(layer: Y.Doc, anchors: EncodedAnchors, span: SpanAnnotation, quote: string, origin: unknown): void {
  if (!(span.start < span.end) || span.label === '' || span.id === '') {
    throw new RangeError(`annotation ${JSON.stringify(span.id)}: [${span.start}, ${span.end}) with label ${JSON.stringify(span.label)} cannot be written`);
  }
  layer.transact(() => writeAnnotationEntry(layer, span, anchors, quote), origin);
}

/**
 * The ids of the annotations a layer transaction changed, or `null` when it
 * changed something else than the annotations map and its entries.
 */
function changedIds(transaction: Y.Transaction, annotations: Y.Map<unknown>): string[] | null {
  const ids = new Set<string>();
  for (const [type, keys] of transaction.changed) {
    if ((type as object) === annotations) {
      for (const key of keys) if (key !== null) ids.add(key);
      continue;
    }
    const item = type._item;
    if (item !== null && item.parent === annotations && item.parentSub !== null) ids.add(item.parentSub);
    else if (item === null) continue; // another root type (meta, document labels)
    else return null;
  }
  return [...ids];
}

/**
 * A layer for `annotationPlugin({ layer })` backed by Yjs. Resolving reads
 * every anchor (`resolveLayer`) and converts text offsets to positions of
 * the editor's document; while the editor does not show the content doc's
 * text yet (before y-prosemirror's first render), it resolves to nothing.
 * `resolveAnnotations` resolves a few annotations without indexing the
 * whole content, and `subscribe` names the annotations each change touched,
 * so the plugin re-reads only those.
 */
export function yjsAnnotationLayer(options: YjsAnnotationLayerOptions): AnnotationLayer {
  const { layerDoc, contentDoc } = options;
  const fragment = contentDoc.getXmlFragment(CONTENT_FRAGMENT);
  const origin = localOrigin(options.userId);
  return {
    resolve(doc: ProseMirrorNode) {
      const index = ParagraphIndex.of(doc);
      const resolved = resolveLayer(layerDoc, contentDoc);
      const orphans: OrphanAnnotation[] = resolved.orphans.map((orphan) => orphan.annotation);
      if (index.textLength !== readContentText(contentDoc).length) return { spans: [], orphans };
      const spans = resolved.spans.map((span) => ({
        ...span,
        start: index.textOffsetToPos(span.start),
        end: index.textOffsetToPos(span.end),
      }));
      return { spans, orphans };
    },
    resolveAnnotations(ids: readonly string[], doc: ProseMirrorNode): ResolvedAnnotations | null {
      const anchors = new ContentPositions(fragment, doc);
      if (anchors.inconsistent) return null;
      const annotations = layerDoc.getMap<unknown>(ANNOTATIONS_MAP);
      const spans: SpanAnnotation[] = [];
      const orphans: OrphanAnnotation[] = [];
      for (const id of ids) {
        const entry = readLayerEntry(id, annotations.get(id));
        if (entry === null) continue;
        const start = anchors.resolveEncoded(entry.start);
        const end = anchors.resolveEncoded(entry.end);
        if (start === null || end === null || start >= end) orphans.push(entry.annotation);
        else spans.push({ ...entry.annotation, start, end });
      }
      return anchors.inconsistent ? null : { spans, orphans };
    },
    write(action: AnnotationAction, doc: ProseMirrorNode) {
      switch (action.type) {
        case 'add': {
          const index = ParagraphIndex.of(doc);
          const span = { ...action.span, start: index.posToTextOffset(action.span.start), end: index.posToTextOffset(action.span.end) };
          const anchors = new ContentPositions(fragment, doc);
          const start = anchors.inconsistent ? null : anchors.encodeAnchor(action.span.start, 0);
          const end = anchors.inconsistent ? null : anchors.encodeAnchor(action.span.end, -1);
          if (start === null || end === null || anchors.inconsistent) {
            writeAnnotations(layerDoc, contentDoc, [span], origin);
          } else {
            writeNewAnnotation(layerDoc, { start, end }, span, doc.textBetween(action.span.start, action.span.end, '\n'), origin);
          }
          break;
        }
        case 'update':
          updateAnnotation(layerDoc, action.id, editablePatch(action.patch), origin);
          break;
        case 'remove':
          deleteAnnotations(layerDoc, action.ids, origin);
          break;
        default:
          break;
      }
    },
    subscribe(listener: (change?: LayerChange) => void) {
      const annotations = layerDoc.getMap<unknown>(ANNOTATIONS_MAP);
      const onLayer = (transaction: Y.Transaction): void => {
        if (transaction.origin === origin || transaction.changed.size === 0) return;
        const ids = changedIds(transaction, annotations);
        if (ids === null) listener();
        else if (ids.length > 0) listener({ ids });
      };
      layerDoc.on('afterTransaction', onLayer);
      return () => layerDoc.off('afterTransaction', onLayer);
    },
  };
}
