/**
 * `yjsAnnotationBinding`: an `AnnotationBinding` over a Glossa layer room's
 * Y.Doc anchored to a content room's Y.Doc (the room contract of
 * @glossa/collab, read and written only through collab's API). Local
 * commands are written with the local origin; every other change of the
 * layer (other users, imports, models) is reported to the plugin, which
 * reads the annotations it names again.
 */
import type * as Y from 'yjs';
import {
  ANNOTATIONS_MAP,
  CONTENT_FRAGMENT,
  changedAnnotationIds,
  changedFeedbackKeys,
  deleteAnnotations,
  localOrigin,
  readAnnotationEntry,
  readContentText,
  readFeedback,
  resolveLayer,
  setAnnotationRanges,
  updateAnnotation,
  writeAnnotationEntry,
  writeAnnotations,
  writeFeedback,
} from '@glossa/collab';
import type { AnnotationFields, AnnotationPatch, ModelProvenance } from '@glossa/collab';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { spanFromRanges } from '@glossa/core';
import type { SpanAnnotation, SpanFragment } from '@glossa/core';
import { ContentPositions } from './content-positions.js';
import type { AnnotationBinding, AnnotationChange, ResolvedAnnotations } from './annotation-binding.js';
import { ParagraphIndex } from './positions.js';
import type { AnnotationAction } from './state.js';
import type { FeedbackWrite } from './suggestion-state.js';

/** Options of `yjsAnnotationBinding`. */
export interface YjsAnnotationBindingOptions {
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
 * A binding for `annotationPlugin({ binding })` to a Yjs layer room.
 * Resolving reads every anchor (`resolveLayer`) and converts text offsets to
 * positions of the editor's document; while the editor does not show the
 * content doc's text yet (before y-prosemirror's first render), it resolves
 * to nothing. `resolveAnnotations` resolves a few annotations without
 * indexing the whole content, new annotations are anchored the same way,
 * and `subscribe` names the annotations each change touched, so the plugin
 * re-reads only those. The layer's `feedback` map holds the user's
 * decisions on suggestions: an accepted suggestion's annotation (anchored
 * on the suggestion's own anchors) and its feedback are written in one
 * transaction with the user's origin, so one undo takes both back.
 */
export function yjsAnnotationBinding(options: YjsAnnotationBindingOptions): AnnotationBinding {
  const { layerDoc, contentDoc } = options;
  const fragment = contentDoc.getXmlFragment(CONTENT_FRAGMENT);
  const origin = localOrigin(options.userId);
  /** Writes one annotation (positions of `doc`), anchored on `given` anchors or encoded from its positions. */
  const writeSpan = (span: SpanAnnotation, doc: ProseMirrorNode, given?: { readonly start: Uint8Array; readonly end: Uint8Array }, model?: ModelProvenance): void => {
    const index = ParagraphIndex.of(doc);
    const fragments = span.fragments?.map(([from, to]): SpanFragment => [index.posToTextOffset(from), index.posToTextOffset(to)]);
    const atOffsets: SpanAnnotation = { ...span, start: index.posToTextOffset(span.start), end: index.posToTextOffset(span.end), ...(fragments === undefined ? {} : { fragments }) };
    if (given === undefined) {
      // A discontinuous annotation, or one that was: its pieces are anchored by collab, in place when the entry exists.
      const stored = readAnnotationEntry(span.id, layerDoc.getMap<unknown>(ANNOTATIONS_MAP).get(span.id));
      const storedPieces = 'entry' in stored && stored.entry.fragments !== undefined;
      if (fragments !== undefined || storedPieces) {
        if ('entry' in stored) setAnnotationRanges(layerDoc, contentDoc, span.id, fragments ?? [[atOffsets.start, atOffsets.end]], origin);
        else writeAnnotations(layerDoc, contentDoc, [atOffsets], origin);
        return;
      }
    }
    const quote = doc.textBetween(span.start, span.end, '\n');
    if (given !== undefined) {
      writeAnnotationEntry(layerDoc, atOffsets, given, quote, origin, model);
      return;
    }
    const anchors = new ContentPositions(fragment, doc);
    const start = anchors.inconsistent ? null : anchors.encodeAnchor(span.start, 0);
    const end = anchors.inconsistent ? null : anchors.encodeAnchor(span.end, -1);
    if (start === null || end === null || anchors.inconsistent) {
      writeAnnotations(layerDoc, contentDoc, [atOffsets], origin);
    } else {
      // Anchored as `writeAnnotations` anchors, without indexing every character of the content.
      writeAnnotationEntry(layerDoc, atOffsets, { start, end }, quote, origin, model);
    }
  };
  const writeFeedbacks = (feedback: readonly FeedbackWrite[]): void => {
    for (const { suggestion, entry } of feedback) writeFeedback(layerDoc, suggestion, entry, origin);
  };
  return {
    resolve(doc: ProseMirrorNode) {
      const index = ParagraphIndex.of(doc);
      const resolved = resolveLayer(layerDoc, contentDoc);
      const orphans: AnnotationFields[] = resolved.orphans.map((orphan) => orphan.annotation);
      if (index.textLength !== readContentText(contentDoc).length) return { spans: [], orphans };
      const spans = resolved.spans.map((span) => ({
        ...span,
        start: index.textOffsetToPos(span.start),
        end: index.textOffsetToPos(span.end),
        ...(span.fragments === undefined ? {} : { fragments: span.fragments.map(([from, to]): SpanFragment => [index.textOffsetToPos(from), index.textOffsetToPos(to)]) }),
      }));
      return { spans, orphans };
    },
    resolveAnnotations(ids: readonly string[], doc: ProseMirrorNode): ResolvedAnnotations | null {
      const anchors = new ContentPositions(fragment, doc);
      if (anchors.inconsistent) return null;
      const annotations = layerDoc.getMap<unknown>(ANNOTATIONS_MAP);
      const spans: SpanAnnotation[] = [];
      const orphans: AnnotationFields[] = [];
      for (const id of ids) {
        // Entries that do not follow the layout are skipped, as `resolveLayer` skips them.
        const read = readAnnotationEntry(id, annotations.get(id));
        if (!('entry' in read)) continue;
        const { entry } = read;
        const range = anchors.resolveRange(entry);
        if (range === null) {
          orphans.push(entry.annotation);
          continue;
        }
        const pieces = entry.fragments?.flatMap(([start, end]) => {
          const piece = anchors.resolveRange({ start, end });
          return piece === null ? [] : [[piece.start, piece.end] as SpanFragment];
        });
        // Pieces whose text is gone are left out; one piece left is a contiguous annotation.
        const extent = pieces === undefined ? undefined : spanFromRanges(pieces);
        spans.push(extent === undefined ? { ...entry.annotation, ...range } : { ...entry.annotation, ...extent });
      }
      return anchors.inconsistent ? null : { spans, orphans };
    },
    write(action: AnnotationAction, doc: ProseMirrorNode) {
      switch (action.type) {
        case 'add':
          layerDoc.transact(() => {
            writeSpan(action.span, doc);
            writeFeedbacks(action.feedback ?? []);
          }, origin);
          break;
        case 'accept':
          layerDoc.transact(() => {
            for (const accepted of action.accepted) {
              writeSpan(accepted.span, doc, accepted.anchors, accepted.model);
              writeFeedbacks([accepted.feedback]);
            }
          }, origin);
          break;
        case 'feedback':
          layerDoc.transact(() => writeFeedbacks(action.feedback), origin);
          break;
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
    readFeedback() {
      return readFeedback(layerDoc, options.userId).entries;
    },
    subscribe(listener: (change?: AnnotationChange) => void) {
      // Defined now, so that the changes of every later transaction name this very map.
      layerDoc.getMap<unknown>(ANNOTATIONS_MAP);
      const onLayer = (transaction: Y.Transaction): void => {
        if (transaction.origin === origin || transaction.changed.size === 0) return;
        const ids = changedAnnotationIds(transaction, layerDoc);
        const feedback = changedFeedbackKeys(transaction, layerDoc).some((key) => key.startsWith(`${options.userId}/`));
        if (ids === null) listener();
        else if (ids.length > 0 || feedback) listener(feedback ? { ids, feedback } : { ids });
      };
      layerDoc.on('afterTransaction', onLayer);
      return () => layerDoc.off('afterTransaction', onLayer);
    },
  };
}
