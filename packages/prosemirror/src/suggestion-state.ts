/**
 * The suggestions part of the annotation plugin's state: the suggestions in
 * ProseMirror positions (mapped through edits as annotations are), the
 * user's decisions on them, the filter (threshold, recommenders) and the
 * selected suggestion. Pure functions; the reducer in `state.ts` calls them.
 *
 * A suggestion is never one of the annotations: it lives in its own set,
 * is drawn with its own decorations and is reached by its own commands.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation, TextChange } from '@glossa/core';
import { quoteKey } from '@glossa/core';
import type { FeedbackAction, FeedbackEntry, SuggestionFeedback, SuggestionFields } from '@glossa/collab';
import { LiveSpanSet } from './live-spans.js';

/** A suggestion in the editor: where it is (positions of the editor's document) and what a hover card shows. */
export interface SuggestionSpan extends SuggestionFields {
  /** Its id where it is kept (opaque). */
  readonly id: string;
  /** Its suggestion key (collab's `suggestionKey`): feedback is keyed by it. */
  readonly key: string;
  /** Start position (inclusive). */
  readonly start: number;
  /** End position (exclusive). */
  readonly end: number;
  /** Its anchors where it is kept (a Yjs suggestion room), copied into the annotation that accepts it. */
  readonly anchors?: { readonly start: Uint8Array; readonly end: Uint8Array };
}

/** A suggestion's fields without its place. */
export type SuggestionInfo = Omit<SuggestionSpan, 'start' | 'end'>;

/** Which suggestions are shown: those scoring at least `threshold`, of recommenders not hidden. */
export interface SuggestionFilter {
  /** The lowest score shown, in [0, 1]. @default 0 */
  readonly threshold: number;
  /** Recommenders whose suggestions are not shown. */
  readonly hiddenRecommenders: ReadonlySet<string>;
}

/** The local user's decisions on suggestions. */
export interface SuggestionDecisions {
  /** Suggestion key → what the user did with it. */
  readonly byKey: ReadonlyMap<string, FeedbackAction>;
  /** `quoteKey(label, quote)` of every suggestion the user rejected: that label on that text is not shown again. */
  readonly rejectedQuotes: ReadonlySet<string>;
}

/** A feedback entry to write: the user's decision on the suggestion with key `suggestion`. */
export interface FeedbackWrite {
  readonly suggestion: string;
  readonly entry: SuggestionFeedback;
}

/** The suggestions part of the plugin state. */
export interface SuggestionState {
  /** Where the suggestions are: spans carrying each suggestion's id and label (never annotations). */
  readonly spans: LiveSpanSet;
  /** Each placed suggestion's fields, by id. */
  readonly info: ReadonlyMap<string, SuggestionInfo>;
  /**
   * The ids of suggestions without a place: their text is gone, or has not
   * arrived yet (the suggestion room can be ahead of the content). They are
   * read again after each change of the text.
   */
  readonly unplaced: readonly string[];
  readonly decisions: SuggestionDecisions;
  readonly filter: SuggestionFilter;
  /** The selected suggestion's id, or `null`. */
  readonly selectedId: string | null;
}

/** No decisions. */
export const NO_DECISIONS: SuggestionDecisions = { byKey: new Map(), rejectedQuotes: new Set() };

/** The filter that shows every suggestion. */
export const SHOW_ALL: SuggestionFilter = { threshold: 0, hiddenRecommenders: new Set() };

/** The span that stands for a suggestion in the position set. */
function placeholder(suggestion: SuggestionSpan): SpanAnnotation {
  return {
    id: suggestion.id,
    start: suggestion.start,
    end: suggestion.end,
    label: suggestion.label,
    author: suggestion.recommender,
    status: 'proposed',
    note: '',
    created: 0,
    source: 'model',
  };
}

function infoOf(suggestion: SuggestionSpan): SuggestionInfo {
  const { start: _start, end: _end, ...info } = suggestion;
  return info;
}

/** Suggestions as a source reads them: those placed (positions of the editor's document) and the ids of those without a place. */
export interface ResolvedSuggestionSpans {
  readonly suggestions: readonly SuggestionSpan[];
  readonly unplaced: readonly string[];
}

/** The state for suggestions read whole (positions of the current document); an empty one counts as unplaced. */
export function suggestionState(
  resolved: ResolvedSuggestionSpans,
  decisions: SuggestionDecisions = NO_DECISIONS,
  filter: SuggestionFilter = SHOW_ALL,
  selectedId: string | null = null,
): SuggestionState {
  const placed = resolved.suggestions.filter((suggestion) => suggestion.start < suggestion.end);
  const info = new Map(placed.map((suggestion) => [suggestion.id, infoOf(suggestion)]));
  const unplaced = [...resolved.unplaced, ...resolved.suggestions.filter((suggestion) => !(suggestion.start < suggestion.end)).map((s) => s.id)];
  return {
    spans: LiveSpanSet.create(placed.map(placeholder)),
    info,
    unplaced,
    decisions,
    filter,
    selectedId: selectedId !== null && info.has(selectedId) ? selectedId : null,
  };
}

/** No suggestions. */
export const NO_SUGGESTIONS: ResolvedSuggestionSpans = { suggestions: [], unplaced: [] };

/** Maps the suggestions through text changes; a suggestion whose text is deleted loses its place. */
export function mapSuggestionState(state: SuggestionState, changes: readonly TextChange[]): SuggestionState {
  if (state.spans.size === 0) return state;
  const mapped = state.spans.map(changes);
  if (mapped.collapsed.length === 0) return { ...state, spans: mapped.set };
  const info = new Map(state.info);
  for (const span of mapped.collapsed) info.delete(span.id);
  const selectedId = state.selectedId !== null && info.has(state.selectedId) ? state.selectedId : null;
  return { ...state, spans: mapped.set, info, unplaced: [...state.unplaced, ...mapped.collapsed.map((span) => span.id)], selectedId };
}

/**
 * The state with some suggestions read again: `resolved` places or unplaces
 * them; an id of `ids` in neither list no longer exists and is dropped.
 */
export function patchSuggestionState(state: SuggestionState, ids: Iterable<string>, resolved: ResolvedSuggestionSpans): SuggestionState {
  const touched = new Set(ids);
  const info = new Map(state.info);
  for (const id of touched) info.delete(id);
  const placed = resolved.suggestions.filter((suggestion) => suggestion.start < suggestion.end);
  for (const suggestion of placed) info.set(suggestion.id, infoOf(suggestion));
  const placedIds = new Set(placed.map((suggestion) => suggestion.id));
  const unplaced = [
    ...state.unplaced.filter((id) => !touched.has(id) && !placedIds.has(id)),
    ...resolved.unplaced.filter((id) => touched.has(id) && !placedIds.has(id)),
    ...resolved.suggestions.filter((suggestion) => !(suggestion.start < suggestion.end)).map((suggestion) => suggestion.id),
  ];
  const spans = state.spans.remove([...touched, ...placedIds]).add(placed.map(placeholder));
  const selectedId = state.selectedId !== null && info.has(state.selectedId) ? state.selectedId : null;
  return { ...state, spans, info, unplaced, selectedId };
}

/** Whether the suggestions `ids` of `state` already are as `resolved` has them. */
export function holdsSuggestions(state: SuggestionState, ids: Iterable<string>, resolved: ResolvedSuggestionSpans): boolean {
  const placed = new Map(resolved.suggestions.map((suggestion) => [suggestion.id, suggestion]));
  const unplaced = new Set(resolved.unplaced);
  const current = new Set(state.unplaced);
  for (const id of ids) {
    const now = suggestionById(state, id);
    const then = placed.get(id);
    if (then !== undefined) {
      if (now === undefined || now.start !== then.start || now.end !== then.end) return false;
    } else if (unplaced.has(id) !== current.has(id) || now !== undefined) {
      return false;
    }
  }
  return true;
}

/** The decisions of a list of feedback entries (the local user's). */
export function decisionsOf(entries: Iterable<Pick<FeedbackEntry, 'suggestion'> & Pick<SuggestionFeedback, 'action' | 'label' | 'quote'>>): SuggestionDecisions {
  const byKey = new Map<string, FeedbackAction>();
  const rejectedQuotes = new Set<string>();
  for (const entry of entries) {
    byKey.set(entry.suggestion, entry.action);
    if (entry.action === 'rejected') rejectedQuotes.add(quoteKey(entry.label, entry.quote));
  }
  return { byKey, rejectedQuotes };
}

/** The decisions with `feedback` added (a local decision just made). */
export function withFeedback(decisions: SuggestionDecisions, feedback: readonly FeedbackWrite[]): SuggestionDecisions {
  if (feedback.length === 0) return decisions;
  const byKey = new Map(decisions.byKey);
  const rejectedQuotes = new Set(decisions.rejectedQuotes);
  for (const { suggestion, entry } of feedback) {
    byKey.set(suggestion, entry.action);
    if (entry.action === 'rejected') rejectedQuotes.add(quoteKey(entry.label, entry.quote));
  }
  return { byKey, rejectedQuotes };
}

/** @throws RangeError naming `what` when `value` is not a score (a number from 0 to 1). */
export function checkScore(value: number, what: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new RangeError(`${what} must be a number from 0 to 1, got ${String(value)}`);
}

/** A filter from plain options, checked. @throws RangeError for a threshold outside [0, 1]. */
export function suggestionFilter(threshold = 0, hiddenRecommenders: Iterable<string> = []): SuggestionFilter {
  checkScore(threshold, 'the suggestion threshold');
  return { threshold, hiddenRecommenders: new Set(hiddenRecommenders) };
}

/** The suggestion with id `id` at its current place, or `undefined`. */
export function suggestionById(state: SuggestionState, id: string): SuggestionSpan | undefined {
  const span = state.spans.get(id);
  const info = state.info.get(id);
  return span === undefined || info === undefined ? undefined : { ...info, start: span.start, end: span.end };
}

/** Whether a suggestion passes the filter (its score, its recommender). */
function passesFilter(suggestion: Pick<SuggestionInfo, 'score' | 'recommender'>, filter: SuggestionFilter): boolean {
  return suggestion.score >= filter.threshold && !filter.hiddenRecommenders.has(suggestion.recommender);
}

/** Whether `a` stands before `b` for the same key: the higher score, then the smaller id. */
function outranks(a: SuggestionInfo, b: SuggestionInfo): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

/**
 * Whether a suggestion is shown to the local user: it passes the filter,
 * no other shown suggestion has its key with a higher score (several
 * recommenders suggesting the same label on the same text show as one),
 * the user has made no decision on it, they have not rejected its label on
 * the same text anywhere, and no annotation of its label overlaps it.
 */
export function isSuggestionShown(suggestion: SuggestionSpan, state: SuggestionState, annotations: LiveSpanSet, doc: ProseMirrorNode): boolean {
  if (!passesFilter(suggestion, state.filter)) return false;
  if (state.decisions.byKey.has(suggestion.key)) return false;
  for (const other of state.spans.find(suggestion.start, suggestion.end)) {
    const info = other.id === suggestion.id ? undefined : state.info.get(other.id);
    if (info !== undefined && info.key === suggestion.key && passesFilter(info, state.filter) && outranks(info, suggestion)) return false;
  }
  if (state.decisions.rejectedQuotes.size > 0 && state.decisions.rejectedQuotes.has(quoteKey(suggestion.label, doc.textBetween(suggestion.start, suggestion.end, '\n')))) return false;
  return !annotations.find(suggestion.start, suggestion.end).some((a) => a.label === suggestion.label && a.start < suggestion.end && a.end > suggestion.start);
}

/** The shown suggestions overlapping `[from, to]`, in document order (start, end, id). */
export function shownSuggestionsIn(state: SuggestionState, annotations: LiveSpanSet, doc: ProseMirrorNode, from: number, to: number): SuggestionSpan[] {
  const shown: SuggestionSpan[] = [];
  for (const span of state.spans.find(from, to)) {
    const suggestion = suggestionById(state, span.id);
    if (suggestion !== undefined && isSuggestionShown(suggestion, state, annotations, doc)) shown.push(suggestion);
  }
  return shown;
}
