/**
 * Suggestions: training and prediction speed of the built-in recommenders
 * on generated text, and their quality on the gold layer of the seed corpus.
 *
 * - Training the passage classifier and the tagger on 50k tokens, each beside
 *   a one-pass counting learner over the same tokens and features (naive
 *   Bayes counts of the classifier's hashed passage features; a
 *   most-frequent-tag-per-word BIO tagger), so the ratio is the price of
 *   the perceptron epochs, the held-out calibration and the thresholds.
 * - Prediction throughput of every recommender beside the tokenizer and
 *   sentence splitter alone over the same text: the floor any prediction pays.
 * - On `seeds/gold.jsonl`: leave-one-document-out F1 (overlap and exact, as
 *   the agreement measures) of each trainable recommender beside a baseline
 *   that suggests random sentences with the labels' frequencies in the
 *   training folds (mean of 5 seeds); and an active-learning simulation over
 *   the sentences (uncertainty × novelty against random order, 5 seeds).
 *
 * Timed pairs are warmed up and measured in alternating rounds; the best
 * round counts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabeledSpan } from '@glossa/core';
import { parseJsonl, splitSentences, tokenize, type Token } from '@glossa/formats';
import {
  crossValidate,
  documentUncertainty,
  evaluateSpans,
  NoveltyIndex,
  parsePatternFile,
  passageClassifierRecommender,
  patternsRecommender,
  selectBatch,
  stringMatchRecommender,
  taggerRecommender,
  type EvaluatedDocument,
  type RecommenderConfig,
  type TrainingExample,
} from '@glossa/suggest';
import { seededRandom, type BenchResult, type BenchSuite } from '../harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------
// Generated corpus: policy-like sentences, some about one of eight themes,
// with names and places among them.

const THEMES: Record<string, string[]> = {
  militarization: ['soldiers', 'army', 'troops', 'military', 'barracks', 'generals', 'marines', 'armed', 'forces', 'deployment'],
  'police-professionalization': ['police', 'officers', 'training', 'academy', 'salaries', 'certification', 'career', 'standards', 'recruits', 'ranks'],
  'intelligence-technology': ['cameras', 'drones', 'data', 'analysis', 'software', 'centres', 'mapping', 'surveillance', 'platform', 'C5'],
  'resources-budget': ['budget', 'funds', 'pesos', 'spending', 'taxes', 'investment', 'grants', 'millions', 'allocation', 'resources'],
  'justice-reform': ['courts', 'judges', 'prosecutors', 'trials', 'impunity', 'sentences', 'defenders', 'prisons', 'justice', 'reform'],
  'social-prevention': ['youth', 'schools', 'sports', 'jobs', 'families', 'addiction', 'programmes', 'neighbourhoods', 'prevention', 'culture'],
  'anti-corruption': ['corruption', 'bribes', 'audits', 'transparency', 'accountability', 'collusion', 'integrity', 'oversight', 'complaints', 'graft'],
  'crime-statistics': ['homicides', 'rate', 'percent', 'figures', 'statistics', 'victims', 'robberies', 'extortion', 'increase', 'decline'],
};
const FILLER = 'the a of in to and said that was for on with as by at from its will more than new city government state plan this has been their which would also year president mayor country public security'.split(' ');
const NAMES = ['Clara Luz Flores', 'National Guard', 'Miraflores', 'Escobedo', 'Nuevo León', 'Carlos Canales', 'Lima', 'Mexico City', 'Sinaloa'];

/** Seeded documents of about `tokens` tokens (word tokens and periods), with theme and name spans. */
function generate(tokens: number, seed: number): TrainingExample[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const themes = Object.keys(THEMES);
  const docs: TrainingExample[] = [];
  let count = 0;
  while (count < tokens) {
    let text = '';
    const spans: LabeledSpan[] = [];
    for (let s = 0; s < 40 && count < tokens; s++) {
      const theme = random() < 0.55 ? pick(themes) : undefined;
      const start = text.length;
      const words = 12 + Math.floor(random() * 14);
      let sentence = '';
      for (let w = 0; w < words; w++) {
        if (w > 0) sentence += ' ';
        if (random() < 0.05) {
          const name = pick(NAMES);
          spans.push({ start: start + sentence.length, end: start + sentence.length + name.length, label: 'name' });
          sentence += name;
          count += name.split(' ').length;
          continue;
        }
        const word = theme !== undefined && random() < 0.3 ? pick(THEMES[theme] as string[]) : pick(FILLER);
        sentence += w === 0 ? (word[0] as string).toUpperCase() + word.slice(1) : word;
        count++;
      }
      sentence += '.';
      count++;
      if (theme !== undefined) spans.push({ start, end: start + sentence.length, label: theme });
      text += sentence + (s % 8 === 7 ? '\n' : ' ');
    }
    docs.push({ document: { id: `doc-${String(docs.length).padStart(4, '0')}`, text }, spans });
  }
  return docs;
}

function tokenCount(docs: readonly TrainingExample[]): number {
  return docs.reduce((n, d) => n + tokenize(d.document.text).length, 0);
}

/** Runs two workloads after a warm-up, alternating for `rounds`, and returns the best time of each in ms. */
function bestOfPair(ours: () => void, baseline: () => void, rounds: number): { ours: number; baseline: number } {
  ours();
  baseline();
  let best = { ours: Infinity, baseline: Infinity };
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    ours();
    const a = performance.now() - t;
    t = performance.now();
    baseline();
    best = { ours: Math.min(best.ours, a), baseline: Math.min(best.baseline, performance.now() - t) };
  }
  return best;
}

// ---------------------------------------------------------------------------
// Baselines for training: one counting pass over the same input.

const FNV = 0x811c9dc5;
function hash(text: string): number {
  let h = FNV;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Naive Bayes counts: per sentence, its hashed word and word-pair features counted per label of the sentence. */
function countPassageFeatures(docs: readonly TrainingExample[]): number {
  const counts = new Map<string, Float64Array>();
  const mask = (1 << 18) - 1;
  let total = 0;
  for (const doc of docs) {
    const tokens = tokenize(doc.document.text);
    for (const sentence of splitSentences(doc.document.text, tokens)) {
      const first = tokens[sentence.first] as Token;
      const last = tokens[sentence.last - 1] as Token;
      const labels = doc.spans.filter((s) => s.start <= first.start && s.end >= last.end).map((s) => s.label);
      const features: number[] = [];
      let previous = -1;
      for (let i = sentence.first; i < sentence.last; i++) {
        const h = hash((tokens[i] as Token).text.toLowerCase());
        features.push(h & mask);
        if (previous >= 0) features.push((Math.imul(previous, 31) ^ h) & mask);
        previous = h;
      }
      for (const label of labels.length > 0 ? labels : ['']) {
        let row = counts.get(label);
        if (!row) counts.set(label, (row = new Float64Array(mask + 1)));
        for (const f of features) row[f] = (row[f] as number) + 1;
        total += features.length;
      }
    }
  }
  return total;
}

/** A most-frequent-tag-per-word tagger: per label, counts of (word, BIO tag). */
function countWordTags(docs: readonly TrainingExample[], labels: readonly string[]): number {
  const counts = new Map<string, Map<string, Int32Array>>();
  let total = 0;
  for (const doc of docs) {
    const tokens = tokenize(doc.document.text);
    for (const label of labels) {
      let table = counts.get(label);
      if (!table) counts.set(label, (table = new Map()));
      const tags = new Uint8Array(tokens.length);
      for (const span of doc.spans) {
        if (span.label !== label) continue;
        let inside = false;
        tokens.forEach((t, i) => {
          if (t.start >= span.start && t.end <= span.end) {
            tags[i] = inside ? 2 : 1;
            inside = true;
          }
        });
      }
      tokens.forEach((t, i) => {
        const word = t.text.toLowerCase();
        let row = table.get(word);
        if (!row) table.set(word, (row = new Int32Array(3)));
        row[tags[i] as number] = (row[tags[i] as number] as number) + 1;
        total++;
      });
    }
  }
  return total;
}

function trainingBenches(): BenchResult[] {
  const docs = generate(50_000, 1);
  const tokens = tokenCount(docs);
  const classifier = passageClassifierRecommender({ labels: Object.keys(THEMES) });
  const classifierTimes = bestOfPair(
    () => void classifier.train(docs),
    () => void countPassageFeatures(docs),
    3,
  );
  const tagger = taggerRecommender({ labels: ['name', ...Object.keys(THEMES).slice(0, 3)] });
  const taggerTimes = bestOfPair(
    () => void tagger.train(docs),
    () => void countWordTags(docs, ['name', ...Object.keys(THEMES).slice(0, 3)]),
    3,
  );
  const k = `${Math.round(tokens / 1000)}k`;
  return [
    {
      name: `train passage-classifier, ${k} tokens, 8 labels (10 epochs, 3-fold calibration)`,
      value: classifierTimes.ours,
      baselineName: 'naive Bayes counts of the same hashed features',
      baseline: classifierTimes.baseline,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ 2,000 ms',
      met: classifierTimes.ours <= 2000,
    },
    {
      name: `train tagger, ${k} tokens, 4 labels (5 epochs, 2-fold calibration)`,
      value: taggerTimes.ours,
      baselineName: 'most-frequent-tag-per-word counts',
      baseline: taggerTimes.baseline,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ 2,000 ms',
      met: taggerTimes.ours <= 2000,
    },
  ];
}

function predictionBenches(): BenchResult[] {
  const training = generate(50_000, 1);
  const docs = generate(200_000, 2);
  const tokens = tokenCount(docs);
  const rules = parsePatternFile(
    [
      '{"label": "name", "pattern": [{"IS_TITLE": true}, {"IS_TITLE": true, "OP": "+"}]}',
      '{"label": "resources-budget", "pattern": [{"LIKE_NUM": true}, {"LOWER": {"IN": ["pesos", "millions"]}}]}',
      '{"label": "militarization", "pattern": "National Guard"}',
    ].join('\n'),
  );
  if (!rules.ok) throw new Error('bench rules');
  const cases = [
    { name: 'passage-classifier', recommender: passageClassifierRecommender({ labels: Object.keys(THEMES) }), goal: true },
    { name: 'tagger', recommender: taggerRecommender({ labels: ['name', ...Object.keys(THEMES).slice(0, 3)] }), goal: true },
    { name: 'string-match', recommender: stringMatchRecommender({ caseInsensitive: true }), goal: false },
    { name: 'patterns', recommender: patternsRecommender({ rules: rules.value }), goal: false },
  ] as const;
  const floor = (): void => {
    for (const d of docs) splitSentences(d.document.text, tokenize(d.document.text));
  };
  return cases.map(({ name, recommender, goal }) => {
    const model = (recommender.train as (e: readonly TrainingExample[]) => unknown)(training);
    const predict = recommender.predict as (m: unknown, d: TrainingExample['document']) => unknown[];
    const times = bestOfPair(
      () => {
        for (const d of docs) predict(model, d.document);
      },
      floor,
      3,
    );
    const value = tokens / (times.ours / 1000);
    return {
      name: `predict ${name}, ${Math.round(tokens / 1000)}k tokens`,
      value,
      baselineName: 'tokenizer + sentence splitter alone',
      baseline: tokens / (times.baseline / 1000),
      unit: 'tokens/s',
      lowerIsBetter: false,
      ...(goal ? { goal: '≥ 100k tokens/s', met: value >= 100_000 } : {}),
    };
  });
}

// ---------------------------------------------------------------------------
// The gold layer of the seed corpus.

/** The gold spans of `seeds/gold.jsonl` as training examples, or undefined when the file is missing. */
function goldExamples(): TrainingExample[] | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(root, 'seeds/gold.jsonl'), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseJsonl(text, { file: 'seeds/gold.jsonl' });
  if (parsed.issues.length > 0) throw new Error(`seeds/gold.jsonl: ${parsed.issues.map((i) => i.message).join('; ')}`);
  return parsed.documents.map((d) => ({ document: { id: d.id, text: d.text }, spans: d.spans.filter((s) => s.layer === 'gold').map((s) => ({ start: s.start, end: s.end, label: s.label })) }));
}

/** Sentences of a text as spans. */
function sentenceRanges(text: string): { start: number; end: number }[] {
  const tokens = tokenize(text);
  return splitSentences(text, tokens).map((s) => ({ start: (tokens[s.first] as Token).start, end: (tokens[s.last - 1] as Token).end }));
}

/** Whether spans of a label cover at least half of a range. */
function covers(spans: readonly LabeledSpan[], label: string, range: { start: number; end: number }): boolean {
  let covered = 0;
  for (const s of spans) if (s.label === label) covered += Math.max(0, Math.min(s.end, range.end) - Math.max(s.start, range.start));
  return covered * 2 >= range.end - range.start && covered > 0;
}

/** Leave-one-document-out F1 of the random-sentence baseline, mean over seeds. */
function randomSentenceBaseline(examples: readonly TrainingExample[], seeds: readonly number[]): { exact: number; overlap: number } {
  const results = seeds.map((seed) => {
    const random = seededRandom(seed);
    const evaluated: EvaluatedDocument[] = examples.map((held) => {
      const training = examples.filter((e) => e !== held);
      const sentences = training.flatMap((e) => sentenceRanges(e.document.text).map((r) => ({ ...r, spans: e.spans })));
      const labels = [...new Set(training.flatMap((e) => e.spans.map((s) => s.label)))].sort();
      const frequency = new Map(labels.map((l) => [l, sentences.filter((s) => covers(s.spans, l, s)).length / sentences.length] as const));
      const predicted = sentenceRanges(held.document.text).flatMap((r) => labels.filter((l) => random() < (frequency.get(l) as number)).map((label) => ({ ...r, label })));
      return { predicted, reference: held.spans };
    });
    const report = evaluateSpans(evaluated, 'random');
    return { exact: report.micro.exact.f1 ?? 0, overlap: report.micro.overlap.f1 ?? 0 };
  });
  return { exact: results.reduce((s, r) => s + r.exact, 0) / results.length, overlap: results.reduce((s, r) => s + r.overlap, 0) / results.length };
}

function goldQualityBenches(examples: readonly TrainingExample[]): BenchResult[] {
  const seeds = [1, 2, 3, 4, 5];
  const baseline = randomSentenceBaseline(examples, seeds);
  const configs: RecommenderConfig[] = [{ kind: 'string-match', caseInsensitive: true }, { kind: 'passage-classifier' }, { kind: 'passage-classifier', name: 'passage-classifier (clauses)', unit: 'clause' }, { kind: 'tagger' }];
  const folds = examples.length;
  return configs.flatMap((config) => {
    const report = crossValidate(config, examples, { folds });
    const name = config.name ?? config.kind;
    const overlap = report.micro.overlap.f1 ?? 0;
    const { predicted, reference } = report.micro.overlap;
    // What the recommender could reach on these documents if every suggestion it makes were right.
    const ceiling = predicted + reference === 0 ? 0 : (2 * Math.min(predicted, reference)) / (predicted + reference);
    const ceilingRow: BenchResult[] =
      config.kind === 'string-match'
        ? [
            {
              name: `gold seeds, ${name}: F1 if all of its ${predicted} suggestions were right (${reference} gold spans)`,
              value: ceiling,
              baselineName: 'random sentences at the labels’ frequencies (mean of 5 seeds)',
              baseline: baseline.overlap,
              unit: 'F1',
              lowerIsBetter: false,
            },
          ]
        : [];
    return [
      ...ceilingRow,
      {
        name: `gold seeds, ${name}: leave-one-document-out F1 (overlap)`,
        value: overlap,
        baselineName: 'random sentences at the labels’ frequencies (mean of 5 seeds)',
        baseline: baseline.overlap,
        unit: 'F1',
        lowerIsBetter: false,
        goal: 'beat the baseline',
        met: overlap > baseline.overlap,
      },
      {
        name: `gold seeds, ${name}: leave-one-document-out F1 (exact)`,
        value: report.micro.exact.f1 ?? 0,
        baselineName: 'random sentences at the labels’ frequencies (mean of 5 seeds)',
        baseline: baseline.exact,
        unit: 'F1',
        lowerIsBetter: false,
      },
    ];
  });
}

// ---------------------------------------------------------------------------
// Active learning over the gold sentences.

interface Unit {
  readonly example: TrainingExample;
}

/** Every sentence of the gold documents as its own example, the gold spans clipped to it. */
function sentenceUnits(examples: readonly TrainingExample[]): Unit[] {
  return examples.flatMap((e) =>
    sentenceRanges(e.document.text).map((r, k) => ({
      example: {
        document: { id: `${e.document.id}#${String(k).padStart(4, '0')}`, text: e.document.text.slice(r.start, r.end) },
        spans: e.spans.filter((s) => s.start < r.end && s.end > r.start).map((s) => ({ start: Math.max(s.start, r.start) - r.start, end: Math.min(s.end, r.end) - r.start, label: s.label })),
      },
    })),
  );
}

/** Sentence-level micro F1 on test units: a sentence has a label when the label's spans cover half of it. */
function sentenceF1(model: ReturnType<ReturnType<typeof passageClassifierRecommender>['train']>, classifier: ReturnType<typeof passageClassifierRecommender>, test: readonly Unit[], labels: readonly string[]): number {
  let matches = 0;
  let predicted = 0;
  let reference = 0;
  for (const unit of test) {
    const whole = { start: 0, end: unit.example.document.text.length };
    const gold = new Set(labels.filter((l) => covers(unit.example.spans, l, whole)));
    const guessed = new Set(classifier.predict(model, unit.example.document).map((s) => s.label));
    predicted += guessed.size;
    reference += gold.size;
    for (const l of guessed) if (gold.has(l)) matches++;
  }
  return predicted + reference === 0 ? 0 : (2 * matches) / (predicted + reference);
}

/**
 * One simulated annotation run: starting from `batch` random sentences, a
 * batch at a time is annotated (random order, or highest uncertainty ×
 * novelty under the model trained so far); returns F1 on the test sentences
 * after each batch.
 */
function learningCurve(pool: readonly Unit[], test: readonly Unit[], labels: readonly string[], strategy: 'random' | 'usefulness', seed: number, batch: number): number[] {
  const random = seededRandom(seed);
  const classifier = passageClassifierRecommender({ labels, hashBits: 14, epochs: 8 });
  const index = new NoveltyIndex(pool.map((u) => ({ id: u.example.document.id, text: u.example.document.text })));
  const remaining = new Map(pool.map((u) => [u.example.document.id, u] as const));
  const annotated: Unit[] = [];
  const take = (id: string): void => {
    const unit = remaining.get(id) as Unit;
    remaining.delete(id);
    annotated.push(unit);
    index.markAnnotated(id);
  };
  const randomIds = (n: number): string[] => {
    const ids = [...remaining.keys()].sort();
    const chosen: string[] = [];
    for (let k = 0; k < n && ids.length > 0; k++) chosen.push(ids.splice(Math.floor(random() * ids.length), 1)[0] as string);
    return chosen;
  };
  for (const id of randomIds(batch)) take(id);
  const curve: number[] = [];
  for (;;) {
    const model = classifier.train(annotated.map((u) => u.example));
    curve.push(sentenceF1(model, classifier, test, labels));
    if (remaining.size === 0) return curve;
    if (strategy === 'random') {
      for (const id of randomIds(batch)) take(id);
      continue;
    }
    const candidates = [...remaining.values()].map((u) => {
      const [scores] = classifier.scorePassages(model, { id: u.example.document.id, text: u.example.document.text });
      // A sentence is as uncertain as its most uncertain label.
      const values = Object.values(scores?.scores ?? {});
      return { id: u.example.document.id, uncertainty: values.length === 0 ? 1 : Math.max(...values.map((p) => documentUncertainty([p]))) };
    });
    for (const picked of selectBatch(candidates, index, batch)) take(picked.id);
  }
}

function activeLearningBench(examples: readonly TrainingExample[]): BenchResult[] {
  const units = sentenceUnits(examples);
  const labels = [...new Set(examples.flatMap((e) => e.spans.map((s) => s.label)))].sort();
  const batch = 20;
  const curves: { random: number[]; usefulness: number[] }[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    // A seeded third of the sentences is the test set; the rest is the pool.
    const random = seededRandom(1000 + seed);
    const shuffled = [...units].map((u) => ({ u, r: random() })).sort((a, b) => a.r - b.r);
    const test = shuffled.slice(0, Math.floor(units.length / 3)).map((x) => x.u);
    const pool = shuffled.slice(Math.floor(units.length / 3)).map((x) => x.u);
    const randomCurve = learningCurve(pool, test, labels, 'random', seed, batch);
    const usefulCurve = learningCurve(pool, test, labels, 'usefulness', seed, batch);
    curves.push({ random: randomCurve, usefulness: usefulCurve });
  }
  // Learning curves averaged over the seeds; the target is the mean F1 of random order with half the pool annotated.
  const mean = (pick: (c: { random: number[]; usefulness: number[] }) => number[]): number[] => {
    const length = Math.min(...curves.map((c) => pick(c).length));
    return Array.from({ length }, (_, i) => curves.reduce((sum, c) => sum + (pick(c)[i] as number), 0) / curves.length);
  };
  const randomMean = mean((c) => c.random);
  const usefulMean = mean((c) => c.usefulness);
  const target = randomMean[Math.ceil(randomMean.length / 2) - 1] as number;
  // Annotations from which on a curve stays at or above the target: a noisy curve that touches it once, early, has not reached it.
  const reach = (curve: readonly number[]): number => {
    let from = curve.length;
    while (from > 0 && (curve[from - 1] as number) >= target) from--;
    return (from + 1) * batch;
  };
  const area = (curve: readonly number[]): number => curve.reduce((sum, f) => sum + f, 0) / curve.length;
  const useful = reach(usefulMean);
  const randomOrder = reach(randomMean);
  const setting = `${units.length} sentences, a third held out, batches of ${batch}, curves averaged over 5 seeds`;
  return [
    {
      name: `gold seeds, active learning: sentences annotated until the mean F1 stays at or above what random order has at half the pool (${setting})`,
      value: useful,
      baselineName: 'random order',
      baseline: randomOrder,
      unit: 'sentences',
      lowerIsBetter: true,
      goal: '≥ 20% fewer',
      met: useful <= 0.8 * randomOrder,
    },
    {
      name: `gold seeds, active learning: mean F1 over the learning curve (${setting})`,
      value: area(usefulMean),
      baselineName: 'random order',
      baseline: area(randomMean),
      unit: 'F1',
      lowerIsBetter: false,
    },
  ];
}

export const suite: BenchSuite = {
  name: 'suggest',
  async run() {
    const results = [...trainingBenches(), ...predictionBenches()];
    const gold = goldExamples();
    if (gold === undefined) process.stderr.write('bench suggest: seeds/gold.jsonl not found; the gold-seed figures are skipped\n');
    else results.push(...goldQualityBenches(gold), ...activeLearningBench(gold));
    return results;
  },
};
