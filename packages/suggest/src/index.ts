/**
 * @glossa/suggest: recommenders that learn from a project's annotations or
 * read rule files, and the pure helpers around them (rejection memory,
 * corrections, feedback statistics, evaluation, active learning). Pure
 * TypeScript over @glossa/core: no Yjs, no ProseMirror, no database, no I/O.
 */
export { formatSuggestIssue } from './types.js';
export type { AsyncRecommender, DocumentLabelSuggestion, ModelBase, PredictionContext, Recommender, RecommenderKind, SuggestIssue, Suggestion, TrainingChange, TrainingExample, VersionedModel } from './types.js';

export { createRecommender, predictSuggestions, trainRecommender, updateModel } from './registry.js';
export type { RecommenderConfig, RecommenderModel } from './registry.js';

export { predictStringMatch, stringMatchRecommender } from './string-match.js';
export type { StringLabelCount, StringMatchModel, StringMatchOptions } from './string-match.js';
export { parseGazetteer } from './gazetteer.js';
export type { GazetteerEntry, GazetteerParseOptions } from './gazetteer.js';

export { patternsRecommender, predictPatterns } from './patterns.js';
export type { PatternOverlaps, PatternsModel, PatternsOptions } from './patterns.js';
export { parsePatternFile } from './pattern-file.js';
export type { AttributeTest, FlagAttribute, NumberAttribute, PatternParseOptions, PatternRegex, PatternRule, StringAttribute, TokenAttribute, TokenSpec, ValueTest } from './pattern-file.js';
export { patternTokens } from './pattern-tokens.js';
export type { PatternToken } from './pattern-tokens.js';
export { likeNum, wordShape } from './token-attributes.js';
export { translatePythonRegex } from './python-regex.js';
export type { TranslatedRegex } from './python-regex.js';

export { passageClassifierRecommender, predictDocumentLabels, predictPassages, scorePassages } from './passage-classifier.js';
export type { LinearDecision, PassageClassifierModel, PassageClassifierOptions, PassageScores } from './passage-classifier.js';
export { splitPassages } from './passages.js';
export type { Passage, PassageUnit } from './passages.js';
export type { Calibration, SparseWeights } from './linear.js';

export { predictTags, taggerRecommender } from './tagger.js';
export type { LabelTagger, TaggerModel, TaggerOptions } from './tagger.js';

export { compareSuggestions, finishSuggestions } from './suggestions.js';
export { dropAnnotated, dropRejected, feedbackStatistics, findCorrections, outcomeFromSpans } from './feedback.js';
export type { FeedbackAction, FeedbackCounts, FeedbackRecord, FeedbackStatistics, ShownRecord, SpanOutcome } from './feedback.js';

export { crossValidate, documentFolds, evaluateSpans, precisionRecall } from './evaluation.js';
export type { CrossValidationOptions, EvaluatedDocument, EvaluationReport, LabelEvaluation, PrecisionRecall } from './evaluation.js';
export { learningCurve } from './learning-curve.js';
export type { LearningCurveOptions, LearningPoint } from './learning-curve.js';

export { documentUncertainty, NoveltyIndex, orderByUncertainty, rankByUsefulness, rankDocuments, selectBatch, uncertainty } from './active-learning.js';
export type { DocumentToRank, NoveltyDocument, RankedDocument } from './active-learning.js';
