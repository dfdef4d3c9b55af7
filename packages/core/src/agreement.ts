/**
 * Inter-annotator agreement: coefficients over coded items (Cohen's κ,
 * Fleiss' κ, Krippendorff's α), Krippendorff's unitizing α, span F1,
 * relation F1, and the corpus-level report and confusion matrices built on
 * them.
 */
export { cohenKappa, fleissKappa, krippendorffAlphaNominal, type Category } from './agreement-coefficients.js';
export { unitizingAlpha, type UnitizingCategoryResult, type UnitizingResult, type UnitizingSegment, type UnitizingStudy } from './agreement-unitizing.js';
export { countSpanMatches, spanF1, type LabeledSpan, type SpanMatching } from './agreement-spans.js';
export type { UnitBoundary } from './agreement-units.js';
export type { AgreementDocument, AgreementInput, AgreementRelation, AgreementSpan, AgreementTokenizer, AgreementUnit } from './agreement-input.js';
export type { OverallRelationAgreement, RelationAgreement, RelationLabelAgreement, RelationPairAgreement } from './agreement-relations.js';
export {
  computeAgreement,
  type AgreementMeasures,
  type AgreementReport,
  type DocumentAgreement,
  type LabelAgreement,
  type OverallAgreement,
  type PairAgreement,
} from './agreement-report.js';
export { NO_LABEL, computeConfusion, type ConfusionReport, type PairConfusion } from './agreement-confusion.js';
