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
  selectNextSuggestion,
  selectPreviousSuggestion,
  selectSuggestion,
  selectedSuggestion,
  setSuggestionFilter,
  shownSuggestions,
  suggestionsAt,
} from './suggestion-commands.js';
export type { AcceptSuggestionOptions, VisibleRangeOf } from './suggestion-commands.js';
export * from './presence-selection.js';
export * from './presence.js';
