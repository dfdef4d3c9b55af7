/**
 * Linear models shared by the trainable recommenders: the averaged
 * perceptron over hashed sparse features, Platt calibration of its margins,
 * the decision threshold that maximizes F1, and the sparse form weights
 * take in a model.
 *
 * @internal
 */
import { seededRandom, shuffleInPlace } from './random.js';

/** Weights in a model: the non-zero entries of a weight vector, indices ascending. */
export interface SparseWeights {
  readonly indices: readonly number[];
  readonly values: readonly number[];
}

/** A logistic map from a margin to a probability: `1 / (1 + exp(-(a·margin + b)))`. */
export interface Calibration {
  readonly a: number;
  readonly b: number;
}

/** The sparse form of a dense vector (values rounded to 6 significant digits, so models stay small and stable). */
export function toSparse(dense: Float64Array): SparseWeights {
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < dense.length; i++) {
    const v = dense[i] as number;
    if (v !== 0) {
      const rounded = Number(v.toPrecision(6));
      if (rounded !== 0) {
        indices.push(i);
        values.push(rounded);
      }
    }
  }
  return { indices, values };
}

/** The logistic function. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Applies a calibration to a margin. */
export function calibrate(calibration: Calibration, margin: number): number {
  return sigmoid(calibration.a * margin + calibration.b);
}

/** Buffers a training reuses across calls: weights, their sums, and the averaged weights returned. */
export interface PerceptronBuffers {
  readonly w: Float64Array;
  readonly u: Float64Array;
  /** Where the averaged weights are written (and returned): read them before the next call. */
  readonly averaged: Float64Array;
}

/**
 * Trains a binary averaged perceptron. `features[i]` are the active feature
 * indices of instance i (below `dim`); `bias` is an extra always-on feature
 * at index `dim`. Returns the averaged weights (length `dim + 1`); with
 * `buffers`, in `buffers.averaged`. An epoch without a mistake leaves the
 * weights as they are, so every later epoch would too: training stops there
 * and counts the epochs left into the average, which comes out the same.
 */
export function trainBinaryPerceptron(features: readonly Int32Array[], targets: Uint8Array, order: readonly number[], dim: number, epochs: number, seed: number, buffers?: PerceptronBuffers): Float64Array {
  const w = buffers?.w ?? new Float64Array(dim + 1);
  const u = buffers?.u ?? new Float64Array(dim + 1);
  w.fill(0);
  u.fill(0);
  const random = seededRandom(seed);
  const sequence = [...order];
  let c = 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(sequence, random);
    let mistakes = 0;
    for (const i of sequence) {
      const x = features[i] as Int32Array;
      let score = w[dim] as number;
      for (let k = 0; k < x.length; k++) score += w[x[k] as number] as number;
      const y = targets[i] === 1 ? 1 : -1;
      if (y * score <= 0) {
        mistakes++;
        for (let k = 0; k < x.length; k++) {
          const f = x[k] as number;
          w[f] = (w[f] as number) + y;
          u[f] = (u[f] as number) + c * y;
        }
        w[dim] = (w[dim] as number) + y;
        u[dim] = (u[dim] as number) + c * y;
      }
      c++;
    }
    if (mistakes === 0) {
      c += (epochs - epoch - 1) * sequence.length;
      break;
    }
  }
  const averaged = buffers?.averaged ?? new Float64Array(dim + 1);
  for (let f = 0; f <= dim; f++) averaged[f] = (w[f] as number) - (u[f] as number) / c;
  return averaged;
}

/** The margin of a dense weight vector (bias at index `dim`) on an instance. */
export function denseMargin(weights: Float64Array, x: Int32Array, dim: number): number {
  let score = weights[dim] as number;
  for (let k = 0; k < x.length; k++) score += weights[x[k] as number] as number;
  return score;
}

function logLoss(margins: readonly number[], t: readonly number[], a: number, b: number): number {
  let loss = 0;
  for (let i = 0; i < margins.length; i++) {
    const z = a * (margins[i] as number) + b;
    // -[t log σ(z) + (1 - t) log(1 - σ(z))], written stably.
    loss += Math.max(z, 0) - z * (t[i] as number) + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return loss;
}

/**
 * Platt scaling (with the target smoothing and Newton steps of Lin, Lin and
 * Weng, 2007): fits `a`, `b` so that `σ(a·margin + b)` estimates the chance
 * that an instance with that margin is positive.
 */
export function fitPlatt(margins: readonly number[], positive: readonly boolean[]): Calibration {
  const n1 = positive.filter(Boolean).length;
  const n0 = positive.length - n1;
  const hi = (n1 + 1) / (n1 + 2);
  const lo = 1 / (n0 + 2);
  const t = positive.map((p) => (p ? hi : lo));
  let a = 0;
  let b = Math.log((n1 + 1) / (n0 + 1));
  let loss = logLoss(margins, t, a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < margins.length; i++) {
      const m = margins[i] as number;
      const p = sigmoid(a * m + b);
      const d = p - (t[i] as number);
      const w = p * (1 - p);
      ga += d * m;
      gb += d;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    }
    if (Math.abs(ga) < 1e-7 && Math.abs(gb) < 1e-7) break;
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    let step = 1;
    let improved = false;
    while (step >= 1e-8) {
      const candidate = logLoss(margins, t, a + step * da, b + step * db);
      if (candidate < loss - 1e-12) {
        a += step * da;
        b += step * db;
        loss = candidate;
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  return { a, b };
}

/**
 * The probability threshold that maximizes F1 on held-out predictions
 * (the midpoint between the last kept and the first dropped probability);
 * 0.5 when no threshold finds a positive.
 */
export function bestF1Threshold(probabilities: readonly number[], positive: readonly boolean[]): number {
  const order = probabilities.map((p, i) => i).sort((x, y) => (probabilities[y] as number) - (probabilities[x] as number));
  const totalPositive = positive.filter(Boolean).length;
  if (totalPositive === 0) return 0.5;
  let tp = 0;
  let best = 0;
  let threshold = 0.5;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (positive[i]) tp++;
    const p = probabilities[i] as number;
    const next = k + 1 < order.length ? (probabilities[order[k + 1] as number] as number) : 0;
    if (next === p) continue;
    const f1 = (2 * tp) / (k + 1 + totalPositive);
    if (f1 > best) {
      best = f1;
      threshold = (p + next) / 2;
    }
  }
  return best === 0 ? 0.5 : threshold;
}

/** Splits `count` groups into `k` folds by a seeded shuffle: `fold[i]` is the fold of group i. */
export function assignFolds(count: number, k: number, seed: number): Int32Array {
  const order = shuffleInPlace(
    Array.from({ length: count }, (_, i) => i),
    seededRandom(seed),
  );
  const folds = new Int32Array(count);
  order.forEach((group, position) => (folds[group] = position % k));
  return folds;
}
