/**
 * `yjsAnnotationLayer`: an `AnnotationLayer` over a Glossa layer Y.Doc
 * anchored to a content Y.Doc (the collaboration layout of @glossa/collab).
 * Local commands are written with the local origin; every other change of
 * the layer (other users, imports, models) is reported to the plugin, which
 * resolves the layer again.
 */
import type * as Y from 'yjs';
import { deleteAnnotations, localOrigin, readContentText, resolveLayer, updateAnnotation, writeAnnotations } from '@glossa/collab';
import type { AnnotationPatch } from '@glossa/collab';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';
import type { AnnotationLayer } from './plugin.js';
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

/**
 * A layer for `annotationPlugin({ layer })` backed by Yjs. Resolving reads
 * every anchor (`resolveLayer`) and converts text offsets to positions of
 * the editor's document; while the editor does not show the content doc's
 * text yet (before y-prosemirror's first render), it resolves to nothing.
 */
export function yjsAnnotationLayer(options: YjsAnnotationLayerOptions): AnnotationLayer {
  const { layerDoc, contentDoc } = options;
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
    write(action: AnnotationAction, doc: ProseMirrorNode) {
      switch (action.type) {
        case 'add': {
          const index = ParagraphIndex.of(doc);
          const span = { ...action.span, start: index.posToTextOffset(action.span.start), end: index.posToTextOffset(action.span.end) };
          writeAnnotations(layerDoc, contentDoc, [span], origin);
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
    subscribe(listener: () => void) {
      const onLayer = (transaction: Y.Transaction): void => {
        if (transaction.origin !== origin && transaction.changed.size > 0) listener();
      };
      layerDoc.on('afterTransaction', onLayer);
      return () => layerDoc.off('afterTransaction', onLayer);
    },
  };
}
