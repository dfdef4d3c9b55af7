/**
 * The interface between the annotation plugin and wherever its annotations
 * are kept besides the editor: a Yjs layer room (see `yjsAnnotationBinding`),
 * several of them, or any other store.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';
import type { AnnotationFields, FeedbackEntry } from '@glossa/collab';
import type { AnnotationAction } from './state.js';

/** Annotations read through a binding, in positions of the editor's document. */
export interface ResolvedAnnotations {
  /** The annotations that cover text. */
  readonly spans: readonly SpanAnnotation[];
  /** The annotations whose text is gone. */
  readonly orphans: readonly AnnotationFields[];
}

/** What changed in the annotations behind a binding, when the binding can tell. */
export interface AnnotationChange {
  /** The ids of the annotations added, changed or deleted. */
  readonly ids: readonly string[];
  /** Whether the local user's feedback on suggestions changed too. */
  readonly feedback?: boolean;
}

/** Where the plugin's annotations are kept besides the editor: a Yjs layer (see `yjsAnnotationBinding`) or any other store. */
export interface AnnotationBinding {
  /** The annotations and orphans now, in positions of `doc`. */
  resolve(doc: ProseMirrorNode): ResolvedAnnotations;
  /**
   * Optional: the annotations with these ids now, in positions of `doc`
   * (ids the binding does not hold are left out), or `null` when the store
   * does not show the text of `doc` yet. With it, the plugin re-reads only
   * the annotations a change can have moved instead of all of them.
   */
  resolveAnnotations?(ids: readonly string[], doc: ProseMirrorNode): ResolvedAnnotations | null;
  /**
   * Writes a local change (positions of `doc`) to the store: annotations
   * (`add`, `update`, `remove`), annotations accepting suggestions with
   * their feedback (`accept`, one transaction where the store has them),
   * and feedback alone (`feedback`, a rejection; also carried by an `add`
   * that corrects a suggestion). Other actions concern the editor only.
   */
  write(action: AnnotationAction, doc: ProseMirrorNode): void;
  /** Optional: the local user's feedback on suggestions, as stored (hides what they decided). */
  readFeedback?(): readonly FeedbackEntry[];
  /**
   * Calls `listener` after every change of the annotations that did not come
   * from `write` (another user, an import, an anchor repair), with the
   * changed ids when the binding knows them (used with `resolveAnnotations`)
   * and `feedback: true` when the local user's feedback changed.
   * Text edits are noticed by the plugin itself. Returns the unsubscribe function.
   */
  subscribe(listener: (change?: AnnotationChange) => void): () => void;
}
