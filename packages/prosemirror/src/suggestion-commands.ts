/**
 * Suggestion commands: moving between the shown suggestions, accepting one
 * (with its label or another), rejecting one, accepting every suggestion in
 * view above a score, and changing which are shown. Accepting writes a
 * normal annotation and the user's feedback through the plugin's binding in
 * one action; rejecting writes feedback alone and hides the suggestion.
 */
import { TextSelection } from 'prosemirror-state';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { SpanAnnotation } from '@glossa/core';
import { acceptedSuggestion, suggestionFeedback } from '@glossa/collab';
import { dispatchAction, pluginParts, requireLabel } from './plugin-parts.js';
import { annotationPluginKey } from './state.js';
import type { AcceptedAnnotation, AnnotationAction, PositionRange } from './state.js';
import { checkScore, isSuggestionShown, shownSuggestionsIn, suggestionById } from './suggestion-state.js';
import type { SuggestionSpan } from './suggestion-state.js';
import { visibleRange } from './viewport.js';

/** The order of suggestions: by start, then end, then id. */
function compareSuggestions(a: SuggestionSpan, b: SuggestionSpan): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The shown suggestions overlapping `[from, to)` (the whole document by default), in document order. */
export function shownSuggestions(state: EditorState, from = 0, to = state.doc.content.size): SuggestionSpan[] {
  const { plugin } = pluginParts(state);
  return shownSuggestionsIn(plugin.suggestions, plugin.spans, state.doc, from, to);
}

/** The shown suggestions covering position `pos` (`start <= pos < end`), for a hover card: label, score, recommender, model version, explanation. */
export function suggestionsAt(state: EditorState, pos: number): SuggestionSpan[] {
  return shownSuggestions(state, pos, pos);
}

/** The selected suggestion, or `null`. */
export function selectedSuggestion(state: EditorState): SuggestionSpan | null {
  const { plugin } = pluginParts(state);
  if (plugin.suggestions.selectedId === null) return null;
  return suggestionById(plugin.suggestions, plugin.suggestions.selectedId) ?? null;
}

/** The shown suggestion with id `id` (the selected one when `id` is undefined), or undefined. */
function shownSuggestion(state: EditorState, id: string | undefined): SuggestionSpan | undefined {
  const { plugin } = pluginParts(state);
  const target = id ?? plugin.suggestions.selectedId;
  if (target === null) return undefined;
  const suggestion = suggestionById(plugin.suggestions, target);
  return suggestion !== undefined && isSuggestionShown(suggestion, plugin.suggestions, plugin.spans, state.doc) ? suggestion : undefined;
}

/**
 * Selects suggestion `id` (or clears the suggestion selection with `null`):
 * it is outlined and the text selection covers it, so a label hotkey
 * accepts it with that label. Selecting a suggestion clears the annotation
 * selection. Not applicable to a suggestion that is not shown.
 */
export function selectSuggestion(id: string | null): Command {
  return (state, dispatch) => {
    const suggestion = id === null ? null : shownSuggestion(state, id);
    if (suggestion === undefined) return false;
    if (dispatch !== undefined) {
      const action: AnnotationAction = { type: 'selectSuggestion', id };
      let tr = state.tr.setMeta(annotationPluginKey, action);
      if (suggestion !== null) tr = tr.setSelection(TextSelection.create(state.doc, suggestion.start, suggestion.end)).scrollIntoView();
      dispatch(tr);
    }
    return true;
  };
}

function selectAdjacentSuggestion(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const current = selectedSuggestion(state);
    const cursor = state.selection.from;
    const candidates = direction === 1 ? shownSuggestions(state, current?.start ?? cursor) : shownSuggestions(state, 0, current !== null ? current.start + 1 : cursor);
    const after = (s: SuggestionSpan): boolean => (current !== null ? compareSuggestions(s, current) > 0 : s.start >= cursor);
    const before = (s: SuggestionSpan): boolean => (current !== null ? compareSuggestions(s, current) < 0 : s.start < cursor);
    const ordered = candidates.sort(compareSuggestions);
    const target = direction === 1 ? ordered.find(after) : ordered.reverse().find(before);
    if (target === undefined) return false;
    return selectSuggestion(target.id)(state, dispatch);
  };
}

/**
 * Selects the next shown suggestion in document order (by start, end, id):
 * after the selected one, or the first starting at or after the cursor. Not
 * applicable at the last one.
 */
export const selectNextSuggestion: Command = selectAdjacentSuggestion(1);

/**
 * Selects the previous shown suggestion in document order: before the
 * selected one, or the last starting before the cursor. Not applicable at
 * the first one.
 */
export const selectPreviousSuggestion: Command = selectAdjacentSuggestion(-1);

/** How uncertain a score is: 1 at 0.5, 0 at 0 and at 1 (`1 − |2·score − 1|`, as `uncertainty` of `@glossa/suggest`). */
function uncertaintyOf(score: number): number {
  // Rounded, so scores equally far from 0.5 (0.3 and 0.7) tie whatever the floating-point noise, and go in document order.
  return Math.round((1 - Math.abs(2 * Math.min(1, Math.max(0, score)) - 1)) * 1e9) / 1e9;
}

/** The shown suggestions from most to least uncertain (score nearest 0.5 first), ties in document order. */
export function suggestionsByUncertainty(state: EditorState): SuggestionSpan[] {
  return shownSuggestions(state).sort((a, b) => uncertaintyOf(b.score) - uncertaintyOf(a.score) || compareSuggestions(a, b));
}

/**
 * Selects the next most uncertain shown suggestion (active learning within
 * a document: the model learns most from a decision on what it is least
 * sure of): the one after the selected suggestion in the order of
 * `suggestionsByUncertainty`, or the most uncertain one when none is
 * selected. Not applicable after the least uncertain one, or without
 * suggestions.
 */
export const selectMostUncertainSuggestion: Command = (state, dispatch) => {
  const ordered = suggestionsByUncertainty(state);
  const current = selectedSuggestion(state);
  const at = current === null ? -1 : ordered.findIndex((s) => s.id === current.id);
  const target = ordered[at + 1];
  if (target === undefined) return false;
  return selectSuggestion(target.id)(state, dispatch);
};

/** The annotation that accepts `suggestion` (with `label`, by the plugin's user, now), at its exact place. */
function acceptance(state: EditorState, suggestion: SuggestionSpan, label: string | undefined, at: number): AcceptedAnnotation {
  const { options } = pluginParts(state);
  const quote = state.doc.textBetween(suggestion.start, suggestion.end, '\n');
  const accepted = acceptedSuggestion(suggestion, { id: options.createId(), by: options.userId, at, quote, ...(label === undefined ? {} : { label }) });
  const span: SpanAnnotation = { ...accepted.annotation, start: suggestion.start, end: suggestion.end };
  return {
    span,
    ...(accepted.model === undefined ? {} : { model: accepted.model }),
    ...(suggestion.anchors === undefined ? {} : { anchors: suggestion.anchors }),
    feedback: { suggestion: suggestion.key, entry: accepted.feedback },
  };
}

/** The suggestions at their exact places where they are kept (they may have drifted by a character while mapped through edits). */
function exactly(state: EditorState, suggestions: readonly SuggestionSpan[]): SuggestionSpan[] {
  const { options } = pluginParts(state);
  const resolved = options.suggestionBinding?.resolve(state.doc, suggestions.map((s) => s.id)) ?? null;
  if (resolved === null) return [...suggestions];
  const byId = new Map(resolved.suggestions.map((s) => [s.id, s]));
  return suggestions.map((s) => {
    const exact = byId.get(s.id);
    return exact === undefined ? s : { ...s, start: exact.start, end: exact.end, ...(exact.anchors === undefined ? {} : { anchors: exact.anchors }) };
  });
}

/** Options of `acceptSuggestion`. */
export interface AcceptSuggestionOptions {
  /** The suggestion to accept. @default the selected suggestion */
  readonly id?: string;
  /** Accept its span with this label instead of the suggested one (the feedback then says `corrected`). */
  readonly label?: string;
}

/**
 * Accepts a shown suggestion (the selected one by default): writes a normal
 * annotation where it is, by the plugin's user, with source `model`, the
 * suggestion's score and model version (with another `label`: a `human`
 * annotation), and the user's feedback, in one action; the suggestion is
 * hidden. Not applicable when there is no such shown suggestion.
 * @throws RangeError when `label` is not a span label of the schema.
 */
export function acceptSuggestion(acceptOptions: AcceptSuggestionOptions = {}): Command {
  return (state, dispatch) => {
    const { options } = pluginParts(state);
    if (acceptOptions.label !== undefined) requireLabel(options, acceptOptions.label);
    const suggestion = shownSuggestion(state, acceptOptions.id);
    if (suggestion === undefined) return false;
    if (dispatch !== undefined) {
      const [exact] = exactly(state, [suggestion]);
      dispatchAction(state, dispatch, { type: 'accept', accepted: [acceptance(state, exact as SuggestionSpan, acceptOptions.label, Date.now())] });
    }
    return true;
  };
}

/**
 * Rejects a shown suggestion (the selected one by default): writes the
 * user's feedback `rejected`, which hides it, and any suggestion of its
 * label on the same text, from this user from now on. Not applicable when
 * there is no such shown suggestion.
 */
export function rejectSuggestion(id?: string): Command {
  return (state, dispatch) => {
    const { options } = pluginParts(state);
    const suggestion = shownSuggestion(state, id);
    if (suggestion === undefined) return false;
    if (dispatch !== undefined) {
      const quote = state.doc.textBetween(suggestion.start, suggestion.end, '\n');
      const entry = suggestionFeedback(suggestion, { action: 'rejected', by: options.userId, at: Date.now(), quote });
      dispatchAction(state, dispatch, { type: 'feedback', feedback: [{ suggestion: suggestion.key, entry }] });
    }
    return true;
  };
}

/**
 * Accepts, in one action, every shown suggestion that lies wholly inside
 * `[from, to]` and scores at least `minScore`, in document order; one that
 * overlaps a suggestion of its label accepted before it is left out (it
 * would be hidden by it). Not applicable when there is none.
 * @throws RangeError when `minScore` is not a number from 0 to 1.
 */
export function acceptSuggestionsInRange(from: number, to: number, minScore: number): Command {
  checkScore(minScore, 'minScore');
  return (state, dispatch) => {
    const chosen: SuggestionSpan[] = [];
    for (const suggestion of shownSuggestions(state, from, to).sort(compareSuggestions)) {
      if (suggestion.start < from || suggestion.end > to || suggestion.score < minScore) continue;
      if (chosen.some((c) => c.label === suggestion.label && c.start < suggestion.end && c.end > suggestion.start)) continue;
      chosen.push(suggestion);
    }
    if (chosen.length === 0) return false;
    if (dispatch !== undefined) {
      const at = Date.now();
      const accepted = exactly(state, chosen).map((suggestion) => acceptance(state, suggestion, undefined, at));
      dispatchAction(state, dispatch, { type: 'accept', accepted });
    }
    return true;
  };
}

/** How the part of the document in view is measured: positions `[from, to]`, or `null` when it cannot be. */
export type VisibleRangeOf = (view: EditorView) => PositionRange | null;

/**
 * Accepts every shown suggestion in view scoring at least `minScore`
 * (`acceptSuggestionsInRange` over what `measure` says is visible: by
 * default the positions at the top-left and bottom-right corners of the
 * editor's part of the window, so a suggestion cut by an edge is left out).
 * Not applicable without a view, when the visible range cannot be measured,
 * or when there is nothing to accept.
 */
export function acceptSuggestionsInView(minScore: number, measure: VisibleRangeOf = visibleRange): Command {
  checkScore(minScore, 'minScore');
  return (state, dispatch, view) => {
    if (view === undefined) return false;
    const range = measure(view);
    if (range === null) return false;
    return acceptSuggestionsInRange(range.from, range.to, minScore)(state, dispatch, view);
  };
}

/**
 * Changes which suggestions are shown: those scoring at least `threshold`,
 * of the recommenders not in `hiddenRecommenders` (a field left out stays
 * as it is). Always applicable.
 * @throws RangeError when `threshold` is not a number from 0 to 1.
 */
export function setSuggestionFilter(filter: { readonly threshold?: number; readonly hiddenRecommenders?: readonly string[] }): Command {
  if (filter.threshold !== undefined) checkScore(filter.threshold, 'the suggestion threshold');
  return (state, dispatch) => {
    pluginParts(state);
    if (dispatch !== undefined) {
      const action: AnnotationAction = { type: 'suggestionFilter', ...filter };
      dispatch(state.tr.setMeta(annotationPluginKey, action).setMeta('addToHistory', false));
    }
    return true;
  };
}

/** Clears the suggestion selection. Not applicable when no suggestion is selected. */
export const clearSuggestionSelection: Command = (state, dispatch) => {
  if (annotationPluginKey.getState(state)?.suggestions.selectedId == null) return false;
  return selectSuggestion(null)(state, dispatch);
};
