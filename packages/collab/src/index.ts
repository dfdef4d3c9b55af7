/**
 * @glossa/collab: the room contract (the Y.Doc layout of content, layer and
 * suggestion rooms, a public, versioned contract, see README.md; layer
 * kinds; roles and room access; feedback on suggestions), annotations anchored with Yjs relative positions, batch
 * resolution, undo per user and awareness state. Every read of Yjs
 * internals (items, the struct store) lives in this package.
 */
export {
  ANNOTATIONS_MAP,
  CONTENT_FRAGMENT,
  DOC_LABELS_MAP,
  FEEDBACK_MAP,
  GOLD_LAYER,
  isReservedLayer,
  layerKind,
  LAYOUT_KEY,
  LAYOUT_REVISION,
  LAYOUT_REVISION_KEY,
  LAYOUT_VERSION,
  MAX_VALUE_DEPTH,
  META_MAP,
  PARAGRAPH_NODE,
  RELATIONS_MAP,
  SHARED_LAYER,
  SUGGESTIONS_MAP,
} from './layout.js';
export type { LayerKind } from './layout.js';
export { contentRoom, isRoomId, layerRoom, parseRoom, parseSuggestionRoom, ROOM_ID_PATTERN, suggestionRoom } from './rooms.js';
export type { RoomName, SuggestionRoomName } from './rooms.js';
export {
  canCurate,
  canEditText,
  defaultAnnotationLayer,
  isProjectMode,
  isRole,
  layerAccess,
  PROJECT_MODES,
  ROLES,
  roomAccess,
  roomTarget,
  scopeTrainingLayers,
  strongerRole,
  suggestionScope,
} from './access.js';
export type { ProjectMode, Role, RoomAccess, RoomTarget } from './access.js';
export {
  IMPORT_ORIGIN,
  isImportOrigin,
  isLocalOrigin,
  isModelOrigin,
  isOrigin,
  isReanchorOrigin,
  isRemoteOrigin,
  localOrigin,
  modelOrigin,
  REANCHOR_ORIGIN,
  REMOTE_ORIGIN,
  sameOrigin,
} from './origin.js';
export type { ImportOrigin, LocalOrigin, ModelOrigin, Origin, ReanchorOrigin, RemoteOrigin } from './origin.js';
export { AnnotationNotFoundError, RelationNotFoundError } from './errors.js';
export { createContentDoc, editContentText, readContentMeta, readContentText, writeContentText } from './content.js';
export { ContentIndex } from './content-index.js';
export type { AnchorLocation, ContentIndexOptions, FragmentRange } from './content-index.js';
export { ContentParagraphs } from './content-paragraphs.js';
export { touchedParagraphs, watchContentEdits } from './content-edits.js';
export type { ContentWatcher, TouchedParagraphs } from './content-edits.js';
export { ParagraphAnchors } from './paragraph-anchors.js';
export type { ParagraphLayout } from './paragraph-anchors.js';
export { namesAnotherRoot, sameRelativePosition } from './relative-positions.js';
export { diffTexts, mapOffset } from './text-diff.js';
export type { TextReplacement } from './text-diff.js';
export { MAX_FRAGMENTS, changedAnnotationIds, readAnnotationEntries, readAnnotationEntry } from './annotation-entry.js';
export type { AnnotationEntry, AnnotationFields, EncodedFragment, LayerProblem, ModelProvenance } from './annotation-entry.js';
export { changedRelationIds, readRelationEntries, readRelationEntry, relationId, relationIdentity } from './relation-entry.js';
export type { StoredRelation } from './relation-entry.js';
export {
  createRelation,
  deleteRelations,
  relabelRelation,
  resolveRelations,
  reverseRelation,
  setRelationStatus,
  updateRelation,
  writeRelations,
} from './relations.js';
export type { DanglingRelation, RelationEndState, RelationInput, RelationPatch, ResolvedRelations } from './relations.js';
export { addFragment, removeFragment, setAnnotationRanges, setRangesWith } from './fragment-edits.js';
export {
  deleteAnnotations,
  readDocLabels,
  resolveEntry,
  resolveLayer,
  resolveLayerWith,
  updateAnnotation,
  writeAnnotationEntry,
  writeAnnotations,
  writeAnnotationsWith,
  writeDocLabels,
  writeFewAnnotations,
} from './layer.js';
export { withProvenance } from './provenance.js';
export type { AnnotationPatch, EntryAnchors, OrphanedAnnotation, ResolvedLayer } from './layer.js';
export {
  MAX_ANCHOR_BYTES,
  readSuggestionEntries,
  readSuggestionEntry,
  resolveSuggestions,
  resolveSuggestionsWith,
  suggestionKey,
  writeSuggestions,
  writeSuggestionsInSlices,
  writeSuggestionsWith,
} from './suggestion-room.js';
export type { PlacedSuggestion, ResolvedSuggestions, SuggestionEntry, SuggestionFields, SuggestionInput } from './suggestion-room.js';
export {
  FEEDBACK_ACTIONS,
  acceptedSuggestion,
  changedFeedbackKeys,
  feedbackKey,
  readFeedback,
  readFeedbackEntry,
  suggestionFeedback,
  writeAcceptedSuggestion,
  writeFeedback,
} from './suggestion-feedback.js';
export type { AcceptOptions, AcceptedSuggestion, FeedbackAction, FeedbackEntry, SuggestionFeedback, SuggestionRef } from './suggestion-feedback.js';
export { keepAnchors } from './anchor-keeper.js';
export type { AnchorKeeper, AnchorKeeperOptions } from './anchor-keeper.js';
export { createUserUndoManager, layerUndoScope } from './undo.js';
export type { UndoScope, UserUndoOptions } from './undo.js';
export {
  encodeSelection,
  MAX_POSITION_BYTES,
  MAX_TYPE_NAME_LENGTH,
  parseAwarenessState,
  readAwarenessCursor,
  readAwarenessSelection,
  readAwarenessState,
  resolveSelection,
} from './awareness.js';
export type { AwarenessCursor, AwarenessCursorPosition, AwarenessItemId, AwarenessSelection, AwarenessState, AwarenessUser } from './awareness.js';
export { awarenessView, HIDDEN_AWARENESS_STATE, isHiddenAwarenessState, visibleAwarenessState } from './blind-awareness.js';
export type { AwarenessView, HiddenAwarenessState } from './blind-awareness.js';
