/**
 * The shapes every recommender shares: what it learns from, what it
 * suggests, and the interface it implements. Offsets are UTF-16 code units,
 * start inclusive, end exclusive, as everywhere in `@glossa/core`.
 */
import type { DocumentLabels, LabeledSpan, TextDocument } from '@glossa/core';

/** The built-in kinds of recommender. */
export type RecommenderKind = 'string-match' | 'patterns' | 'passage-classifier' | 'tagger';

/**
 * One annotated document to learn from. Its spans are taken as complete for
 * the labels they use: text of the document that no span of a label covers
 * is a negative example of that label.
 */
export interface TrainingExample {
  /** The document: its id and its text. */
  readonly document: TextDocument;
  /** The document's labeled spans (UTF-16 offsets). */
  readonly spans: readonly LabeledSpan[];
  /** The document's document labels, when a recommender learns them (the passage classifier). */
  readonly documentLabels?: DocumentLabels;
}

/** A change to the training data, for recommenders that update a model without retraining. */
export interface TrainingChange {
  /** Documents added or whose annotations changed: their examples replace what the model had for them. */
  readonly upsert?: readonly TrainingExample[];
  /** Ids of documents whose annotations no longer count. */
  readonly remove?: readonly string[];
}

/**
 * A suggested span. `score` is in [0, 1] and reads as the recommender's
 * confidence that the suggestion is right; uncertainty is highest at 0.5.
 */
export interface Suggestion {
  /** First UTF-16 code unit (inclusive); never inside a surrogate pair. */
  readonly start: number;
  /** UTF-16 code unit after the last one (exclusive); never inside a surrogate pair. */
  readonly end: number;
  /** The suggested label id. */
  readonly label: string;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /**
   * How far the decision is from flipping, in the recommender's own units
   * (smaller is less certain), where that is meaningful: the tagger's score
   * gap to the best other tagging, the passage classifier's distance from its
   * threshold, the string matcher's lead over the string's next label.
   */
  readonly margin?: number;
  /** The recommender's name. */
  readonly recommender: string;
  /** The version of the model that made the suggestion. */
  readonly modelVersion: string;
  /** Why it was suggested, in a few words, when the recommender can say. */
  readonly explanation?: string;
}

/** A suggested document label: a value of a document-label group, with a score in [0, 1]. */
export interface DocumentLabelSuggestion {
  /** The document-label group id. */
  readonly group: string;
  /** The suggested value. */
  readonly value: string;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /** The recommender's name. */
  readonly recommender: string;
  /** The version of the model that made the suggestion. */
  readonly modelVersion: string;
}

/**
 * What every model has. Models are plain data (numbers, strings, arrays and
 * plain objects): `structuredClone` and `JSON.stringify` keep them whole, so
 * they cross worker threads and can be stored.
 */
export interface ModelBase<K extends RecommenderKind = RecommenderKind> {
  /** Which recommender made the model. */
  readonly kind: K;
  /** The recommender's name, copied into every suggestion. */
  readonly name: string;
  /**
   * A digest of the options and the training data: the same data and options
   * give the same version, on any machine.
   */
  readonly version: string;
}

/**
 * A recommender: trains a model from examples and suggests spans with it.
 * Training and prediction are pure: no I/O, no shared state; the same inputs
 * give the same model and the same suggestions.
 */
export interface Recommender<M extends ModelBase> {
  /** The kind of recommender. */
  readonly kind: RecommenderKind;
  /** Learns a model from annotated documents. */
  train(examples: readonly TrainingExample[]): M;
  /** Suggests spans of a document's text, sorted by (start, end, label). */
  predict(model: M, document: TextDocument): Suggestion[];
  /**
   * Applies a change of the training data to a model without retraining from
   * scratch, where that is cheap. The result equals (version included) the
   * model trained on the changed data.
   */
  update?(model: M, change: TrainingChange): M;
}

/**
 * What a prediction may know beyond the document's text: the labels the
 * project's schema allows and the spans the document already has (UTF-16
 * offsets). The built-in recommenders do not need it; a model served
 * elsewhere gets it with the text.
 */
export interface PredictionContext {
  /** The span label ids of the schema; a suggestion with another label is dropped. */
  readonly labels?: readonly string[];
  /** The document's existing spans. */
  readonly spans?: readonly LabeledSpan[];
}

/** What every model of an {@link AsyncRecommender} has: its recommender's name and a version. */
export interface VersionedModel {
  /** The recommender's name, copied into every suggestion. */
  readonly name: string;
  /** The model's version, copied into every suggestion. */
  readonly version: string;
}

/**
 * A recommender whose training and prediction take time and may fail: a
 * model served by another process (an external model server). The same
 * contract as {@link Recommender}, with promises: `train` resolves with the
 * model to predict with, `predict` with suggestions sorted by (start, end,
 * label), never crossing the text's bounds nor splitting a surrogate pair.
 * A failure rejects with an error naming the recommender; it never throws
 * synchronously.
 */
export interface AsyncRecommender<M extends VersionedModel> {
  /** What kind of recommender it is (`http`, `labelstudio`, or a built-in kind). */
  readonly kind: string;
  /** Trains (or asks the model server to train) on annotated documents. */
  train(examples: readonly TrainingExample[]): Promise<M>;
  /** Suggests spans of a document's text. */
  predict(model: M, document: TextDocument, context?: PredictionContext): Promise<Suggestion[]>;
}

/** A problem in a file a recommender reads (a gazetteer, a pattern file), named by place. */
export interface SuggestIssue {
  /** The file name, when the caller gave one. */
  readonly file?: string;
  /** 1-based line number. */
  readonly line: number;
  /** The key or field at fault (`pattern[1].POS`), when there is one. */
  readonly key?: string;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** Formats an issue as `file:line: key: message`. */
export function formatSuggestIssue(issue: SuggestIssue): string {
  const place = `${issue.file ?? '<input>'}:${issue.line}`;
  return issue.key === undefined ? `${place}: ${issue.message}` : `${place}: ${issue.key}: ${issue.message}`;
}
