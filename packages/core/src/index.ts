/**
 * @glossa/core: the annotation model. Pure TypeScript: no DOM, no Yjs, no I/O.
 */
export * from './types.js';
export { isAnnotationSource, isModelSource, modelSource, recommenderOf, ANNOTATION_SOURCES_DESCRIPTION } from './sources.js';
export * from './layers.js';
export * from './schema-error.js';
export { ID_PATTERN } from './schema-fields.js';
export * from './schema-parse.js';
export * from './schema-lookup.js';
export * from './color.js';
export * from './offsets.js';
export * from './spanset.js';
export { spanRanges, fragmentsProblem, spanFromRanges, sameRanges, type FragmentProblem, type SpanExtent } from './fragments.js';
export { classifyRelations, isLiveRelation, relationEndsAllowed, type ClassifiedRelations, type SpanIds } from './relations.js';
export * from './validate.js';
export { validateRelations, type RelationError, type RelationErrorKind } from './validate-relations.js';
export * from './edit-distance.js';
export * from './agreement.js';
