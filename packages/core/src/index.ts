/**
 * @glossa/core: the annotation model. Pure TypeScript: no DOM, no Yjs, no I/O.
 */
export { ANNOTATION_SOURCES, ANNOTATION_STATUSES, fail, ok } from './types.js';
export type {
  AnnotationSource,
  AnnotationStatus,
  DocumentLabelGroup,
  DocumentLabels,
  LabelDefinition,
  LabelGroup,
  LabelSchema,
  ModelSource,
  RelationAnnotation,
  RelationLabelDefinition,
  Result,
  SpanAnnotation,
  SpanFragment,
  TextDocument,
} from './types.js';
export { isAnnotationSource, isModelSource, modelSource, recommenderOf, ANNOTATION_SOURCES_DESCRIPTION } from './sources.js';
export { GOLD_LAYER, isReservedLayer, SHARED_LAYER } from './layers.js';
export { formatSchemaError } from './schema-error.js';
export type { SchemaError } from './schema-error.js';
export { ID_PATTERN } from './schema-fields.js';
export { parseSchema, parseSchemaJson, SCHEMA_FORMAT_VERSION } from './schema-parse.js';
export {
  defaultExportLabels,
  documentLabelGroupById,
  hotkeyMap,
  labelById,
  labelsByGroup,
  relationHotkeyMap,
  relationLabelById,
} from './schema-lookup.js';
export type { GroupedLabels } from './schema-lookup.js';
export {
  BLACK,
  contrastRatio,
  formatContrastRatio,
  formatHexColor,
  isLongHexColor,
  isReadable,
  MIN_TEXT_CONTRAST,
  nearestReadableColor,
  parseHexColor,
  readableTextColor,
  relativeLuminance,
  toRgb,
  WHITE,
} from './color.js';
export type { ColorInput, RgbColor } from './color.js';
export { codePointLength, isHighSurrogate, isLowSurrogate, OffsetIndex, splitsSurrogatePair, toCodePointOffset, toUtf16Offset } from './offsets.js';
export { checkTextChange, compareSpans, mapRange, mapSpanEnd, mapSpanStart, printSpans, SpanSet } from './spanset.js';
export type { MappedRange, MappedSpans, TextChange } from './spanset.js';
export { spanRanges, fragmentsProblem, spanFromRanges, sameRanges, type FragmentProblem, type SpanExtent } from './fragments.js';
export { classifyRelations, isLiveRelation, relationEndsAllowed, type ClassifiedRelations, type SpanIds } from './relations.js';
export { validateDocumentLabels, validateSpans } from './validate.js';
export type { DocumentLabelError, DocumentLabelErrorKind, SpanError, SpanErrorKind, SpanOffsetField } from './validate.js';
export { validateRelations, type RelationError, type RelationErrorKind } from './validate-relations.js';
export { levenshtein } from './edit-distance.js';
export { normalizeQuote, quoteKey } from './quote-key.js';
export {
  cohenKappa,
  computeAgreement,
  computeConfusion,
  countSpanMatches,
  fleissKappa,
  krippendorffAlphaNominal,
  NO_LABEL,
  spanF1,
  unitizingAlpha,
} from './agreement.js';
export type {
  AgreementDocument,
  AgreementInput,
  AgreementMeasures,
  AgreementRelation,
  AgreementReport,
  AgreementSpan,
  AgreementTokenizer,
  AgreementUnit,
  Category,
  ConfusionReport,
  DocumentAgreement,
  LabelAgreement,
  LabeledSpan,
  OverallAgreement,
  OverallRelationAgreement,
  PairAgreement,
  PairConfusion,
  RelationAgreement,
  RelationLabelAgreement,
  RelationPairAgreement,
  SpanMatching,
  UnitBoundary,
  UnitizingCategoryResult,
  UnitizingResult,
  UnitizingSegment,
  UnitizingStudy,
} from './agreement.js';
