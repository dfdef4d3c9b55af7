/**
 * The annotation plugin's state and its pure reducer.
 *
 * Spans in the plugin state are `SpanAnnotation`s whose `start` and `end` are
 * **ProseMirror positions** (not text offsets): they map through
 * transactions directly and become decorations without conversion. The Yjs
 * binding converts to and from text offsets at the edge. Orphans (annotations
 * whose text is gone) keep their fields only. Suggestions are kept apart
 * (`suggestions`, see `suggestion-state.ts`), mapped alike, and drawn with
 * their own decorations in the same set.
 */
import { PluginKey } from 'prosemirror-state';
import type { Transaction } from 'prosemirror-state';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { Mapping } from 'prosemirror-transform';
import type { DecorationSet } from 'prosemirror-view';
import type { SpanAnnotation, TextChange } from '@glossa/core';
import type { AnnotationFields, FeedbackEntry, ModelProvenance } from '@glossa/collab';
import { ySyncPluginKey } from 'y-prosemirror';
import { annotationDecorations, buildDecorations, redrawDecorations, repairDecorations } from './decorations.js';
import type { DecorationContext, DecorationKind } from './decorations.js';
import { LiveSpanSet } from './live-spans.js';
import { suggestionDecorations } from './suggestion-decorations.js';
import {
  NO_SUGGESTIONS,
  decisionsOf,
  isSuggestionShown,
  mapSuggestionState,
  patchSuggestionState,
  suggestionById,
  suggestionFilter,
  suggestionState,
  withFeedback,
} from './suggestion-state.js';
import type { FeedbackWrite, ResolvedSuggestionSpans, SuggestionState } from './suggestion-state.js';

/** A range of positions `[from, to]`. */
export interface PositionRange {
  readonly from: number;
  readonly to: number;
}

/** The state of the annotation plugin. */
export interface AnnotationPluginState {
  /** The placed annotations, in ProseMirror positions. */
  readonly spans: LiveSpanSet;
  /** Annotations whose text was deleted; kept, never dropped. */
  readonly orphans: readonly AnnotationFields[];
  /** The decorations of the spans inside `window`. */
  readonly decorations: DecorationSet;
  /** The selected annotation's id, or `null`. */
  readonly selectedId: string | null;
  /** The decorated range; `null` decorates the whole document. */
  readonly window: PositionRange | null;
  /**
   * The range of the document the last document change (with the
   * transactions appended to it) touched, in positions of the current
   * document; `null` before any change. The plugin view checks the spans
   * there against the layer once the change has reached it.
   */
  readonly editedRange: PositionRange | null;
  /** The suggestions, the user's decisions on them, the filter and the selected suggestion. */
  readonly suggestions: SuggestionState;
}

/**
 * An annotation that accepts a suggestion: the annotation (positions), the
 * model's provenance when it keeps the suggested label, the suggestion's
 * anchors to copy, and the feedback on the suggestion.
 */
export interface AcceptedAnnotation {
  readonly span: SpanAnnotation;
  readonly model?: ModelProvenance;
  readonly anchors?: { readonly start: Uint8Array; readonly end: Uint8Array };
  readonly feedback: FeedbackWrite;
}

/**
 * A change to the plugin state, carried as transaction meta under
 * `annotationPluginKey`. Spans are in ProseMirror positions of the
 * transaction's resulting document.
 */
export type AnnotationAction =
  | {
      readonly type: 'replace';
      readonly spans: readonly SpanAnnotation[];
      readonly orphans?: readonly AnnotationFields[];
      /** The suggestions too, when given. */
      readonly suggestions?: ResolvedSuggestionSpans;
    }
  | {
      readonly type: 'add';
      readonly span: SpanAnnotation;
      /** Feedback on the suggestions the new annotation decides (a span made by hand over a suggestion corrects it). */
      readonly feedback?: readonly FeedbackWrite[];
    }
  /** Annotations accepting suggestions, each written with its feedback (in one transaction where they are kept). */
  | { readonly type: 'accept'; readonly accepted: readonly AcceptedAnnotation[] }
  /** Feedback on suggestions without an annotation (a rejection). */
  | { readonly type: 'feedback'; readonly feedback: readonly FeedbackWrite[] }
  /** All suggestions, read again. */
  | { readonly type: 'suggestions'; readonly suggestions: ResolvedSuggestionSpans }
  /** Some suggestions (`ids`), read again: placed, unplaced, or gone when in neither list. */
  | { readonly type: 'suggestionPatch'; readonly ids: readonly string[]; readonly suggestions: ResolvedSuggestionSpans }
  /** The local user's feedback as stored, read again. */
  | { readonly type: 'decisions'; readonly feedback: readonly FeedbackEntry[] }
  | { readonly type: 'selectSuggestion'; readonly id: string | null }
  /** Which suggestions are shown; an absent field stays as it is. */
  | { readonly type: 'suggestionFilter'; readonly threshold?: number; readonly hiddenRecommenders?: readonly string[] }
  | { readonly type: 'update'; readonly id: string; readonly patch: Partial<Omit<SpanAnnotation, 'id'>> }
  | { readonly type: 'remove'; readonly ids: readonly string[] }
  | { readonly type: 'select'; readonly id: string | null }
  | { readonly type: 'window'; readonly window: PositionRange | null }
  | {
      readonly type: 'patch';
      /** Annotations placed anew (added, moved or changed). */
      readonly spans: readonly SpanAnnotation[];
      /** Annotations that became orphans. */
      readonly orphans?: readonly AnnotationFields[];
      /** Annotations that no longer exist. */
      readonly removed?: readonly string[];
    }
  | { readonly type: 'compact' };

/** The key of the annotation plugin; `annotationPluginKey.getState(state)` reads its state. */
export const annotationPluginKey = new PluginKey<AnnotationPluginState>('glossaAnnotations');

/** The annotation action carried by a transaction, if any. */
export function annotationAction(tr: Transaction): AnnotationAction | undefined {
  return tr.getMeta(annotationPluginKey) as AnnotationAction | undefined;
}

/** Whether a transaction is y-prosemirror replacing the document after a Yjs change. */
export function isYjsChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

/**
 * The text changes (in positions) of a mapping, in application order: each
 * step's ranges are listed from last to first so that every change is in
 * the coordinates left by the previous ones.
 */
export function mappingChanges(mapping: Mapping): TextChange[] {
  const changes: TextChange[] = [];
  for (const map of mapping.maps) {
    const ranges: TextChange[] = [];
    map.forEach((oldStart, oldEnd, newStart, newEnd) => {
      ranges.push({ from: oldStart, to: oldEnd, insert: newEnd - newStart });
    });
    for (let i = ranges.length - 1; i >= 0; i--) changes.push(ranges[i] as TextChange);
  }
  return changes;
}

/**
 * The smallest change turning `before` into `after`, found by comparing the
 * documents (cheap when unchanged nodes are shared, as y-prosemirror does).
 */
export function diffChange(before: ProseMirrorNode, after: ProseMirrorNode): TextChange | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  const end = after.content.findDiffEnd(before.content);
  let endBefore = end?.b ?? before.content.size;
  let endAfter = end?.a ?? after.content.size;
  const overlap = start - Math.min(endBefore, endAfter);
  if (overlap > 0) {
    endBefore += overlap;
    endAfter += overlap;
  }
  return { from: start, to: endBefore, insert: endAfter - start };
}

/** The ranges of the final document touched by a mapping's changes. */
export function changedRanges(mapping: Mapping): PositionRange[] {
  const ranges: PositionRange[] = [];
  mapping.maps.forEach((map, index) => {
    const rest = mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      ranges.push({ from: rest.map(newStart, -1), to: rest.map(newEnd, 1) });
    });
  });
  return ranges;
}

/** The configuration the reducer needs. */
export interface ReducerOptions {
  /** Label names and colors for decorations (the selection is taken from the state). */
  readonly context: Omit<DecorationContext, 'selectedId'>;
}

/** Clamps a window to a document. */
function clampWindow(window: PositionRange | null, doc: ProseMirrorNode): PositionRange {
  const size = doc.content.size;
  if (window === null) return { from: 0, to: size };
  return { from: Math.max(0, Math.min(window.from, size)), to: Math.max(0, Math.min(window.to, size)) };
}

/** The annotation decorations of a state. */
function annotationKind(state: Omit<AnnotationPluginState, 'decorations'>, options: ReducerOptions): DecorationKind {
  return annotationDecorations((from, to) => state.spans.find(from, to), { ...options.context, selectedId: state.selectedId });
}

/** The suggestion decorations of a state. */
function suggestionKind(state: Omit<AnnotationPluginState, 'decorations'>, doc: ProseMirrorNode, options: ReducerOptions): DecorationKind {
  return suggestionDecorations(state.suggestions, state.spans, doc, options.context);
}

/** Builds the decorations of a state from scratch. */
function rebuild(state: Omit<AnnotationPluginState, 'decorations'>, doc: ProseMirrorNode, options: ReducerOptions): DecorationSet {
  const window = clampWindow(state.window, doc);
  return buildDecorations(doc, window.from, window.to, [annotationKind(state, options), suggestionKind(state, doc, options)]);
}

/**
 * The initial state for a document and initial spans (in positions of
 * `doc`), decorating `window` (`null`: the whole document).
 */
export function initialState(
  doc: ProseMirrorNode,
  spans: readonly SpanAnnotation[],
  options: ReducerOptions,
  window: PositionRange | null = null,
  suggestions: SuggestionState = suggestionState(NO_SUGGESTIONS),
): AnnotationPluginState {
  const base = { spans: LiveSpanSet.create(spans), orphans: [], selectedId: null, window, editedRange: null, suggestions };
  return { ...base, decorations: rebuild(base, doc, options) };
}

/** An annotation's fields without its offsets. */
function withoutOffsets(span: SpanAnnotation): AnnotationFields {
  const { start: _start, end: _end, ...fields } = span;
  return fields;
}

/** The ranges a span occupies, for decoration repair; none when absent. */
function spanRange(spans: LiveSpanSet, id: string | null): PositionRange[] {
  if (id === null) return [];
  const span = spans.get(id);
  return span === undefined ? [] : [{ from: span.start, to: span.end }];
}

/** The suggestions with their selection dropped when the selected one is no longer shown. */
function keepShownSelection(suggestions: SuggestionState, spans: LiveSpanSet, doc: ProseMirrorNode): SuggestionState {
  if (suggestions.selectedId === null) return suggestions;
  const selected = suggestionById(suggestions, suggestions.selectedId);
  if (selected !== undefined && isSuggestionShown(selected, suggestions, spans, doc)) return suggestions;
  return { ...suggestions, selectedId: null };
}

/** The smallest range holding all of `ranges`, or `null` for none. */
function hull(ranges: readonly PositionRange[]): PositionRange | null {
  if (ranges.length === 0) return null;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const range of ranges) {
    if (range.from < from) from = range.from;
    if (range.to > to) to = range.to;
  }
  return { from, to };
}

/**
 * The reducer: applies a transaction to the plugin state. Spans and
 * decorations are mapped through local edits and only the stretches around
 * the edit are redrawn; a `replace` action, a window change or a document
 * replaced by y-prosemirror after a Yjs change rebuilds the decorations.
 *
 * @throws RangeError when an action names an annotation that does not exist.
 */
export function applyTransaction(tr: Transaction, prev: AnnotationPluginState, options: ReducerOptions): AnnotationPluginState {
  const action = annotationAction(tr);
  if (!tr.docChanged && action === undefined) return prev;
  const doc = tr.doc;
  let spans = prev.spans;
  let orphans = prev.orphans;
  let selectedId = prev.selectedId;
  let window = prev.window;
  let editedRange = prev.editedRange;
  let suggestions = prev.suggestions;
  let fullRebuild = false;
  let decorations = prev.decorations;
  let dirty: PositionRange[] = [];
  // Ranges where only suggestions need redrawing, and whether all of them do.
  const suggestionDirty: PositionRange[] = [];
  let suggestionRedraw = false;

  if (tr.docChanged) {
    const yjsChange = isYjsChange(tr);
    let changes: TextChange[];
    let edited: PositionRange[];
    if (yjsChange) {
      const change = diffChange(tr.before, doc);
      changes = change === null ? [] : [change];
      edited = change === null ? [] : [{ from: change.from, to: change.from + change.insert }];
      fullRebuild = true;
    } else {
      changes = mappingChanges(tr.mapping);
      decorations = decorations.map(tr.mapping, doc);
      dirty = changedRanges(tr.mapping);
      edited = dirty;
    }
    // Transactions appended to a change reach the layer together with it.
    const appended = tr.getMeta('appendedTransaction') !== undefined;
    const carried = appended && editedRange !== null ? [{ from: tr.mapping.map(editedRange.from, -1), to: tr.mapping.map(editedRange.to, 1) }] : [];
    editedRange = hull([...carried, ...edited]);
    const mapped = spans.map(changes);
    spans = mapped.set;
    suggestions = mapSuggestionState(suggestions, changes);
    if (mapped.collapsed.length > 0) orphans = [...orphans, ...mapped.collapsed.map(withoutOffsets)];
    if (window !== null) {
      window = yjsChange
        ? clampWindow(window, doc)
        : { from: tr.mapping.map(window.from, -1), to: tr.mapping.map(window.to, 1) };
    }
    if (selectedId !== null && mapped.collapsed.some((span) => span.id === selectedId)) selectedId = null;
  }

  if (action !== undefined) {
    switch (action.type) {
      case 'replace':
        spans = LiveSpanSet.create(action.spans);
        orphans = action.orphans ?? [];
        if (selectedId !== null && !spans.has(selectedId)) selectedId = null;
        if (action.suggestions !== undefined) suggestions = suggestionState(action.suggestions, suggestions.decisions, suggestions.filter, suggestions.selectedId);
        fullRebuild = true;
        break;
      case 'add':
        spans = spans.add([action.span]);
        orphans = orphans.filter((orphan) => orphan.id !== action.span.id);
        dirty.push({ from: action.span.start, to: action.span.end });
        if (action.feedback !== undefined && action.feedback.length > 0) {
          suggestions = { ...suggestions, decisions: withFeedback(suggestions.decisions, action.feedback) };
          suggestionRedraw = true;
        }
        break;
      case 'accept': {
        const added = action.accepted.map((accepted) => accepted.span);
        spans = spans.add(added);
        const ids = new Set(added.map((span) => span.id));
        orphans = orphans.filter((orphan) => !ids.has(orphan.id));
        for (const span of added) dirty.push({ from: span.start, to: span.end });
        suggestions = { ...suggestions, decisions: withFeedback(suggestions.decisions, action.accepted.map((accepted) => accepted.feedback)) };
        suggestionRedraw = true;
        break;
      }
      case 'feedback':
        suggestions = { ...suggestions, decisions: withFeedback(suggestions.decisions, action.feedback) };
        suggestionRedraw = true;
        break;
      case 'suggestions':
        suggestions = suggestionState(action.suggestions, suggestions.decisions, suggestions.filter, suggestions.selectedId);
        suggestionRedraw = true;
        break;
      case 'suggestionPatch':
        for (const id of action.ids) suggestionDirty.push(...spanRange(suggestions.spans, id));
        suggestions = patchSuggestionState(suggestions, action.ids, action.suggestions);
        for (const suggestion of action.suggestions.suggestions) suggestionDirty.push({ from: suggestion.start, to: suggestion.end });
        break;
      case 'decisions':
        suggestions = { ...suggestions, decisions: decisionsOf(action.feedback) };
        suggestionRedraw = true;
        break;
      case 'selectSuggestion': {
        if (action.id !== null && !suggestions.info.has(action.id)) throw new RangeError(`No suggestion with id ${action.id} to select`);
        suggestionDirty.push(...spanRange(suggestions.spans, suggestions.selectedId), ...spanRange(suggestions.spans, action.id));
        if (action.id !== null) {
          dirty.push(...spanRange(spans, selectedId));
          selectedId = null;
        }
        suggestions = { ...suggestions, selectedId: action.id };
        break;
      }
      case 'suggestionFilter':
        suggestions = {
          ...suggestions,
          filter: suggestionFilter(action.threshold ?? suggestions.filter.threshold, action.hiddenRecommenders ?? suggestions.filter.hiddenRecommenders),
        };
        suggestionRedraw = true;
        break;
      case 'update': {
        const before = spans.get(action.id);
        if (before === undefined) throw new RangeError(`No annotation with id ${action.id} to update`);
        spans = spans.update(action.id, action.patch);
        dirty.push({ from: before.start, to: before.end }, ...spanRange(spans, action.id));
        break;
      }
      case 'remove':
        for (const id of action.ids) dirty.push(...spanRange(spans, id));
        spans = spans.remove(action.ids);
        orphans = orphans.filter((orphan) => !action.ids.includes(orphan.id));
        if (selectedId !== null && action.ids.includes(selectedId)) selectedId = null;
        break;
      case 'select':
        if (action.id !== null && !spans.has(action.id)) throw new RangeError(`No annotation with id ${action.id} to select`);
        dirty.push(...spanRange(spans, selectedId), ...spanRange(spans, action.id));
        selectedId = action.id;
        if (action.id !== null && suggestions.selectedId !== null) {
          suggestionDirty.push(...spanRange(suggestions.spans, suggestions.selectedId));
          suggestions = { ...suggestions, selectedId: null };
        }
        break;
      case 'window':
        window = action.window;
        fullRebuild = true;
        break;
      case 'patch': {
        const newOrphans = action.orphans ?? [];
        const ids = new Set([...action.spans.map((span) => span.id), ...newOrphans.map((orphan) => orphan.id), ...(action.removed ?? [])]);
        for (const id of ids) dirty.push(...spanRange(spans, id));
        spans = spans.remove(ids).add(action.spans);
        for (const span of action.spans) dirty.push({ from: span.start, to: span.end });
        orphans = [...orphans.filter((orphan) => !ids.has(orphan.id)), ...newOrphans];
        if (selectedId !== null && !spans.has(selectedId)) selectedId = null;
        break;
      }
      case 'compact':
        spans = spans.compact();
        break;
    }
  }

  const shownSelection = keepShownSelection(suggestions, spans, doc);
  if (shownSelection !== suggestions) {
    suggestionDirty.push(...spanRange(suggestions.spans, suggestions.selectedId));
    suggestions = shownSelection;
  }
  const next = { spans, orphans, selectedId, window, editedRange, suggestions };
  if (fullRebuild) return { ...next, decorations: rebuild(next, doc, options) };
  const clamped = clampWindow(window, doc);
  if (dirty.length > 0) decorations = repairDecorations(decorations, doc, dirty, clamped, annotationKind(next, options));
  if (suggestionRedraw) {
    decorations = redrawDecorations(decorations, doc, clamped, suggestionKind(next, doc, options));
  } else if ((dirty.length > 0 || suggestionDirty.length > 0) && (suggestions.spans.size > 0 || prev.suggestions.spans.size > 0)) {
    // An annotation's change can show or hide a suggestion of its label under it.
    decorations = repairDecorations(decorations, doc, [...dirty, ...suggestionDirty], clamped, suggestionKind(next, doc, options));
  }
  return { ...next, decorations };
}
