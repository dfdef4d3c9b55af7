/**
 * The messages between the server and a recommender worker thread
 * (`recommender-worker.ts`): train a model under a key, predict with the
 * model under a key, forget it, measure a recommender by cross-validation
 * and its learning curve. Everything in them is plain data.
 */
import type { TextDocument } from '@glossa/core';
import type { EvaluationReport, LearningPoint, RecommenderConfig, Suggestion, TrainingExample } from '@glossa/suggest';

/** A request to a recommender worker. */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'train'; readonly key: string; readonly config: RecommenderConfig; readonly examples: readonly TrainingExample[] }
  | { readonly id: number; readonly type: 'predict'; readonly key: string; readonly documents: readonly TextDocument[] }
  | { readonly id: number; readonly type: 'forget'; readonly key: string }
  | { readonly id: number; readonly type: 'measure'; readonly config: RecommenderConfig; readonly examples: readonly TrainingExample[]; readonly options: MeasureOptions };

/** How a recommender is measured against reference spans: cross-validation folds, seed, learning-curve points, labels. */
export interface MeasureOptions {
  readonly folds: number;
  readonly seed: number;
  readonly points: number;
  readonly labels?: readonly string[];
}

/** A recommender measured: cross-validated precision, recall and F1, and its learning curve. */
export interface Measured {
  readonly report: EvaluationReport & { readonly folds: number };
  readonly curve: readonly LearningPoint[];
}

/** A worker's answer to the request with the same id. */
export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly type: 'trained'; readonly version: string }
  | { readonly id: number; readonly ok: true; readonly type: 'predicted'; readonly suggestions: readonly (readonly Suggestion[])[] }
  | { readonly id: number; readonly ok: true; readonly type: 'forgotten' }
  | { readonly id: number; readonly ok: true; readonly type: 'measured'; readonly measured: Measured }
  | { readonly id: number; readonly ok: false; readonly error: string };
