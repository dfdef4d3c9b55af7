/**
 * How good a recommender is against reference spans: precision, recall and
 * F1 per label, with the span matching of core's agreement measures
 * (`exact`: same start, end and label; `overlap`: the one-to-one greedy
 * matching of same-label overlapping spans), and k-fold cross-validation
 * over documents.
 *
 * With m matches, p predicted and g reference spans: precision = m / p,
 * recall = m / g, F1 = 2m / (p + g) (the agreement F1); each is `null` when
 * its denominator is 0.
 */
import { countSpanMatches, type LabeledSpan, type SpanMatching } from '@glossa/core';
import { seededRandom, shuffleInPlace } from './random.js';
import { createRecommender, type RecommenderConfig } from './registry.js';
import { compareStrings } from './suggestions.js';
import type { TrainingExample } from './types.js';

/** Precision, recall and F1 from match counts. */
export interface PrecisionRecall {
  readonly matches: number;
  readonly predicted: number;
  readonly reference: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

/** The scores of one label, under both matchings. */
export interface LabelEvaluation {
  readonly label: string;
  readonly exact: PrecisionRecall;
  readonly overlap: PrecisionRecall;
}

/** An evaluation of one recommender: per label (sorted) and pooled over labels (micro). */
export interface EvaluationReport {
  readonly recommender: string;
  readonly labels: readonly LabelEvaluation[];
  readonly micro: { readonly exact: PrecisionRecall; readonly overlap: PrecisionRecall };
}

/** One document's predicted and reference spans. */
export interface EvaluatedDocument {
  readonly predicted: readonly LabeledSpan[];
  readonly reference: readonly LabeledSpan[];
}

/** Precision, recall and F1 from counts (see the module comment). */
export function precisionRecall(matches: number, predicted: number, reference: number): PrecisionRecall {
  return {
    matches,
    predicted,
    reference,
    precision: predicted === 0 ? null : matches / predicted,
    recall: reference === 0 ? null : matches / reference,
    f1: predicted + reference === 0 ? null : (2 * matches) / (predicted + reference),
  };
}

type Counts = Record<SpanMatching, number>;

/**
 * Scores predicted spans against reference spans, document by document.
 *
 * @param labels the labels to report; every label of either side when absent
 */
export function evaluateSpans(documents: readonly EvaluatedDocument[], recommender: string, labels?: readonly string[]): EvaluationReport {
  const nonEmpty = (spans: readonly LabeledSpan[]): LabeledSpan[] => spans.filter((s) => s.end > s.start);
  const all = labels ?? [...new Set(documents.flatMap((d) => [...d.predicted, ...d.reference].map((s) => s.label)))];
  const sorted = [...new Set(all)].sort(compareStrings);
  const wanted = new Set(sorted);
  const tallies = new Map(sorted.map((l) => [l, { matches: { exact: 0, overlap: 0 } as Counts, predicted: 0, reference: 0 }] as const));
  for (const doc of documents) {
    const predicted = nonEmpty(doc.predicted).filter((s) => wanted.has(s.label));
    const reference = nonEmpty(doc.reference).filter((s) => wanted.has(s.label));
    for (const label of sorted) {
      const p = predicted.filter((s) => s.label === label);
      const r = reference.filter((s) => s.label === label);
      if (p.length === 0 && r.length === 0) continue;
      const t = tallies.get(label) as { matches: Counts; predicted: number; reference: number };
      t.predicted += p.length;
      t.reference += r.length;
      t.matches.exact += countSpanMatches(p, r, 'exact');
      t.matches.overlap += countSpanMatches(p, r, 'overlap');
    }
  }
  const sum = { exact: 0, overlap: 0, predicted: 0, reference: 0 };
  const perLabel = sorted.map((label) => {
    const t = tallies.get(label) as { matches: Counts; predicted: number; reference: number };
    sum.exact += t.matches.exact;
    sum.overlap += t.matches.overlap;
    sum.predicted += t.predicted;
    sum.reference += t.reference;
    return { label, exact: precisionRecall(t.matches.exact, t.predicted, t.reference), overlap: precisionRecall(t.matches.overlap, t.predicted, t.reference) };
  });
  return { recommender, labels: perLabel, micro: { exact: precisionRecall(sum.exact, sum.predicted, sum.reference), overlap: precisionRecall(sum.overlap, sum.predicted, sum.reference) } };
}

/**
 * Splits document ids into `k` folds: ids sorted, shuffled with `seed`,
 * dealt out in turn. Every id is in exactly one fold; fold sizes differ by
 * at most one.
 */
export function documentFolds(ids: readonly string[], k: number, seed: number): string[][] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer of at least 2, not ${k}`);
  const order = shuffleInPlace([...new Set(ids)].sort(compareStrings), seededRandom(seed));
  const folds: string[][] = Array.from({ length: Math.min(k, order.length) }, () => []);
  order.forEach((id, i) => (folds[i % folds.length] as string[]).push(id));
  return folds;
}

/** Options of {@link crossValidate}. */
export interface CrossValidationOptions {
  /** Number of folds (at most the number of documents). @default 5 */
  readonly folds?: number;
  /** Seed of the split. @default 1 */
  readonly seed?: number;
  /** Suggestions below this score are not counted as predicted. @default 0 */
  readonly minScore?: number;
  /** The labels to report. @default every label of the references and suggestions */
  readonly labels?: readonly string[];
}

/**
 * k-fold cross-validation over documents: for each fold, the recommender is
 * trained on the other folds' examples and its suggestions on the fold's
 * documents are scored against their spans; the counts are pooled over
 * folds.
 */
export function crossValidate(config: RecommenderConfig, examples: readonly TrainingExample[], options: CrossValidationOptions = {}): EvaluationReport & { readonly folds: number } {
  const recommender = createRecommender(config);
  const folds = documentFolds(
    examples.map((e) => e.document.id),
    Math.min(options.folds ?? 5, Math.max(2, examples.length)),
    options.seed ?? 1,
  );
  const minScore = options.minScore ?? 0;
  const evaluated: EvaluatedDocument[] = [];
  for (const fold of folds) {
    const held = new Set(fold);
    const model = recommender.train(examples.filter((e) => !held.has(e.document.id)));
    for (const example of examples.filter((e) => held.has(e.document.id))) {
      evaluated.push({ predicted: recommender.predict(model, example.document).filter((s) => s.score >= minScore), reference: example.spans });
    }
  }
  return { ...evaluateSpans(evaluated, config.name ?? config.kind, options.labels), folds: folds.length };
}
