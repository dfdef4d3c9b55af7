/**
 * The interface between the annotation plugin and wherever suggestions are
 * read from: a Yjs suggestion room (see `yjsSuggestionBinding`) or any other
 * source. Suggestions are only read; what the user does with them is
 * written through the plugin's `AnnotationBinding` (the annotation and the
 * feedback go to the user's layer).
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { ResolvedSuggestionSpans } from './suggestion-state.js';

/** Where the plugin's suggestions come from. */
export interface SuggestionBinding {
  /**
   * The suggestions now, in positions of `doc`, and the ids of those that
   * have no place in it (their text is gone, or not here yet); with `ids`,
   * only those (ids it does not hold are in neither list). `null` while the
   * source does not show the text of `doc`. Entries it cannot read are
   * skipped.
   */
  resolve(doc: ProseMirrorNode, ids?: readonly string[]): ResolvedSuggestionSpans | null;
  /** Calls `listener` after every change of the suggestions. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}
