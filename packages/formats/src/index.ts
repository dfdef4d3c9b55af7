/**
 * @glossa/formats: importers and exporters for dataset formats, the tokenizer,
 * consolidation, splits and dataset cards. Pure functions over the core model.
 */
export * from './model.js';
export * from './jsonl.js';
