/**
 * Durable storage: the `UpdateStore` contract, its SQLite implementation,
 * the project catalog and the data directory that holds them.
 */
export * from './types.js';
export * from './sqlite.js';
export * from './checkpointer.js';
export * from './catalog.js';
export * from './data-dir.js';
