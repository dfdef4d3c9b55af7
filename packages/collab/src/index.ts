/**
 * @glossa/collab: the Y.Doc layout of content and layer rooms (a public,
 * versioned contract, see README.md), annotations anchored with Yjs relative
 * positions, batch resolution, undo per user and awareness state.
 */
export * from './layout.js';
export * from './rooms.js';
export * from './access.js';
export * from './origin.js';
export * from './errors.js';
export * from './content.js';
export * from './content-index.js';
export * from './text-diff.js';
export { readAnnotationRecord, readAnnotationRecords } from './annotation-record.js';
export type { AnnotationRecord, LayerProblem } from './annotation-record.js';
export * from './layer.js';
export * from './anchor-keeper.js';
export * from './undo.js';
export * from './awareness.js';
