/**
 * @glossa/formats: importers and exporters for dataset formats, the tokenizer,
 * consolidation, splits and dataset cards. Pure functions over the core model.
 */
export { compareCorpusRelations, compareCorpusSpans, formatIssue, GOLD_LAYER, SHARED_LAYER } from './model.js';
export type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
export { JSONL_FORMAT_VERSION, parseJsonl, parseJsonlLine, serializeJsonl, serializeJsonlLine } from './jsonl.js';
export type { JsonlParseOptions, JsonlParseResult, JsonlSerializeOptions } from './jsonl.js';
export { DEFAULT_MAX_IMPORT_BYTES } from './adapter.js';
export type {
  AgreementSummary,
  DatasetCardOptions,
  ExportContent,
  ExportContext,
  ExportLayout,
  ExportSink,
  FormatAdapter,
  ImportContext,
  ImportFile,
  ImportInput,
  ImportResult,
  TagScheme,
} from './adapter.js';
export { exportFormatNames, formats, getFormat, importFormatNames } from './registry.js';
export { alignToTokens, tokenize } from './tokenizer.js';
export type { Token, TokenAlignment } from './tokenizer.js';
export { splitSentences } from './sentences.js';
export type { SentenceRange } from './sentences.js';
export { alignSpan, chunksFromSpans, chunksFromTags, tagChunks, tagNames } from './tagging.js';
export type { TokenChunk } from './tagging.js';
export { annotatorLayers, consolidateLayers, CONSOLIDATION_METHODS } from './consolidate.js';
export type { ConsolidatedLayer, ConsolidationMethod } from './consolidate.js';
export { assignSplit, assignSplits, parseSplitSpec, splitPosition, SplitSpecError, TRAIN_ONLY } from './splits.js';
export type { SplitCandidate, SplitOptions, SplitShare } from './splits.js';
export {
  DEFAULT_EXPORT_STATUSES,
  describeConsolidation,
  exportedLabels,
  isConsolidated,
  prepareDocument,
  prepareDocuments,
  splitNames,
  stripRanges,
} from './prepare.js';
export type { ExportDocument, ExportLayer, PrepareOptions } from './prepare.js';
export { withLfLineBreaks } from './linebreaks.js';
export { DOCUMENT_LABEL_TIMES, documentLabelTime, withDocumentLabelTime } from './labeltimes.js';
export { ExportLossError, formatLosses, LOSS_EXAMPLES_KEPT, LossRecorder } from './report.js';
export type { ExportReport, LossEntry, LossExample, LossKind, WrittenFile } from './report.js';
export { formatBytes, ProgressPrinter, summaryLine } from './progress.js';
export type { ProgressEvent, ProgressListener, ProgressOptions, ProgressStream } from './progress.js';
export { Channel, contentChunks, FileFanout, MemorySink } from './sink.js';
export { murmurHash64A, spacyStringHash } from './murmur.js';
export {
  decodeFile,
  decodeFiles,
  duplicates,
  firstInvalidUtf8Byte,
  flattenDocumentLabels,
  groupDocumentLabels,
  importedSpan,
  importResult,
  isSpanLabel,
  normalizeLineBreaks,
  spanLabelList,
  splitLines,
} from './input.js';
export type { DecodeOptions, ImportedSpanFields } from './input.js';
export { datasetCard, sizeCategory } from './card.js';
export type { CardFeature, CardSplit, DatasetCardInput } from './card.js';
export { hfFeatures, hfFeaturesJson, hfFormat, hfParquet, hfSpanRow, hfTokenRow } from './hf.js';
export type { HfRelation, HfSpanRow, HfTokenRow } from './hf.js';
export { CONLL_DOCSTART, conllDocument, conllDocumentColumns, conllDocumentLayers, conllFileNaming, conllFormat } from './conll.js';
export { DocBinWriter, packFloatMap, SPACY_ATTRS, spacyFormat, spanBytes, spanGroupsBytes, userDataBytes } from './spacy.js';
export { compareCodePoints, rememberedStringId, SPACY_RELATIONS_KEY, spacyDoc, spacyStringId, spacySymbols, SPANS_KEY } from './spacydoc.js';
export type { SpacyDoc, SpacyRelation, SpacySpan, SpacyStringId, SpacyToken } from './spacydoc.js';
export { jsonFloat, spacyJsonDoc, spacyJsonFormat } from './spacyjson.js';
export { bratAnn, bratFormat } from './brat.js';
export { w3cAnnotations, w3cFormat } from './w3c-format.js';
export type { W3CPageDocumentLabel, W3CPageItem } from './w3c-format.js';
export { DEFAULT_QUOTE_CONTEXT_LENGTH, GLOSSA_NAMESPACE, GLOSSA_W3C_CONTEXT, W3C_ANNOTATION_CONTEXT } from './w3c-types.js';
export type {
  W3CAgent,
  W3CAnnotation,
  W3CAnnotationBase,
  W3CBodyPurpose,
  W3CContext,
  W3CDocumentLabel,
  W3CDocumentLabelAnnotation,
  W3CError,
  W3COrphanedError,
  W3CRelation,
  W3CRelationAnnotation,
  W3CSelector,
  W3CShapeError,
  W3CTextPositionSelector,
  W3CTextQuoteSelector,
  W3CTextTarget,
  W3CTextualBody,
} from './w3c-types.js';
export { toW3CAnnotation, toW3CDocumentLabel, toW3CRelation } from './w3c-write.js';
export type { ToW3CDocumentLabelOptions, ToW3COptions, ToW3CRelationOptions } from './w3c-write.js';
export { fromW3CAnnotation, fromW3CDocumentLabel, fromW3CRelation, isW3CRelation } from './w3c-read.js';
export type { FromW3COptions } from './w3c-read.js';
export { defaultAnnotationIri, defaultAnnotatorIri, documentBase, spanIri } from './w3c-iri.js';
export { anchorQuote, DEFAULT_FUZZY_WINDOW, DEFAULT_MAX_ERROR_RATIO } from './quote-anchor.js';
export type { AnchorQuoteOptions, QuoteAnchor, TextQuote } from './quote-anchor.js';
export { labelStudioConfig, labelStudioFormat, labelStudioTask } from './labelstudio.js';
export { DOCCANO_ALL, doccanoFormat } from './doccano.js';
export { escapeTsv, unescapeTsv, WEBANNO_LAYER, WEBANNO_RELATION_LAYER, webannoFormat, webannoTsv } from './webanno.js';
export { CSV_HEADER, csvField, csvFormat, csvRow } from './csv.js';
export { decodeEntities, htmlToText } from './html.js';
export { jsonlFormat, toCorpusDocument } from './jsonlformat.js';
export { ExportLayoutError, isFileLayout, mainFileName, runExport, sidecarName } from './exporter.js';
export type { ExportRun } from './exporter.js';
export { htmlFormat, mdFormat, txtFormat } from './plaintext.js';
