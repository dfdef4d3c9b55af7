/**
 * @glossa/core: the annotation model. Pure TypeScript: no DOM, no Yjs, no I/O.
 */
export * from './types.js';
export * from './layers.js';
export * from './schema.js';
export * from './color.js';
export * from './offsets.js';
export * from './spanset.js';
export * from './validate.js';
export * from './edit-distance.js';
export * from './agreement.js';
