/**
 * @glossa/formats: importers and exporters for dataset formats, the tokenizer,
 * consolidation, splits and dataset cards. Pure functions over the core model.
 */
export * from './model.js';
export * from './jsonl.js';
export * from './adapter.js';
export * from './registry.js';
export * from './tokenizer.js';
export * from './sentences.js';
export * from './tagging.js';
export * from './consolidate.js';
export * from './splits.js';
export * from './prepare.js';
export * from './linebreaks.js';
export * from './labeltimes.js';
export * from './report.js';
export * from './progress.js';
export * from './sink.js';
export * from './murmur.js';
export * from './input.js';
export * from './card.js';
export * from './hf.js';
export * from './conll.js';
export * from './spacy.js';
export * from './spacydoc.js';
export * from './spacyjson.js';
export * from './brat.js';
export * from './w3c-format.js';
export * from './w3c-types.js';
export * from './w3c-write.js';
export * from './w3c-read.js';
export { defaultAnnotationIri, defaultAnnotatorIri, documentBase, spanIri } from './w3c-iri.js';
export * from './quote-anchor.js';
export * from './labelstudio.js';
export * from './doccano.js';
export * from './webanno.js';
export * from './csv.js';
export * from './html.js';
export * from './jsonlformat.js';
export * from './exporter.js';
export * from './plaintext.js';
