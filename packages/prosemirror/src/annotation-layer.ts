/**
 * The interface between the annotation plugin and the store its annotations
 * live in (a Yjs layer, see `yjsAnnotationLayer`, or any other).
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';
import type { AnnotationAction, OrphanAnnotation } from './state.js';

/** Annotations read from a layer, in positions of the editor's document. */
export interface ResolvedAnnotations {
  /** The annotations that cover text. */
  readonly spans: readonly SpanAnnotation[];
  /** The annotations whose text is gone. */
  readonly orphans: readonly OrphanAnnotation[];
}

/** What changed in a layer, when the layer can tell. */
export interface LayerChange {
  /** The ids of the annotations added, changed or deleted. */
  readonly ids: readonly string[];
}

/** Where annotations live besides the editor: a Yjs layer (see `yjsAnnotationLayer`) or any other store. */
export interface AnnotationLayer {
  /** The annotations and orphans now, in positions of `doc`. */
  resolve(doc: ProseMirrorNode): ResolvedAnnotations;
  /**
   * Optional: the annotations with these ids now, in positions of `doc`
   * (ids the layer does not hold are left out), or `null` when the store
   * does not show the text of `doc` yet. With it, the plugin re-reads only
   * the annotations a change can have moved instead of the whole layer.
   */
  resolveAnnotations?(ids: readonly string[], doc: ProseMirrorNode): ResolvedAnnotations | null;
  /** Writes a local change (positions of `doc`) to the store. */
  write(action: AnnotationAction, doc: ProseMirrorNode): void;
  /**
   * Calls `listener` after every change of the annotations that did not come
   * from `write` (another user, an import, an anchor repair), with the
   * changed ids when the layer knows them (used with `resolveAnnotations`).
   * Text edits are noticed by the plugin itself. Returns the unsubscribe function.
   */
  subscribe(listener: (change?: LayerChange) => void): () => void;
}
