/**
 * @glossa/prosemirror: span annotations in any ProseMirror editor, with an
 * optional binding to a Yjs annotation layer (through @glossa/collab's API),
 * suggestions shown apart from annotations (accepted, rejected, filtered),
 * and remote presence.
 */
export { docToText, documentSchema, textToDoc } from './schema.js';
export { ParagraphIndex, posToTextOffset, textOffsetToPos } from './positions.js';
export {
  ANNOTATION_CLASS,
  annotationStyles,
  DEPTH_CLASS_PREFIX,
  FALLBACK_LABEL_COLOR,
  labelColors,
  MAX_STACK_DEPTH,
  REMOTE_CURSOR_CLASS,
  REMOTE_CURSOR_LABEL_CLASS,
  REMOTE_SELECTION_CLASS,
  safeColor,
  SELECTED_CLASS,
  SUGGESTION_CLASS,
  SUGGESTION_MARKER,
  SUGGESTION_SELECTED_CLASS,
  SUGGESTION_START_CLASS,
} from './styles.js';
export {
  annotationDecorations,
  buildDecorations,
  buildSegments,
  decorationContext,
  isSegmentDecoration,
  listItem,
  redrawDecorations,
  repairDecorations,
  segmentDecoration,
  spanPieces,
} from './decorations.js';
export type { DecorationContext, DecorationKind, Segment, SegmentSpec } from './decorations.js';
export { LiveSpanSet, MAX_MOVED_SPANS, MAX_PENDING_SHIFTS } from './live-spans.js';
export type { MappedLiveSpans } from './live-spans.js';
export {
  annotationAction,
  annotationPluginKey,
  applyTransaction,
  changedRanges,
  diffChange,
  initialState,
  isYjsChange,
  mappingChanges,
} from './state.js';
export type { AcceptedAnnotation, AnnotationAction, AnnotationPluginState, PositionRange, ReducerOptions } from './state.js';
export type { AnnotationBinding, AnnotationChange, ResolvedAnnotations } from './annotation-binding.js';
export { annotationPlugin, annotationPluginOptions, spansToPositions, spansToTextOffsets } from './plugin.js';
export type { AnnotationPluginOptions, ResolvedPluginOptions, SuggestionOptions } from './plugin.js';
export { patchFor, settleBinding } from './settle.js';
export type { BindingSettler } from './settle.js';
export { ContentPositions } from './content-positions.js';
export {
  annotateSelection,
  AnnotationPluginMissingError,
  deleteAnnotation,
  extendSelectionByWord,
  relabel,
  selectAnnotation,
  selectNextAnnotation,
  selectPreviousAnnotation,
  setNote,
  setStatus,
  snapSelectionToWords,
} from './commands.js';
export type { AnnotateOptions } from './commands.js';
export {
  annotationBindings,
  annotationKeymap,
  applyLabel,
  clearAnnotationSelection,
  selectedAnnotationUnderSelection,
  selectedSuggestionUnderSelection,
  setSelectedStatus,
} from './keymap.js';
export type { AnnotationKeymapOptions, ApplyLabelOptions } from './keymap.js';
export { nextWordEnd, previousWordStart, snapToWords, wordRanges } from './words.js';
export type { WordRange } from './words.js';
export { trackViewport, visibleRange } from './viewport.js';
export type { ViewportTracker } from './viewport.js';
export { yjsAnnotationBinding } from './yjs-binding.js';
export type { YjsAnnotationBindingOptions } from './yjs-binding.js';
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
export { PRESENCE_CURSOR_FIELD, presenceCursorField, readPresenceSelection, samePresenceSelection } from './presence-selection.js';
export type { PresenceCursorField, PresenceSelection, RelativePositionJSON } from './presence-selection.js';
export {
  buildRemoteCursor,
  buildRemoteSelection,
  PRESENCE_SELECTION_FIELD,
  presenceColor,
  presenceName,
  presencePlugin,
  presencePluginKey,
} from './presence.js';
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
export type { RelationBinding, RelationPatch, RelationWrite, ResolvedRelations } from './relation-binding.js';
export { applyRelationAction, relationPluginKey, relationState } from './relation-state.js';
export type { RelationAction, RelationPluginState } from './relation-state.js';
export { relationPlugin } from './relation-plugin.js';
export type { RelationPluginOptions } from './relation-plugin.js';
export {
  RelationPluginMissingError,
  applyRelationLabel,
  cancelRelation,
  clearRelationSelection,
  completeRelation,
  createRelation,
  deleteRelation,
  isRelationShown,
  relabelRelation,
  relationBindings,
  relationProblem,
  relationsOfSpan,
  reverseRelation,
  selectNextRelation,
  selectRelation,
  selectedRelation,
  setRelationStatus,
  startRelation,
} from './relation-commands.js';
export type { RelationKeymapOptions } from './relation-commands.js';
export {
  RELATION_CLASS,
  RELATION_LABEL_CLASS,
  RELATION_LAYER_CLASS,
  RELATION_PENDING_CLASS,
  RELATION_ROOM_CLASS,
  RELATION_SELECTED_CLASS,
  arcLevels,
  relationArc,
  relationStyles,
} from './relation-drawing.js';
export type { ArcPoint, RelationArc } from './relation-drawing.js';
export { addFragment } from './fragments.js';
export { yjsRelationBinding } from './yjs-relation-binding.js';
export type { YjsRelationBindingOptions } from './yjs-relation-binding.js';
