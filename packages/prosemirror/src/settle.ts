/**
 * Keeping the plugin's spans equal to those of its binding.
 *
 * Local edits are mapped through ProseMirror's steps, but a Yjs layer's
 * anchors follow the character diff y-prosemirror computes when it writes
 * the edit to Yjs, and the two can disagree (typing the character next to a
 * span edge, splitting a paragraph inside a span). So after every
 * transaction of the content doc (the local edit pushed by `ySyncPlugin`, or
 * a remote one), the plugin view re-reads through the binding the
 * annotations that lie in the paragraphs the edit touched, in ProseMirror's
 * view and in Yjs's, and corrects those that differ. Outside those
 * paragraphs both views agree, so the mapped positions stand. A change
 * behind the binding is re-read for the annotations it names. Suggestions
 * are kept exact the same way: those in the touched paragraphs, and those
 * without a place (whose text may just have arrived or come back), are
 * read again through the suggestion binding.
 */
import * as Y from 'yjs';
import type { EditorView } from 'prosemirror-view';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';
import { ySyncPluginKey } from 'y-prosemirror';
import { watchContentEdits } from '@glossa/collab';
import type { AnnotationFields, ContentWatcher, TouchedParagraphs } from '@glossa/collab';
import type { AnnotationBinding, ResolvedAnnotations } from './annotation-binding.js';
import type { SuggestionBinding } from './suggestion-binding.js';
import { holdsSuggestions } from './suggestion-state.js';
import { ParagraphIndex } from './positions.js';
import { annotationPluginKey, diffChange } from './state.js';
import type { AnnotationAction, AnnotationPluginState } from './state.js';

/** A running settler; see `settleBinding`. */
export interface BindingSettler {
  /** Whether the content doc is inside a transaction now (its corrections follow when it ends). */
  readonly inTransaction: boolean;
  /** Stops listening to the binding and the content doc. */
  destroy(): void;
}

/** Whether two orphans have the same fields. */
function sameOrphan(a: AnnotationFields | undefined, b: AnnotationFields): boolean {
  return (
    a !== undefined &&
    a.id === b.id &&
    a.label === b.label &&
    a.author === b.author &&
    a.status === b.status &&
    a.note === b.note &&
    a.created === b.created &&
    a.source === b.source
  );
}

/** Whether two annotations have the same fields and positions. */
function sameSpan(a: SpanAnnotation | undefined, b: SpanAnnotation): boolean {
  return a !== undefined && a.start === b.start && a.end === b.end && sameOrphan(a, b);
}

/**
 * The patch that makes the annotations `ids` of `state` equal to `resolved`,
 * or `null` when they already are. Ids in neither list of `resolved` are
 * removed.
 */
export function patchFor(state: AnnotationPluginState, ids: Iterable<string>, resolved: ResolvedAnnotations): AnnotationAction | null {
  const placed = new Map(resolved.spans.map((span) => [span.id, span]));
  const orphaned = new Map(resolved.orphans.map((orphan) => [orphan.id, orphan]));
  const currentOrphans = new Map(state.orphans.map((orphan) => [orphan.id, orphan]));
  const spans: SpanAnnotation[] = [];
  const orphans: AnnotationFields[] = [];
  const removed: string[] = [];
  for (const id of new Set(ids)) {
    const now = state.spans.get(id);
    const span = placed.get(id);
    const orphan = orphaned.get(id);
    if (span !== undefined) {
      if (!sameSpan(now, span) || currentOrphans.has(id)) spans.push(span);
    } else if (orphan !== undefined) {
      if (now !== undefined || !sameOrphan(currentOrphans.get(id), orphan)) orphans.push(orphan);
    } else if (now !== undefined || currentOrphans.has(id)) {
      removed.push(id);
    }
  }
  if (spans.length === 0 && orphans.length === 0 && removed.length === 0) return null;
  return { type: 'patch', spans, orphans, removed };
}

/** Whether the plugin state already holds exactly the annotations of `resolved`. */
function holdsExactly(state: AnnotationPluginState, resolved: ResolvedAnnotations): boolean {
  if (state.spans.size !== resolved.spans.length || state.orphans.length !== resolved.orphans.length) return false;
  if (!resolved.spans.every((span) => sameSpan(state.spans.get(span.id), span))) return false;
  const orphans = new Map(state.orphans.map((orphan) => [orphan.id, orphan]));
  return resolved.orphans.every((orphan) => sameOrphan(orphans.get(orphan.id), orphan));
}

/** The range of whole paragraphs holding `[from, to]` in `doc`. */
function wholeParagraphs(index: ParagraphIndex, from: number, to: number): { from: number; to: number } {
  const clamp = (pos: number): number => Math.max(0, Math.min(pos, index.contentSize));
  return {
    from: index.paragraphRange(index.paragraphAtPos(clamp(from))).from,
    to: index.paragraphRange(index.paragraphAtPos(clamp(to))).to,
  };
}

/**
 * Starts keeping the annotation plugin of `view` equal to `binding` (and its
 * suggestions equal to `suggestions`): re-reads the annotations a change
 * behind the binding names, and after each content transaction re-reads
 * those in the touched paragraphs (see the module comment). Bindings
 * without `resolveAnnotations` are re-read whole.
 */
export function settleBinding(view: EditorView, binding: AnnotationBinding, suggestions?: SuggestionBinding): BindingSettler {
  const dispatch = (action: AnnotationAction, addToHistory = true): void => {
    const tr = view.state.tr.setMeta(annotationPluginKey, action);
    view.dispatch(addToHistory ? tr : tr.setMeta('addToHistory', false));
  };
  const readWhole = (): void => {
    const { spans, orphans } = binding.resolve(view.state.doc);
    dispatch({ type: 'replace', spans, orphans }, false);
  };
  const reread = (ids: Iterable<string>): void => {
    const state = annotationPluginKey.getState(view.state);
    if (state === undefined) return;
    const list = [...ids];
    const resolved = binding.resolveAnnotations?.(list, view.state.doc);
    if (resolved === undefined) {
      readWhole();
      return;
    }
    if (resolved === null) return;
    const action = patchFor(state, list, resolved);
    if (action !== null) dispatch(action);
  };

  const unsubscribe = binding.subscribe((change) => {
    if (change !== undefined && binding.resolveAnnotations !== undefined) reread(change.ids);
    else readWhole();
  });

  // The document whose spans were last checked against the binding.
  let checkedDoc: ProseMirrorNode = view.state.doc;
  const onContentEdit = (touched: TouchedParagraphs): void => {
    const state = annotationPluginKey.getState(view.state);
    const doc = view.state.doc;
    if (state === undefined || doc.childCount !== touched.paragraphCount) return;
    if (binding.resolveAnnotations === undefined) {
      const resolved = binding.resolve(doc);
      if (!holdsExactly(state, resolved)) dispatch({ type: 'replace', spans: resolved.spans, orphans: resolved.orphans }, false);
      checkedDoc = doc;
      return;
    }
    const index = ParagraphIndex.of(doc);
    // The paragraphs Yjs touched, those ProseMirror changed since the last
    // check, and those the last transaction's steps touched.
    let from = index.paragraphRange(touched.first).from;
    let to = index.paragraphRange(touched.last).to;
    const change = checkedDoc === doc ? null : diffChange(checkedDoc, doc);
    if (change !== null) {
      from = Math.min(from, change.from);
      to = Math.max(to, change.from + change.insert);
    }
    if (state.editedRange !== null) {
      from = Math.min(from, state.editedRange.from);
      to = Math.max(to, state.editedRange.to);
    }
    const range = wholeParagraphs(index, from, to);
    checkedDoc = doc;
    const ids = state.spans.find(Math.max(0, range.from - 1), range.to + 1).map((span) => span.id);
    for (const orphan of state.orphans) ids.push(orphan.id);
    if (ids.length > 0) reread(ids);
    if (suggestions !== undefined) rereadSuggestions(range);
  };
  const rereadSuggestions = (range: { from: number; to: number }): void => {
    const state = annotationPluginKey.getState(view.state);
    if (state === undefined) return;
    const ids = [...state.suggestions.spans.find(Math.max(0, range.from - 1), range.to + 1).map((span) => span.id), ...state.suggestions.unplaced];
    if (ids.length === 0) return;
    const resolved = suggestions?.resolve(view.state.doc, ids) ?? null;
    if (resolved === null || holdsSuggestions(state.suggestions, ids, resolved)) return;
    dispatch({ type: 'suggestionPatch', ids, suggestions: resolved }, false);
  };
  const sync = ySyncPluginKey.getState(view.state) as { type?: unknown } | undefined;
  const watcher: ContentWatcher | null = sync?.type instanceof Y.XmlFragment ? watchContentEdits(sync.type, onContentEdit) : null;

  return {
    get inTransaction() {
      return watcher?.inTransaction ?? false;
    },
    destroy() {
      unsubscribe();
      watcher?.destroy();
    },
  };
}
