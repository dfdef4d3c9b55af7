/**
 * Agreement: `computeAgreement` for three annotators over one million
 * character units, beside a single pass over the same units that only counts
 * the units some annotator covers.
 */
import { computeAgreement, type AgreementDocument, type AgreementSpan } from '@glossa/core';
import { seededRandom, timeIt, type BenchResult, type BenchSuite } from '../harness.js';

const LABELS = ['militarization', 'prevention', 'punishment', 'community', 'corruption', 'human-rights', 'drugs', 'boilerplate'];
const ANNOTATORS = ['ana', 'ben', 'cy'];

/** A text of words (3–8 letters, an accented one now and then) with about `units` non-whitespace code points. */
function makeText(units: number, random: () => number): string {
  const words: string[] = [];
  let count = 0;
  while (count < units) {
    const length = 3 + Math.floor(random() * 6);
    let word = '';
    for (let i = 0; i < length; i++) word += random() < 0.02 ? 'é' : String.fromCharCode(97 + Math.floor(random() * 26));
    words.push(word);
    count += length;
  }
  return words.join(random() < 0.9 ? ' ' : '\n');
}

/** A reference layer covering about a third of the text with spans of 2–60 characters. */
function referenceLayer(text: string, random: () => number): AgreementSpan[] {
  const spans: AgreementSpan[] = [];
  let pos = Math.floor(random() * 40);
  while (pos < text.length - 2) {
    const length = 2 + Math.floor(random() * 59);
    const end = Math.min(text.length, pos + length);
    spans.push({ start: pos, end, label: LABELS[Math.floor(random() * LABELS.length)] as string });
    pos = end + Math.floor(random() * 120);
  }
  return spans;
}

/** Another annotator's take: boundaries moved by up to 3, a few spans dropped, relabeled or added. */
function perturb(spans: readonly AgreementSpan[], textLength: number, random: () => number): AgreementSpan[] {
  const out: AgreementSpan[] = [];
  const clamp = (n: number): number => Math.max(0, Math.min(textLength, n));
  for (const span of spans) {
    if (random() < 0.05) continue;
    const start = clamp(span.start + Math.floor(random() * 7) - 3);
    const end = Math.max(start + 1, clamp(span.end + Math.floor(random() * 7) - 3));
    const label = random() < 0.1 ? (LABELS[Math.floor(random() * LABELS.length)] as string) : span.label;
    out.push({ start, end: Math.min(end, textLength), label });
    if (random() < 0.03) {
      const extra = clamp(Math.floor(random() * textLength));
      out.push({ start: extra, end: clamp(extra + 5), label });
    }
  }
  return out;
}

function makeCorpus(documents: number, unitsPerDocument: number): AgreementDocument[] {
  const random = seededRandom(20240601);
  return Array.from({ length: documents }, (_, i) => {
    const text = makeText(unitsPerDocument, random);
    const reference = referenceLayer(text, random);
    const layers = Object.fromEntries(ANNOTATORS.map((a, k) => [a, k === 0 ? reference : perturb(reference, text.length, random)]));
    return { id: `doc-${String(i).padStart(3, '0')}`, text, layers };
  });
}

/** The baseline: one pass over every document's units, counting those some annotator covers. */
function countCoveredUnits(corpus: readonly AgreementDocument[]): number {
  let covered = 0;
  for (const doc of corpus) {
    const marks = new Uint8Array(doc.text.length);
    for (const layer of Object.values(doc.layers)) for (const span of layer) marks.fill(1, span.start, span.end);
    for (let i = 0; i < doc.text.length; i++) {
      const code = doc.text.charCodeAt(i);
      if (code !== 0x20 && code !== 0x0a && marks[i] === 1) covered++;
    }
  }
  return covered;
}

/** Keeps a result alive so the timed work cannot be optimized away. */
let sink = 0;

function agreementOverUnits(documents: number, unitsPerDocument: number): BenchResult {
  const corpus = makeCorpus(documents, unitsPerDocument);
  const units = computeAgreement({ documents: corpus }).units;
  const value = timeIt(() => {
    sink += computeAgreement({ documents: corpus }).units;
  }, 2000);
  const baseline = timeIt(() => {
    sink += countCoveredUnits(corpus);
  }, 500);
  const millions = (units / 1e6).toFixed(1);
  return {
    name: `computeAgreement, 3 annotators, ${LABELS.length} labels, ${millions}M char units`,
    value,
    baselineName: 'one pass counting covered units',
    baseline,
    unit: 'ms',
    lowerIsBetter: true,
    goal: '≤ 1,000 ms',
    met: value <= 1000,
  };
}

/** The `agreement` benchmark suite. */
export const suite: BenchSuite = {
  name: 'agreement',
  async run() {
    const result = agreementOverUnits(100, 10_000);
    if (sink < 0) throw new Error('unreachable');
    return [result];
  },
};
