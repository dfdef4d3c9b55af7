/**
 * @glossa/collab: the room contract (the Y.Doc layout of content, layer and
 * suggestion rooms, a public, versioned contract, see README.md; layer
 * kinds; roles and room access; feedback on suggestions), annotations anchored with Yjs relative positions, batch
 * resolution, undo per user and awareness state. Every read of Yjs
 * internals (items, the struct store) lives in this package.
 */
export * from './layout.js';
export * from './rooms.js';
export * from './access.js';
export * from './origin.js';
export * from './errors.js';
export * from './content.js';
export { ContentIndex } from './content-index.js';
export type { AnchorLocation, ContentIndexOptions, FragmentRange } from './content-index.js';
export * from './content-paragraphs.js';
export { touchedParagraphs, watchContentEdits } from './content-edits.js';
export type { ContentWatcher, TouchedParagraphs } from './content-edits.js';
export * from './paragraph-anchors.js';
export * from './relative-positions.js';
export * from './text-diff.js';
export { changedAnnotationIds, readAnnotationEntries, readAnnotationEntry } from './annotation-entry.js';
export type { AnnotationEntry, AnnotationFields, LayerProblem, ModelProvenance } from './annotation-entry.js';
export {
  compareSpans,
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
  withProvenance,
} from './layer.js';
export type { AnnotationPatch, OrphanedAnnotation, ResolvedLayer } from './layer.js';
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
  normalizeQuote,
  quoteKey,
  readFeedback,
  readFeedbackEntry,
  suggestionFeedback,
  writeAcceptedSuggestion,
  writeFeedback,
} from './suggestion-feedback.js';
export type { AcceptOptions, AcceptedSuggestion, FeedbackAction, FeedbackEntry, SuggestionFeedback, SuggestionRef } from './suggestion-feedback.js';
export * from './anchor-keeper.js';
export * from './undo.js';
export * from './awareness.js';
export * from './blind-awareness.js';
