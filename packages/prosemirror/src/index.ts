/**
 * @glossa/prosemirror: span annotations in any ProseMirror editor, with an
 * optional binding to a Yjs annotation layer (through @glossa/collab's API),
 * suggestions shown apart from annotations (accepted, rejected, filtered),
 * and remote presence.
 */
export * from './schema.js';
export * from './positions.js';
export * from './styles.js';
export * from './decorations.js';
export * from './live-spans.js';
export * from './state.js';
export * from './annotation-binding.js';
export * from './plugin.js';
export * from './settle.js';
export * from './content-positions.js';
export * from './commands.js';
export * from './keymap.js';
export * from './words.js';
export * from './viewport.js';
export * from './yjs-binding.js';
export type { FeedbackWrite, ResolvedSuggestionSpans, SuggestionDecisions, SuggestionFilter, SuggestionInfo, SuggestionSpan, SuggestionState } from './suggestion-state.js';
export type { SuggestionBinding } from './suggestion-binding.js';
export { yjsSuggestionBinding } from './yjs-suggestion-binding.js';
export type { YjsSuggestionBindingOptions } from './yjs-suggestion-binding.js';
export { describeSuggestion, suggestionDecoration } from './suggestion-decorations.js';
export type { SuggestionDecorationContext, SuggestionSegmentSpec } from './suggestion-decorations.js';
export {
  acceptSuggestion,
  acceptSuggestionsInRange,
  acceptSuggestionsInView,
  clearSuggestionSelection,
  rejectSuggestion,
  selectMostUncertainSuggestion,
  selectNextSuggestion,
  selectPreviousSuggestion,
  selectSuggestion,
  selectedSuggestion,
  setSuggestionFilter,
  shownSuggestions,
  suggestionsAt,
  suggestionsByUncertainty,
} from './suggestion-commands.js';
export type { AcceptSuggestionOptions, VisibleRangeOf } from './suggestion-commands.js';
export * from './presence-selection.js';
export * from './presence.js';
export { textLockPlugin, textLockPluginKey, isTextLocked, setTextLocked } from './text-lock.js';
export type { TextLockOptions, TextLockState } from './text-lock.js';
export { findInText, findTextMatches, searchExpression } from './text-search.js';
export type { TextMatch, TextSearchOptions } from './text-search.js';
export { SEARCH_CURRENT_CLASS, SEARCH_MATCH_CLASS, findNext, findPrevious, searchPlugin, searchPluginKey, searchState, setSearch } from './search.js';
export type { SearchMatchSpec, SearchState } from './search.js';
export { annotateRanges, planOccurrences } from './annotate-ranges.js';
export type { OccurrencePlan, OccurrencePlanOptions } from './annotate-ranges.js';
export { moveBoundary, movedBoundary, setAnnotationRange } from './span-boundaries.js';
export type { BoundarySide, BoundaryUnit } from './span-boundaries.js';
export {
  BOUNDARY_HANDLE_ACTIVE_CLASS,
  BOUNDARY_HANDLE_CLASS,
  BOUNDARY_PREVIEW_CLASS,
  adjustingAnnotation,
  boundaryHandlesPlugin,
  boundaryHandlesPluginKey,
  toggleBoundaryAdjustment,
} from './boundary-handles.js';
export type { BoundaryDrag, BoundaryHandlesOptions, BoundaryHandlesState } from './boundary-handles.js';
export { LABEL_TAG_CLASS, labelTagsPlugin, labelTagsPluginKey, labelTagsShown, setLabelTagsShown } from './label-tags.js';
export type { LabelTagsOptions, LabelTagsState } from './label-tags.js';
export { LABEL_KEY_PREVIEW_HIGHLIGHT, labelKeyPreviewPlugin, labelKeyTarget } from './label-key-preview.js';
export type { LabelKeyPreviewOptions, LabelKeyTarget } from './label-key-preview.js';
export { editingAidStyles } from './aid-styles.js';
