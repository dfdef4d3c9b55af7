/**
 * The tagger: for entity-like labels. Each label has its own model, so
 * spans of different labels may overlap: a sentence-by-sentence BIO tagger
 * (tags O, B, I) trained as a structured averaged perceptron (Collins 2002)
 * over hashed features of each token and its neighbours, decoded with
 * Viterbi.
 *
 * A suggestion's margin is the least, over its tokens (and the token after
 * it), of the score gap between the best tagging and the best tagging that
 * tags that token otherwise (max-marginals); its score is that margin
 * calibrated by Platt scaling on held-out suggestions (k folds over
 * documents): the chance that a suggestion with that margin is exactly an
 * annotated span.
 */
import type { TextDocument } from '@glossa/core';
import { splitSentences } from '@glossa/formats/sentences';
import { alignToTokens, tokenize, type Token } from '@glossa/formats/tokenizer';
import { combineHashes, Digest, hashString, modelVersion } from './digest.js';
import { wordForm } from './features.js';
import { B, Decoder, I, O, START, spansOfTags } from './bio-decoder.js';
import { assignFolds, calibrate, fitPlatt, toSparse, type Calibration, type SparseWeights } from './linear.js';
import { seededRandom, shuffleInPlace } from './random.js';
import { compareStrings, finishSuggestions } from './suggestions.js';
import type { ModelBase, Recommender, Suggestion, TrainingExample } from './types.js';

/** Options of the tagger. */
export interface TaggerOptions {
  /** The recommender's name in suggestions. @default 'tagger' */
  readonly name?: string;
  /** The labels to learn. @default every label of the examples' spans */
  readonly labels?: readonly string[];
  /** Passes over the training sentences. @default 5 */
  readonly epochs?: number;
  /** Features are hashed into 2^hashBits buckets. @default 18 */
  readonly hashBits?: number;
  /** Folds for the held-out suggestions that calibrate scores. @default 2 */
  readonly folds?: number;
  /** Seed of the training order and the folds. @default 1 */
  readonly seed?: number;
}

/** One label's tagger. */
export interface LabelTagger {
  readonly label: string;
  /** Emission weights, index `feature * 3 + tag` (tags O = 0, B = 1, I = 2). */
  readonly weights: SparseWeights;
  /** Transition weights, index `previous * 3 + tag`, previous 3 being the sentence start. */
  readonly transitions: readonly number[];
  readonly calibration: Calibration;
}

/** A tagger model: one BIO tagger per label. */
export interface TaggerModel extends ModelBase<'tagger'> {
  readonly options: { readonly epochs: number; readonly hashBits: number; readonly folds: number; readonly seed: number };
  readonly labels: readonly LabelTagger[];
}

type ResolvedOptions = TaggerModel['options'];

const FEATURES = 11;
const PREFIXES = ['bias', 'w', 'p3', 's3', 'shape', 'w-1', 'w+1', 'w-2', 'w+2', 'w-1|w', 'w|w+1'].map((p) => hashString(p));

function shortShape(text: string): string {
  let shape = '';
  if (/^[\x00-\x7f]*$/.test(text)) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const s = c >= 65 && c <= 90 ? 'X' : c >= 97 && c <= 122 ? 'x' : c >= 48 && c <= 57 ? 'd' : (text[i] as string);
      if (!shape.endsWith(s)) shape += s;
    }
    return shape;
  }
  for (const ch of text) {
    const s = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (!shape.endsWith(s)) shape += s;
  }
  return shape;
}

/** A document prepared for tagging: tokens, sentences and each token's hashed feature buckets. */
interface Prepared {
  readonly tokens: Token[];
  readonly sentences: { first: number; last: number }[];
  /** `FEATURES` buckets per token. */
  readonly features: Int32Array;
}

/** The hashes of a token's own features (word form, prefix, suffix, shape), cached per token text within one document. */
function tokenHashes(text: string, cache: Map<string, Int32Array>): Int32Array {
  let hashes = cache.get(text);
  if (!hashes) {
    const lower = text.toLowerCase();
    hashes = Int32Array.of(hashString(wordForm(text)), hashString(lower.slice(0, 3)), hashString(lower.slice(-3)), hashString(shortShape(text)));
    cache.set(text, hashes);
  }
  return hashes;
}

/** Hash of the word form before the first token and after the last one. */
const BEFORE = 0x5bd1e995;
const AFTER = 0x27d4eb2f;

function prepare(text: string, hashBits: number): Prepared {
  const tokens = tokenize(text);
  const sentences = splitSentences(text, tokens);
  const mask = (1 << hashBits) - 1;
  const cache = new Map<string, Int32Array>();
  const n = tokens.length;
  // Word-form hashes padded with two on each side: token i's is at i + 2.
  const forms = new Int32Array(n + 4).fill(BEFORE, 0, 2).fill(AFTER, n + 2);
  const own: Int32Array[] = new Array<Int32Array>(n);
  for (let i = 0; i < n; i++) {
    const h = tokenHashes((tokens[i] as Token).text, cache);
    own[i] = h;
    forms[i + 2] = h[0] as number;
  }
  const features = new Int32Array(n * FEATURES);
  const p = PREFIXES as readonly number[];
  for (let i = 0; i < n; i++) {
    const h = own[i] as Int32Array;
    const w = forms[i + 2] as number;
    const previous = forms[i + 1] as number;
    const next = forms[i + 3] as number;
    const base = i * FEATURES;
    features[base] = combineHashes(p[0] as number, 0) & mask;
    features[base + 1] = combineHashes(p[1] as number, w) & mask;
    features[base + 2] = combineHashes(p[2] as number, h[1] as number) & mask;
    features[base + 3] = combineHashes(p[3] as number, h[2] as number) & mask;
    features[base + 4] = combineHashes(p[4] as number, h[3] as number) & mask;
    features[base + 5] = combineHashes(p[5] as number, previous) & mask;
    features[base + 6] = combineHashes(p[6] as number, next) & mask;
    features[base + 7] = combineHashes(p[7] as number, forms[i] as number) & mask;
    features[base + 8] = combineHashes(p[8] as number, forms[i + 4] as number) & mask;
    features[base + 9] = combineHashes(p[9] as number, combineHashes(previous, w)) & mask;
    features[base + 10] = combineHashes(p[10] as number, combineHashes(w, next)) & mask;
  }
  return { tokens, sentences, features };
}

/** Gold BIO tags of a label over a document's tokens. */
function goldTags(prepared: Prepared, example: TrainingExample, label: string): Uint8Array {
  const tags = new Uint8Array(prepared.tokens.length);
  const spans = example.spans.filter((s) => s.label === label).sort((a, b) => a.start - b.start || b.end - a.end);
  let reached = -1;
  for (const span of spans) {
    const aligned = alignToTokens(prepared.tokens, span.start, span.end);
    if (!aligned || aligned.first < reached) continue;
    tags[aligned.first] = B;
    tags.fill(I, aligned.first + 1, aligned.last);
    reached = aligned.last;
  }
  return tags;
}

/** Sums the dense emission weights of tokens `[first, first + n)` into `out` (3 per token). */
function denseEmissions(features: Int32Array, first: number, n: number, weights: Float32Array | Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let o = 0;
    let b = 0;
    let inside = 0;
    const base = (first + i) * FEATURES;
    for (let f = 0; f < FEATURES; f++) {
      const k = (features[base + f] as number) * 3;
      o += weights[k] as number;
      b += weights[k + 1] as number;
      inside += weights[k + 2] as number;
    }
    out[i * 3] = o;
    out[i * 3 + 1] = b;
    out[i * 3 + 2] = inside;
  }
}

/** Buffers one training reuses for every label and fold: weights, their sums, the averaged weights, the decoder. */
interface TrainingBuffers {
  readonly w: Float32Array;
  readonly u: Float64Array;
  readonly averaged: Float64Array;
  readonly decoder: Decoder;
}

interface Sequence {
  readonly doc: number;
  readonly first: number;
  readonly last: number;
}

/** Trains one label's emission and transition weights (averaged) on some sentences. */
function trainWeights(docs: readonly Prepared[], gold: readonly Uint8Array[], sequences: readonly Sequence[], options: ResolvedOptions, seed: number, buffers: TrainingBuffers): { weights: Float64Array; transitions: Float64Array } {
  const { w, u, decoder } = buffers;
  w.fill(0);
  u.fill(0);
  const tw = new Float64Array(12);
  const tu = new Float64Array(12);
  const order = [...sequences];
  const random = seededRandom(seed);
  let c = 1;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    let mistakes = 0;
    for (const seq of order) {
      const features = (docs[seq.doc] as Prepared).features;
      const n = seq.last - seq.first;
      decoder.reserve(n);
      denseEmissions(features, seq.first, n, w, decoder.emissions);
      decoder.viterbi(n, tw);
      const predicted = decoder.tags;
      const truth = gold[seq.doc] as Uint8Array;
      for (let i = 0; i < n; i++) {
        const g = truth[seq.first + i] as number;
        const p = predicted[i] as number;
        if (g !== p) {
          mistakes++;
          const base = (seq.first + i) * FEATURES;
          for (let f = 0; f < FEATURES; f++) {
            const k = (features[base + f] as number) * 3;
            w[k + g] = (w[k + g] as number) + 1;
            u[k + g] = (u[k + g] as number) + c;
            w[k + p] = (w[k + p] as number) - 1;
            u[k + p] = (u[k + p] as number) - c;
          }
        }
        const gp = i === 0 ? START : (truth[seq.first + i - 1] as number);
        const pp = i === 0 ? START : (predicted[i - 1] as number);
        if (gp !== pp || g !== p) {
          tw[gp * 3 + g] = (tw[gp * 3 + g] as number) + 1;
          tu[gp * 3 + g] = (tu[gp * 3 + g] as number) + c;
          tw[pp * 3 + p] = (tw[pp * 3 + p] as number) - 1;
          tu[pp * 3 + p] = (tu[pp * 3 + p] as number) - c;
        }
      }
      c++;
    }
    // An epoch without a mistake changed nothing, and neither would the epochs left: they only count into the average.
    if (mistakes === 0) {
      c += (options.epochs - epoch - 1) * order.length;
      break;
    }
  }
  // The averaged weights go into a buffer reused by every training run: read them before the next run.
  const weights = buffers.averaged;
  for (let k = 0; k < w.length; k++) weights[k] = (w[k] as number) - (u[k] as number) / c;
  const transitions = new Float64Array(12);
  for (let k = 0; k < 12; k++) transitions[k] = (tw[k] as number) - (tu[k] as number) / c;
  return { weights, transitions };
}

/** Decodes a sentence with dense weights into spans (document token indices) with margins. */
function decodeDense(doc: Prepared, seq: Sequence, weights: Float64Array, transitions: ArrayLike<number>, decoder: Decoder): { first: number; last: number; margin: number }[] {
  const n = seq.last - seq.first;
  decoder.reserve(n);
  denseEmissions(doc.features, seq.first, n, weights, decoder.emissions);
  decoder.viterbi(n, transitions);
  if (!decoder.tags.subarray(0, n).some((t) => t !== O)) return [];
  const margins = decoder.margins(n, transitions);
  return spansOfTags(decoder.tags.subarray(0, n), margins).map((s) => ({ first: s.first + seq.first, last: s.last + seq.first, margin: s.margin }));
}

function train(options: ResolvedOptions, name: string, only: readonly string[] | undefined, examples: readonly TrainingExample[]): TaggerModel {
  const sorted = [...examples].sort((a, b) => compareStrings(a.document.id, b.document.id));
  const labels = [...new Set(only ?? sorted.flatMap((e) => e.spans.map((s) => s.label)))].sort(compareStrings);
  const digest = new Digest();
  for (const e of sorted) {
    digest.add(e.document.id).add(e.document.text);
    for (const s of [...e.spans].sort((a, b) => a.start - b.start || a.end - b.end || compareStrings(a.label, b.label))) digest.addNumber(s.start).addNumber(s.end).add(s.label);
  }
  const docs = sorted.map((e) => prepare(e.document.text, options.hashBits));
  const sequences: Sequence[] = docs.flatMap((d, doc) => d.sentences.map((s) => ({ doc, first: s.first, last: s.last })));
  const byDocument = sorted.length >= options.folds;
  const groupOf = (seq: Sequence, index: number): number => (byDocument ? seq.doc : index);
  const size = (1 << options.hashBits) * 3;
  const buffers: TrainingBuffers = { w: new Float32Array(size), u: new Float64Array(size), averaged: new Float64Array(size), decoder: new Decoder() };
  const taggers = labels.map((label, labelIndex): LabelTagger => {
    const gold = docs.map((d, i) => goldTags(d, sorted[i] as TrainingExample, label));
    const seed = options.seed + 101 * labelIndex;
    const margins: number[] = [];
    const correct: boolean[] = [];
    const k = Math.min(options.folds, byDocument ? sorted.length : sequences.length);
    if (k >= 2) {
      const folds = assignFolds(byDocument ? sorted.length : sequences.length, k, seed);
      for (let fold = 0; fold < k; fold++) {
        const trainOn = sequences.filter((s, i) => folds[groupOf(s, i)] !== fold);
        const test = sequences.filter((s, i) => folds[groupOf(s, i)] === fold);
        if (trainOn.length === 0 || test.length === 0) continue;
        const { weights, transitions } = trainWeights(docs, gold, trainOn, options, seed + fold + 1, buffers);
        for (const seq of test) {
          const truth = gold[seq.doc] as Uint8Array;
          for (const span of decodeDense(docs[seq.doc] as Prepared, seq, weights, transitions, buffers.decoder)) {
            margins.push(span.margin);
            correct.push(truth[span.first] === B && (span.last >= truth.length || truth[span.last] !== I) && truth.subarray(span.first + 1, span.last).every((t) => t === I));
          }
        }
      }
    }
    const { weights, transitions } = trainWeights(docs, gold, sequences, options, seed, buffers);
    const calibration = margins.length > 0 && correct.some(Boolean) ? fitPlatt(margins, correct) : { a: 1, b: 0 };
    return { label, weights: toSparse(weights), transitions: Array.from(transitions, (t) => Number(t.toPrecision(6))), calibration };
  });
  return { kind: 'tagger', name, version: modelVersion('tagger', { ...options, labels }, digest), options, labels: taggers };
}

/** Per feature bucket, where its emission weights of every label (3 per label) start in `rows`, or -1 when no label weighs it. */
interface EmissionTable {
  readonly rowOf: Int32Array;
  readonly rows: Float64Array;
}

const tables = new WeakMap<TaggerModel, EmissionTable>();

function tableOf(model: TaggerModel): EmissionTable {
  let table = tables.get(model);
  if (table) return table;
  const width = model.labels.length * 3;
  const rowOf = new Int32Array(1 << model.options.hashBits).fill(-1);
  let used = 0;
  for (const tagger of model.labels) {
    for (const index of tagger.weights.indices) {
      const bucket = Math.floor(index / 3);
      if (rowOf[bucket] === -1) rowOf[bucket] = width * used++;
    }
  }
  const rows = new Float64Array(width * used);
  model.labels.forEach((tagger, j) => {
    const { indices, values } = tagger.weights;
    for (let k = 0; k < indices.length; k++) {
      const index = indices[k] as number;
      rows[(rowOf[Math.floor(index / 3)] as number) + j * 3 + (index % 3)] = values[k] as number;
    }
  });
  table = { rowOf, rows };
  tables.set(model, table);
  return table;
}

/** Suggestions of a tagger model (for callers holding only the model, e.g. a worker). */
export function predictTags(model: TaggerModel, document: TextDocument): Suggestion[] {
  const doc = prepare(document.text, model.options.hashBits);
  const { rowOf, rows } = tableOf(model);
  const width = model.labels.length * 3;
  const suggestions: Suggestion[] = [];
  const decoder = new Decoder();
  let emissions = new Float64Array(0);
  for (const sentence of doc.sentences) {
    const n = sentence.last - sentence.first;
    // Emissions of every label for the sentence, summed once.
    if (emissions.length < n * width) emissions = new Float64Array(Math.max(n * width, emissions.length * 2));
    emissions.fill(0, 0, n * width);
    for (let i = 0; i < n; i++) {
      const base = (sentence.first + i) * FEATURES;
      const out = i * width;
      for (let f = 0; f < FEATURES; f++) {
        const row = rowOf[doc.features[base + f] as number] as number;
        if (row < 0) continue;
        for (let k = 0; k < width; k++) emissions[out + k] = (emissions[out + k] as number) + (rows[row + k] as number);
      }
    }
    decoder.reserve(n);
    model.labels.forEach((tagger, j) => {
      const e = decoder.emissions;
      for (let i = 0; i < n; i++) {
        const from = i * width + j * 3;
        e[i * 3] = emissions[from] as number;
        e[i * 3 + 1] = emissions[from + 1] as number;
        e[i * 3 + 2] = emissions[from + 2] as number;
      }
      decoder.viterbi(n, tagger.transitions);
      const tags = decoder.tags.subarray(0, n);
      if (!tags.some((t) => t !== O)) return;
      for (const span of spansOfTags(tags, decoder.margins(n, tagger.transitions))) {
        suggestions.push({
          start: (doc.tokens[sentence.first + span.first] as Token).start,
          end: (doc.tokens[sentence.first + span.last - 1] as Token).end,
          label: tagger.label,
          score: calibrate(tagger.calibration, span.margin),
          margin: span.margin,
          recommender: model.name,
          modelVersion: model.version,
        });
      }
    });
  }
  return finishSuggestions(document.text, suggestions);
}

/**
 * The tagger with its options.
 *
 * @example
 * const tagger = taggerRecommender({ labels: ['organization'] });
 * const model = tagger.train(examples);
 * tagger.predict(model, { id: 'new', text }); // spans with a calibrated score and a margin
 */
export function taggerRecommender(options: TaggerOptions = {}): Recommender<TaggerModel> {
  const resolved: ResolvedOptions = { epochs: options.epochs ?? 5, hashBits: options.hashBits ?? 18, folds: options.folds ?? 2, seed: options.seed ?? 1 };
  if (!(resolved.hashBits >= 8 && resolved.hashBits <= 22)) throw new RangeError(`hashBits must be between 8 and 22, not ${resolved.hashBits}`);
  const name = options.name ?? 'tagger';
  return { kind: 'tagger', train: (examples) => train(resolved, name, options.labels, examples), predict: predictTags };
}
