/**
 * The passage classifier: for themes ("mark passages about armed forces…")
 * rather than entities. Each passage (a sentence or a clause) is described by
 * hashed word and word-pair features; one averaged perceptron per label
 * (one-vs-rest, so a passage can have several labels) decides whether it is
 * about the label. Margins become probabilities by Platt scaling fitted on
 * held-out margins (k folds over documents), and each label's threshold is
 * the one that maximized held-out F1. Adjacent passages of one label can be
 * suggested as one span (`mergeAdjacent`). Document labels are learned the same way from the
 * features of the whole document.
 *
 * A passage counts as a positive example of a label when spans of that label
 * cover at least `minCoverage` of its tokens.
 */
import type { DocumentLabels, TextDocument } from '@glossa/core';
import { alignToTokens, type Token } from '@glossa/formats/tokenizer';
import { Digest, modelVersion } from './digest.js';
import { passageFeatures, wordFormHashes } from './features.js';
import { assignFolds, bestF1Threshold, calibrate, fitPlatt, denseMargin, toSparse, trainBinaryPerceptron, type Calibration, type PerceptronBuffers, type SparseWeights } from './linear.js';
import { tokensAndPassages, type Passage, type PassageUnit } from './passages.js';
import { compareStrings, finishSuggestions } from './suggestions.js';
import type { DocumentLabelSuggestion, ModelBase, Recommender, Suggestion, TrainingExample } from './types.js';

/** Options of the passage classifier. */
export interface PassageClassifierOptions {
  /** The recommender's name in suggestions. @default 'passage-classifier' */
  readonly name?: string;
  /** The labels to learn. @default every label of the examples' spans */
  readonly labels?: readonly string[];
  /** What a passage is. @default 'sentence' */
  readonly unit?: PassageUnit;
  /** Share of a passage's tokens a label's spans must cover for it to be a positive example. @default 0.5 */
  readonly minCoverage?: number;
  /** Passes over the training passages. @default 10 */
  readonly epochs?: number;
  /** Features are hashed into 2^hashBits buckets. @default 18 */
  readonly hashBits?: number;
  /** Folds for the held-out margins that calibration and thresholds are fitted on. @default 3 */
  readonly folds?: number;
  /** Seed of the training order and the folds. @default 1 */
  readonly seed?: number;
  /**
   * Suggest a run of adjacent passages with one label as one span. Off by
   * default: the project's guidelines never let a span run across sentences.
   * @default false
   */
  readonly mergeAdjacent?: boolean;
  /** A fixed probability threshold instead of the one tuned for F1. */
  readonly threshold?: number;
}

/** One binary decision of the model: a label, or a document-label value. */
export interface LinearDecision {
  readonly weights: SparseWeights;
  readonly calibration: Calibration;
  /** Suggested when the calibrated probability is at least this. */
  readonly threshold: number;
  /** Positive training examples it saw. */
  readonly positives: number;
}

/** A passage classifier model. */
export interface PassageClassifierModel extends ModelBase<'passage-classifier'> {
  readonly options: {
    readonly unit: PassageUnit;
    readonly minCoverage: number;
    readonly epochs: number;
    readonly hashBits: number;
    readonly folds: number;
    readonly seed: number;
    readonly mergeAdjacent: boolean;
    readonly threshold: number | null;
  };
  /** One decision per span label, labels sorted. */
  readonly labels: readonly (LinearDecision & { readonly label: string })[];
  /** One decision per document-label value seen in training, sorted by (group, value). */
  readonly documentLabels: readonly (LinearDecision & { readonly group: string; readonly value: string })[];
}

type ResolvedOptions = PassageClassifierModel['options'];

/** A passage's calibrated probability for each label of a model. */
export interface PassageScores {
  readonly start: number;
  readonly end: number;
  /** Probability per label, in the model's label order. */
  readonly scores: Readonly<Record<string, number>>;
}

interface Featurized {
  readonly tokens: Token[];
  readonly passages: Passage[];
  readonly features: Int32Array[];
}

function featurize(text: string, options: ResolvedOptions): Featurized {
  const { tokens, passages } = tokensAndPassages(text, options.unit);
  const forms = wordFormHashes(tokens);
  const mask = (1 << options.hashBits) - 1;
  return { tokens, passages, features: passages.map((p) => passageFeatures(tokens, p.first, p.last, forms, mask)) };
}

/** Which passages spans of each label cover at least `minCoverage` of. */
function passageTargets(example: TrainingExample, data: Featurized, labels: readonly string[], minCoverage: number): Map<string, Uint8Array> {
  const targets = new Map(labels.map((l) => [l, new Uint8Array(data.passages.length)] as const));
  for (const label of labels) {
    const covered = new Uint8Array(data.tokens.length);
    for (const span of example.spans) {
      if (span.label !== label) continue;
      const aligned = alignToTokens(data.tokens, span.start, span.end);
      if (aligned) covered.fill(1, aligned.first, aligned.last);
    }
    const out = targets.get(label) as Uint8Array;
    data.passages.forEach((p, k) => {
      let n = 0;
      for (let i = p.first; i < p.last; i++) n += covered[i] as number;
      if (n > 0 && n >= minCoverage * (p.last - p.first)) out[k] = 1;
    });
  }
  return targets;
}

/**
 * Trains one decision: held-out margins over `folds` (by group), Platt
 * calibration and the F1 threshold fitted on them, then the final weights
 * on everything.
 */
function trainDecision(features: readonly Int32Array[], targets: Uint8Array, groups: Int32Array, groupCount: number, options: ResolvedOptions, seed: number, buffers: PerceptronBuffers): LinearDecision {
  const dim = 1 << options.hashBits;
  const all = features.map((_, i) => i);
  const positives = targets.reduce((n, t) => n + t, 0);
  const k = Math.min(options.folds, groupCount);
  const margins = new Array<number>(features.length).fill(0);
  let heldOut = false;
  if (k >= 2 && positives > 0) {
    const foldOfGroup = assignFolds(groupCount, k, seed);
    for (let fold = 0; fold < k; fold++) {
      const train = all.filter((i) => foldOfGroup[groups[i] as number] !== fold);
      const test = all.filter((i) => foldOfGroup[groups[i] as number] === fold);
      if (train.length === 0 || test.length === 0) continue;
      const weights = trainBinaryPerceptron(features, targets, train, dim, options.epochs, seed + fold + 1, buffers);
      for (const i of test) margins[i] = denseMargin(weights, features[i] as Int32Array, dim);
      heldOut = true;
    }
  }
  const final = trainBinaryPerceptron(features, targets, all, dim, options.epochs, seed, buffers);
  if (!heldOut) for (const i of all) margins[i] = denseMargin(final, features[i] as Int32Array, dim);
  const positive = Array.from(targets, (t) => t === 1);
  const calibration = fitPlatt(margins, positive);
  const threshold = options.threshold ?? (positives === 0 ? 1 : bestF1Threshold(margins.map((m) => calibrate(calibration, m)), positive));
  return { weights: toSparse(final), calibration, threshold, positives };
}

/** The document-label values of an example, as `group\u0000value` keys. */
function documentLabelKeys(labels: DocumentLabels | undefined): string[] {
  if (!labels) return [];
  return Object.entries(labels).flatMap(([group, value]) => (typeof value === 'string' ? [value] : [...value]).map((v) => `${group}\u0000${v}`));
}

function train(options: ResolvedOptions, name: string, only: readonly string[] | undefined, examples: readonly TrainingExample[]): PassageClassifierModel {
  const sorted = [...examples].sort((a, b) => compareStrings(a.document.id, b.document.id));
  const labels = [...new Set(only ?? sorted.flatMap((e) => e.spans.map((s) => s.label)))].sort(compareStrings);
  const digest = new Digest();
  const features: Int32Array[] = [];
  const groups: number[] = [];
  const targets = new Map(labels.map((l) => [l, [] as number[]] as const));
  const documentFeatures: Int32Array[] = [];
  const documentKeys: string[][] = [];
  sorted.forEach((example, docIndex) => {
    digest.add(example.document.id).add(example.document.text);
    for (const s of [...example.spans].sort((a, b) => a.start - b.start || a.end - b.end || compareStrings(a.label, b.label))) digest.addNumber(s.start).addNumber(s.end).add(s.label);
    const keys = documentLabelKeys(example.documentLabels).sort(compareStrings);
    for (const key of keys) digest.add(key);
    const data = featurize(example.document.text, options);
    const perLabel = passageTargets(example, data, labels, options.minCoverage);
    data.features.forEach((f, k) => {
      features.push(f);
      groups.push(docIndex);
      for (const label of labels) (targets.get(label) as number[]).push((perLabel.get(label) as Uint8Array)[k] as number);
    });
    documentFeatures.push(Int32Array.from(new Set(data.features.flatMap((f) => Array.from(f)))).sort());
    documentKeys.push(keys);
  });
  // Few documents: passages are the folds' groups, so held-out margins still exist.
  const passageGroups = sorted.length >= options.folds ? Int32Array.from(groups) : Int32Array.from(groups.keys());
  const groupCount = sorted.length >= options.folds ? sorted.length : groups.length;
  const dim = 1 << options.hashBits;
  const buffers: PerceptronBuffers = { w: new Float64Array(dim + 1), u: new Float64Array(dim + 1), averaged: new Float64Array(dim + 1) };
  const labelDecisions = labels.map((label, index) => ({ label, ...trainDecision(features, Uint8Array.from(targets.get(label) as number[]), passageGroups, groupCount, options, options.seed + 101 * index, buffers) }));
  const valueKeys = [...new Set(documentKeys.flat())].sort(compareStrings);
  const documentGroups = Int32Array.from(sorted.keys());
  const documentLabels = valueKeys.map((key, index) => {
    const [group, value] = key.split('\u0000') as [string, string];
    const docTargets = Uint8Array.from(documentKeys, (keys) => (keys.includes(key) ? 1 : 0));
    return { group, value, ...trainDecision(documentFeatures, docTargets, documentGroups, sorted.length, options, options.seed + 7919 + 101 * index, buffers) };
  });
  return { kind: 'passage-classifier', name, version: modelVersion('passage-classifier', { ...options, labels }, digest), options, labels: labelDecisions, documentLabels };
}

/** Per feature bucket, the weight of each decision (only buckets some decision uses). */
function weightTable(decisions: readonly LinearDecision[], dim: number): { table: Map<number, Float64Array>; bias: Float64Array } {
  const table = new Map<number, Float64Array>();
  const bias = new Float64Array(decisions.length);
  decisions.forEach((d, j) => {
    const { indices, values } = d.weights;
    for (let k = 0; k < indices.length; k++) {
      const f = indices[k] as number;
      if (f === dim) {
        bias[j] = values[k] as number;
        continue;
      }
      let row = table.get(f);
      if (!row) table.set(f, (row = new Float64Array(decisions.length)));
      row[j] = values[k] as number;
    }
  });
  return { table, bias };
}

const tables = new WeakMap<readonly LinearDecision[], ReturnType<typeof weightTable>>();

function marginsOf(decisions: readonly LinearDecision[], dim: number, x: Int32Array): Float64Array {
  let t = tables.get(decisions);
  if (!t) tables.set(decisions, (t = weightTable(decisions, dim)));
  const margins = Float64Array.from(t.bias);
  for (let k = 0; k < x.length; k++) {
    const row = t.table.get(x[k] as number);
    if (row) for (let j = 0; j < row.length; j++) margins[j] = (margins[j] as number) + (row[j] as number);
  }
  return margins;
}

/** Every passage of a document with its calibrated probability per label (for uncertainty sampling). */
export function scorePassages(model: PassageClassifierModel, document: TextDocument): PassageScores[] {
  const data = featurize(document.text, model.options);
  const dim = 1 << model.options.hashBits;
  return data.passages.map((p, k) => {
    const margins = marginsOf(model.labels, dim, data.features[k] as Int32Array);
    return { start: p.start, end: p.end, scores: Object.fromEntries(model.labels.map((d, j) => [d.label, calibrate(d.calibration, margins[j] as number)])) };
  });
}

/** Suggestions of a passage classifier model (for callers holding only the model, e.g. a worker). */
export function predictPassages(model: PassageClassifierModel, document: TextDocument): Suggestion[] {
  const data = featurize(document.text, model.options);
  const dim = 1 << model.options.hashBits;
  const suggestions: Suggestion[] = [];
  const open = new Map<string, { start: number; end: number; sum: number; count: number; margin: number; last: number }>();
  const close = (label: string): void => {
    const run = open.get(label);
    if (!run) return;
    open.delete(label);
    suggestions.push({ start: run.start, end: run.end, label, score: run.sum / run.count, margin: run.margin, recommender: model.name, modelVersion: model.version, explanation: run.count === 1 ? 'passage classified' : `${run.count} adjacent passages classified` });
  };
  data.passages.forEach((p, k) => {
    const margins = marginsOf(model.labels, dim, data.features[k] as Int32Array);
    model.labels.forEach((d, j) => {
      const probability = calibrate(d.calibration, margins[j] as number);
      const run = open.get(d.label);
      if (probability < d.threshold || d.positives === 0) {
        close(d.label);
        return;
      }
      if (run && model.options.mergeAdjacent && run.last === k - 1) {
        run.end = p.end;
        run.sum += probability;
        run.count++;
        run.margin = Math.min(run.margin, probability - d.threshold);
        run.last = k;
        return;
      }
      close(d.label);
      open.set(d.label, { start: p.start, end: p.end, sum: probability, count: 1, margin: probability - d.threshold, last: k });
    });
  });
  for (const label of [...open.keys()]) close(label);
  return finishSuggestions(document.text, suggestions);
}

/** Document labels of a document: a probability for every value seen in training, highest first within each group. */
export function predictDocumentLabels(model: PassageClassifierModel, document: TextDocument): DocumentLabelSuggestion[] {
  const data = featurize(document.text, model.options);
  const x = Int32Array.from(new Set(data.features.flatMap((f) => Array.from(f)))).sort();
  const margins = marginsOf(model.documentLabels, 1 << model.options.hashBits, x);
  return model.documentLabels
    .map((d, j) => ({ group: d.group, value: d.value, score: calibrate(d.calibration, margins[j] as number), recommender: model.name, modelVersion: model.version }))
    .sort((a, b) => compareStrings(a.group, b.group) || b.score - a.score || compareStrings(a.value, b.value));
}

/**
 * The passage classifier with its options.
 *
 * @example
 * const classifier = passageClassifierRecommender({ unit: 'sentence' });
 * const model = classifier.train(examples);
 * classifier.predict(model, { id: 'new', text }); // passages with a label, a calibrated score and a margin
 */
export function passageClassifierRecommender(options: PassageClassifierOptions = {}): Recommender<PassageClassifierModel> & { predictDocumentLabels: typeof predictDocumentLabels; scorePassages: typeof scorePassages } {
  const resolved: ResolvedOptions = {
    unit: options.unit ?? 'sentence',
    minCoverage: options.minCoverage ?? 0.5,
    epochs: options.epochs ?? 10,
    hashBits: options.hashBits ?? 18,
    folds: options.folds ?? 3,
    seed: options.seed ?? 1,
    mergeAdjacent: options.mergeAdjacent ?? false,
    threshold: options.threshold ?? null,
  };
  if (!(resolved.hashBits >= 8 && resolved.hashBits <= 24)) throw new RangeError(`hashBits must be between 8 and 24, not ${resolved.hashBits}`);
  const name = options.name ?? 'passage-classifier';
  return {
    kind: 'passage-classifier',
    train: (examples) => train(resolved, name, options.labels, examples),
    predict: predictPassages,
    predictDocumentLabels,
    scorePassages,
  };
}
