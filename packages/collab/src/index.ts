/**
 * @glossa/collab: the room contract (the Y.Doc layout of content and layer
 * rooms, a public, versioned contract, see README.md; layer kinds; roles and
 * room access), annotations anchored with Yjs relative positions, batch
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
export type { AnnotationEntry, AnnotationFields, LayerProblem } from './annotation-entry.js';
export * from './layer.js';
export * from './anchor-keeper.js';
export * from './undo.js';
export * from './awareness.js';
export * from './blind-awareness.js';
