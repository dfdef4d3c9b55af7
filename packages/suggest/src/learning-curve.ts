/**
 * A learning curve: how well a recommender does (F1 against reference
 * spans, by cross-validation over documents) as a function of how many
 * annotations it learned from. Each fold's training documents are taken in
 * a seeded order and their spans in text order, and the recommender is
 * trained on the first n of them for each n on the curve; the held-out
 * fold is predicted; counts are pooled over folds.
 */
import type { LabeledSpan } from '@glossa/core';
import { documentFolds, evaluateSpans, type EvaluatedDocument, type PrecisionRecall } from './evaluation.js';
import { seededRandom, shuffleInPlace } from './random.js';
import { createRecommender, type RecommenderConfig } from './registry.js';
import type { TrainingExample } from './types.js';

/** One point of a learning curve. */
export interface LearningPoint {
  /** How many annotations (spans) each fold trained on. */
  readonly annotations: number;
  readonly exact: PrecisionRecall;
  readonly overlap: PrecisionRecall;
}

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions {
  /** Number of folds (at most the number of documents). @default 5 */
  readonly folds?: number;
  /** Seed of the split and of the order annotations are learned in. @default 1 */
  readonly seed?: number;
  /** How many points, evenly spaced up to the smallest fold's training annotations. @default 8 */
  readonly points?: number;
  /** The labels counted. @default every label of the references and suggestions */
  readonly labels?: readonly string[];
}

const byPosition = (a: LabeledSpan, b: LabeledSpan): number => a.start - b.start || a.end - b.end;

/** The first `n` spans of `examples` in their order (documents in order, spans in text order); documents past them are left out. */
function firstAnnotations(examples: readonly TrainingExample[], n: number): TrainingExample[] {
  const out: TrainingExample[] = [];
  let left = n;
  for (const example of examples) {
    if (left <= 0) break;
    const spans = [...example.spans].sort(byPosition).slice(0, left);
    left -= spans.length;
    out.push({ document: example.document, spans });
  }
  return out;
}

/**
 * The learning curve of a recommender over annotated documents (see the
 * module comment). Empty with fewer than two documents.
 *
 * @example learningCurve({ kind: 'string-match', name: 'strings' }, examples, { points: 4 }); // [{ annotations: 3, exact, overlap }, …]
 */
export function learningCurve(config: RecommenderConfig, examples: readonly TrainingExample[], options: LearningCurveOptions = {}): LearningPoint[] {
  if (examples.length < 2) return [];
  const points = options.points ?? 8;
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`points must be a positive integer, not ${points}`);
  const recommender = createRecommender(config);
  const seed = options.seed ?? 1;
  const folds = documentFolds(
    examples.map((e) => e.document.id),
    Math.min(options.folds ?? 5, examples.length),
    seed,
  );
  const trainingSets = folds.map((fold) => {
    const held = new Set(fold);
    return { held, training: shuffleInPlace(examples.filter((e) => !held.has(e.document.id)), seededRandom(seed)) };
  });
  const smallest = Math.min(...trainingSets.map((t) => t.training.reduce((sum, e) => sum + e.spans.length, 0)));
  if (smallest === 0) return [];
  const sizes = [...new Set(Array.from({ length: points }, (_, i) => Math.max(1, Math.round((smallest * (i + 1)) / points))))];
  return sizes.map((n) => {
    const evaluated: EvaluatedDocument[] = [];
    for (const { held, training } of trainingSets) {
      const model = recommender.train(firstAnnotations(training, n));
      for (const example of examples.filter((e) => held.has(e.document.id))) evaluated.push({ predicted: recommender.predict(model, example.document), reference: example.spans });
    }
    const report = evaluateSpans(evaluated, config.name ?? config.kind, options.labels);
    return { annotations: n, exact: report.micro.exact, overlap: report.micro.overlap };
  });
}
