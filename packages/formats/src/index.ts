/**
 * @glossa/formats: importers and exporters for dataset formats, the tokenizer,
 * consolidation, splits and dataset cards. Pure functions over the core model.
 */

// The corpus model that every adapter reads and writes.
export { compareCorpusRelations, compareCorpusSpans, formatIssue } from './model.js';
export type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from './model.js';

// Format adapters and the registry.
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
export { jsonlFormat, toCorpusDocument } from './jsonlformat.js';
export { hfFormat } from './hf.js';
export { CONLL_DOCSTART, conllFormat } from './conll.js';
export { spacyFormat } from './spacy.js';
export { spacyJsonFormat } from './spacyjson.js';
export { bratFormat } from './brat.js';
export { w3cFormat } from './w3c-format.js';
export { labelStudioConfig, labelStudioFormat } from './labelstudio.js';
export { doccanoFormat } from './doccano.js';
export { webannoFormat } from './webanno.js';
export { csvFormat } from './csv.js';
export { htmlFormat, mdFormat, txtFormat } from './plaintext.js';

// Native JSONL, line by line.
export { JSONL_FORMAT_VERSION, parseJsonl, parseJsonlLine } from './jsonl.js';
export { serializeJsonl, serializeJsonlLine } from './jsonl-write.js';
export type { JsonlParseOptions, JsonlParseResult } from './jsonl.js';
export type { JsonlSerializeOptions } from './jsonl-write.js';

// Reading files.
export { firstInvalidUtf8Byte } from './input.js';

// Tokens and sentences.
export { alignToTokens, tokenize } from './tokenizer.js';
export type { Token, TokenAlignment } from './tokenizer.js';
export { splitSentences } from './sentences.js';
export type { SentenceRange } from './sentences.js';

// Preparing an export: consolidation, filters, splits.
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

// Running an export: sinks, the loss report, progress, the dataset card.
export { ExportLayoutError, mainFileName, runExport } from './exporter.js';
export type { ExportRun } from './exporter.js';
export { Channel, contentChunks, FileFanout, MemorySink } from './sink.js';
export { ExportLossError, formatLosses, LOSS_EXAMPLES_KEPT, LossRecorder } from './report.js';
export type { ExportReport, LossEntry, LossExample, LossKind, WrittenFile } from './report.js';
export { formatBytes, ProgressPrinter, summaryLine } from './progress.js';
export type { ProgressEvent, ProgressListener, ProgressOptions, ProgressStream } from './progress.js';
export { datasetCard, sizeCategory } from './card.js';
export type { CardFeature, CardSplit, DatasetCardInput } from './card.js';

// W3C Web Annotation, and quote re-anchoring.
export { w3cAnnotations } from './w3c-format.js';
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
