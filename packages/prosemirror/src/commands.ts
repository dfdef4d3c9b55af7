/**
 * Annotation commands: ProseMirror commands (`(state, dispatch?) => boolean`)
 * that change annotations through transaction meta and, when the plugin has
 * a binding, write the same change through it.
 */
import { TextSelection } from 'prosemirror-state';
import type { Command, EditorState } from 'prosemirror-state';
import { compareSpans } from '@glossa/core';
import type { AnnotationStatus, SpanAnnotation } from '@glossa/core';
import { suggestionFeedback } from '@glossa/collab';
import { AnnotationPluginMissingError, dispatchAction, pluginParts, requireLabel } from './plugin-parts.js';
import type { ResolvedPluginOptions } from './plugin.js';
import { annotationPluginKey } from './state.js';
import type { AnnotationAction, AnnotationPluginState } from './state.js';
import { shownSuggestionsIn } from './suggestion-state.js';
import type { FeedbackWrite } from './suggestion-state.js';
import { nextWordEnd, previousWordStart, wordRanges } from './words.js';

export { AnnotationPluginMissingError };

function requireAnnotation(plugin: AnnotationPluginState, id: string): SpanAnnotation {
  const span = plugin.spans.get(id);
  if (span === undefined) throw new RangeError(`No annotation with id "${id}"`);
  return span;
}

/** Options of `annotateSelection`. */
export interface AnnotateOptions {
  /** Snap the selection to whole words before annotating. @default false */
  readonly snapToWords?: boolean;
}

/** The selection `[from, to)` snapped to whole words in the paragraphs at its ends. */
export function snapSelectionToWords(state: EditorState, from: number, to: number): { from: number; to: number } {
  const $from = state.doc.resolve(from);
  const $to = state.doc.resolve(to);
  const fromWord = wordRanges($from.parent.textContent).find(
    (word) => word.end > $from.parentOffset && ($from.sameParent($to) ? word.start < $to.parentOffset : true),
  );
  const toWords = wordRanges($to.parent.textContent).filter(
    (word) => word.start < $to.parentOffset && ($from.sameParent($to) ? word.end > $from.parentOffset : true),
  );
  const toWord = toWords[toWords.length - 1];
  const start = fromWord === undefined ? from : $from.start() + fromWord.start;
  const end = toWord === undefined ? to : $to.start() + toWord.end;
  return start < end ? { from: start, to: end } : { from, to };
}

/**
 * The feedback a span made by hand gives on the shown suggestions it
 * overlaps: `accepted` where it has a suggestion's boundaries and label,
 * `corrected` where it has another label or other boundaries.
 */
function feedbackOfSpan(state: EditorState, plugin: AnnotationPluginState, span: SpanAnnotation): FeedbackWrite[] {
  return shownSuggestionsIn(plugin.suggestions, plugin.spans, state.doc, span.start, span.end).map((suggestion) => {
    const same = suggestion.start === span.start && suggestion.end === span.end && suggestion.label === span.label;
    const quote = state.doc.textBetween(suggestion.start, suggestion.end, '\n');
    return { suggestion: suggestion.key, entry: suggestionFeedback(suggestion, { action: same ? 'accepted' : 'corrected', by: span.author, at: span.created, quote }) };
  });
}

/**
 * Annotates the selected text with `label`. Not applicable to an empty
 * selection. The new annotation's author is the plugin's `userId`. Shown
 * suggestions it overlaps get the user's feedback with it (`corrected`, or
 * `accepted` for one with the same boundaries and label).
 * @throws RangeError when `label` is not a span label of the schema.
 */
export function annotateSelection(label: string, annotateOptions: AnnotateOptions = {}): Command {
  return (state, dispatch) => {
    const { options } = pluginParts(state);
    requireLabel(options, label);
    let { from, to } = state.selection;
    if (from === to) return false;
    if (annotateOptions.snapToWords === true) ({ from, to } = snapSelectionToWords(state, from, to));
    if (dispatch !== undefined) {
      const span: SpanAnnotation = {
        id: options.createId(),
        start: from,
        end: to,
        label,
        author: options.userId,
        status: 'proposed',
        note: '',
        created: Date.now(),
        source: 'human',
      };
      const feedback = feedbackOfSpan(state, pluginParts(state).plugin, span);
      dispatchAction(state, dispatch, feedback.length === 0 ? { type: 'add', span } : { type: 'add', span, feedback });
    }
    return true;
  };
}

function updateCommand(id: string, patch: Partial<Omit<SpanAnnotation, 'id'>>, check?: (options: ResolvedPluginOptions) => void): Command {
  return (state, dispatch) => {
    const { options, plugin } = pluginParts(state);
    check?.(options);
    if (!plugin.spans.has(id)) return false;
    if (dispatch !== undefined) dispatchAction(state, dispatch, { type: 'update', id, patch });
    return true;
  };
}

/**
 * Changes the label of annotation `id`. Not applicable when there is no such annotation.
 * @throws RangeError when `label` is not a span label of the schema.
 */
export function relabel(id: string, label: string): Command {
  return updateCommand(id, { label }, (options) => requireLabel(options, label));
}

/** Sets the note of annotation `id` (empty string for none). Not applicable when there is no such annotation. */
export function setNote(id: string, note: string): Command {
  return updateCommand(id, { note });
}

/** Sets the review status of annotation `id`. Not applicable when there is no such annotation. */
export function setStatus(id: string, status: AnnotationStatus): Command {
  if (status !== 'proposed' && status !== 'accepted' && status !== 'rejected') {
    throw new RangeError(`Unknown status "${String(status)}": expected proposed, accepted or rejected`);
  }
  return updateCommand(id, { status });
}

/** Deletes annotation `id`. Not applicable when there is no such annotation. */
export function deleteAnnotation(id: string): Command {
  return (state, dispatch) => {
    const { plugin } = pluginParts(state);
    if (!plugin.spans.has(id)) return false;
    if (dispatch !== undefined) dispatchAction(state, dispatch, { type: 'remove', ids: [id] });
    return true;
  };
}

/**
 * Selects annotation `id` (or clears the selection with `null`): it is
 * highlighted and the text selection covers it. Not applicable when there is
 * no such annotation.
 */
export function selectAnnotation(id: string | null): Command {
  return (state, dispatch) => {
    const { plugin } = pluginParts(state);
    if (id !== null && !plugin.spans.has(id)) return false;
    if (dispatch !== undefined) {
      const action: AnnotationAction = { type: 'select', id };
      let tr = state.tr.setMeta(annotationPluginKey, action);
      if (id !== null) {
        const span = requireAnnotation(plugin, id);
        tr = tr.setSelection(TextSelection.create(state.doc, span.start, span.end)).scrollIntoView();
      }
      dispatch(tr);
    }
    return true;
  };
}

function selectAdjacent(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const { plugin } = pluginParts(state);
    const current = plugin.selectedId === null ? undefined : plugin.spans.get(plugin.selectedId);
    let target: SpanAnnotation | undefined;
    if (direction === 1) {
      const candidates = current !== undefined ? plugin.spans.find(current.start) : plugin.spans.find(state.selection.from);
      target = candidates.find((span) =>
        current !== undefined ? compareSpans(span, current) > 0 : span.start >= state.selection.from,
      );
    } else {
      const all = plugin.spans.find(0, current !== undefined ? current.start + 1 : state.selection.from);
      for (let i = all.length - 1; i >= 0 && target === undefined; i--) {
        const span = all[i] as SpanAnnotation;
        if (current !== undefined ? compareSpans(span, current) < 0 : span.start < state.selection.from) target = span;
      }
    }
    if (target === undefined) return false;
    return selectAnnotation(target.id)(state, dispatch);
  };
}

/**
 * Selects the next annotation in document order (by start, end, id): after
 * the selected one, or the first starting at or after the cursor. Not
 * applicable at the last one.
 */
export const selectNextAnnotation: Command = selectAdjacent(1);

/**
 * Selects the previous annotation in document order: before the selected
 * one, or the last starting before the cursor. Not applicable at the first one.
 */
export const selectPreviousAnnotation: Command = selectAdjacent(-1);

/**
 * Extends the text selection's head to the next word end (`1`) or the
 * previous word start (`-1`) within its paragraph, moving to the next or
 * previous paragraph at a paragraph's edge. Not applicable at the document's edge.
 */
export function extendSelectionByWord(direction: 1 | -1): Command {
  if (direction !== 1 && direction !== -1) throw new RangeError(`direction must be 1 or -1, got ${String(direction)}`);
  return (state, dispatch) => {
    const { anchor, head } = state.selection;
    const $head = state.doc.resolve(head);
    const text = $head.parent.textContent;
    const offset = $head.parentOffset;
    let target: number;
    if (direction === 1) {
      if (offset < text.length) target = $head.start() + nextWordEnd(text, offset);
      else if ($head.after() < state.doc.content.size) target = $head.after() + 1;
      else return false;
    } else {
      if (offset > 0) target = $head.start() + previousWordStart(text, offset);
      else if ($head.before() > 0) target = $head.before() - 1;
      else return false;
    }
    if (dispatch !== undefined) dispatch(state.tr.setSelection(TextSelection.create(state.doc, anchor, target)).scrollIntoView());
    return true;
  };
}
