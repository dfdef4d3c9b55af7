/**
 * Corpus-level inter-annotator agreement: per label, per pair of annotators
 * and per document, from the annotators' layers (`computeAgreement`).
 *
 * Definitions (offsets in the input are UTF-16 code units; units and the
 * unitizing continuum count code points):
 * - Units: with `unit: 'char'`, every code point of a document's text that is
 *   not whitespace; with `unit: 'token'`, the caller's tokens. A document
 *   counts for an annotator when the annotator has a layer for it (possibly
 *   empty), and is compared when at least two selected annotators have one.
 * - Per label L, an annotator's vector over units is 1 where a span of L in
 *   their layer overlaps the unit, else 0; other labels do not matter.
 * - `kappa`: Cohen's κ of two annotators' vectors over the units of the
 *   documents both have; for more annotators, the mean over the pairs where
 *   it is defined.
 * - `fleiss`: Fleiss' κ, categories {0, 1}, over the units of the documents
 *   every selected annotator has.
 * - `alpha`: Krippendorff's α (nominal) over the units of all compared
 *   documents, the value missing where an annotator has no layer.
 * - `alpha_u`: Krippendorff's unitizing α of the label, as DKPro Statistics
 *   computes it, over one continuum of code points (whitespace included):
 *   the documents every selected annotator has, concatenated in order of id
 *   as INCEpTION does. Overlapping spans of one label in one layer are merged.
 * - `f1_exact`, `f1_overlap`: span F1 of a pair (see `spanF1`), matches and
 *   span counts summed over the documents both have, then the mean over pairs.
 * - `support`: the number of spans of the label in the selected layers of
 *   the compared documents. Empty spans are left out of every measure.
 * - `overall`: for each measure, the mean over the labels with support where
 *   the measure is defined.
 * - Discontinuous spans: a span covers the units of its fragments; exact F1
 *   matches spans with the same fragments, overlap F1 compares covering spans.
 * - `relations`: relation F1 (exact and overlap ends, same label and
 *   direction) per relation label and per pair; see `agreement-relations.ts`.
 * Undefined values (no units, or both annotators constant) are `null`.
 */
import { alphaFromCoincidences, binaryFleissKappa, kappaFromCounts } from './agreement-coefficients.js';
import { coveredRanges, prepareAgreementInput, type AgreementInput, type AgreementUnit, type PreparedCorpus, type PreparedDocument, type PreparedSpan } from './agreement-input.js';
import { relationAgreement, type RelationAgreement } from './agreement-relations.js';
import { exactMatchesSorted, f1, meanDefined, overlapMatchesSorted } from './agreement-spans.js';
import { unitizingCategory, type RaterUnits } from './agreement-unitizing.js';
import { OffsetIndex } from './offsets.js';

/** The measures of one label (or their macro-average). `null` where undefined. */
export interface AgreementMeasures {
  readonly kappa: number | null;
  readonly fleiss: number | null;
  readonly alpha: number | null;
  readonly alpha_u: number | null;
  readonly f1_exact: number | null;
  readonly f1_overlap: number | null;
}

/** The measures of one label and its support. */
export interface LabelAgreement extends AgreementMeasures {
  /** Spans of the label in the selected layers of the compared documents. */
  readonly support: number;
}

/** The macro-average of each measure over the labels with support. */
export interface OverallAgreement extends AgreementMeasures {
  /** Spans of all labels in the selected layers of the compared documents. */
  readonly support: number;
  /** How many labels have support. */
  readonly labels: number;
  /**
   * Unitizing α over every label with support at once, as DKPro Statistics
   * reports it for a study: `1 − mean_c D_o,c / mean_c D_e,c`. `alpha_u`
   * beside it is the macro-average of the per-label values.
   */
  readonly alpha_u_pooled: number | null;
}

/** Agreement of one pair of annotators over the documents both have. */
export interface PairAgreement {
  readonly a: string;
  readonly b: string;
  /** Documents both have a layer for. */
  readonly documents: number;
  /** Units of those documents. */
  readonly units: number;
  /** Mean over labels of the pair's per-label κ, where defined. */
  readonly kappa: number | null;
  /** Span F1 over all labels (exact matching). */
  readonly f1_exact: number | null;
  /** Span F1 over all labels (overlap matching). */
  readonly f1_overlap: number | null;
}

/** Agreement within one compared document. */
export interface DocumentAgreement {
  readonly doc: string;
  /** The selected annotators who have a layer for it. */
  readonly annotators: readonly string[];
  readonly units: number;
  /** Mean over labels of the label's κ (mean over pairs) in this document, where defined. */
  readonly kappa: number | null;
  /** Mean over labels of the label's α in this document, where defined. */
  readonly alpha: number | null;
  /** Mean over pairs of the pair's span F1 over all labels in this document. */
  readonly f1_exact: number | null;
  readonly f1_overlap: number | null;
}

/** Everything `computeAgreement` measures; this is what `glossa agreement --json` prints. */
export interface AgreementReport {
  readonly unit: AgreementUnit;
  /** The annotators compared, in the order pairs are formed. */
  readonly annotators: readonly string[];
  /** Documents compared (at least two selected annotators have a layer). */
  readonly documents: number;
  /** Units of the compared documents. */
  readonly units: number;
  /** Per label, in the order of the labels. */
  readonly labels: Readonly<Record<string, LabelAgreement>>;
  readonly overall: OverallAgreement;
  /** Every pair of annotators `a < b` in the order of `annotators`. */
  readonly pairs: readonly PairAgreement[];
  /** Every compared document, in order of id. */
  readonly perDocument: readonly DocumentAgreement[];
  /** Relation F1 per relation label and per pair (all `null`, support 0, when the layers have no relations). */
  readonly relations: RelationAgreement;
}

/** Adds `value` to `array[index]`. */
function addTo(array: Float64Array, index: number, value: number): void {
  array[index] = (array[index] as number) + value;
}


/** Cohen's κ of two binary vectors from their 2×2 table. */
function binaryKappa(both: number, onlyA: number, onlyB: number, units: number): number | null {
  const neither = units - both - onlyA - onlyB;
  const expected = (both + onlyA) * (both + onlyB) + (onlyB + neither) * (onlyA + neither);
  return kappaFromCounts(both + neither, expected, units);
}

/** Calls `visit(l)` for each set bit of `value`, `l` being `base` plus the bit's position. */
function forEachBit(value: number, base: number, visit: (l: number) => void): void {
  let v = value;
  while (v !== 0) {
    const low = v & -v;
    visit(base + 31 - Math.clz32(low));
    v ^= low;
  }
}

/** Per-pair 2×2 counts of one document: `[both, onlyA, onlyB]` per label. */
function pairCounts(doc: PreparedDocument, a: number, b: number, labels: number, words: number): Float64Array {
  const counts = new Float64Array(labels * 3);
  const maskA = doc.masks[a] as Uint32Array;
  const maskB = doc.masks[b] as Uint32Array;
  const size = maskA.length;
  for (let i = 0; i < size; i++) {
    const x = maskA[i] as number;
    const y = maskB[i] as number;
    if ((x | y) === 0) continue;
    const base = (i % words) * 32;
    forEachBit(x & y, base, (l) => addTo(counts, l * 3, 1));
    forEachBit(x & ~y, base, (l) => addTo(counts, l * 3 + 1, 1));
    forEachBit(y & ~x, base, (l) => addTo(counts, l * 3 + 2, 1));
  }
  return counts;
}

/** Per label, how many units exactly k of the document's annotators marked (k = 0..m). */
function coverageHistogram(doc: PreparedDocument, labels: number, words: number): Float64Array {
  const m = doc.present.length;
  const histogram = new Float64Array(labels * (m + 1));
  const masks = doc.present.map((r) => doc.masks[r] as Uint32Array);
  const size = doc.units.starts.length * words;
  const marked = new Float64Array(labels);
  for (let i = 0; i < size; i++) {
    let any = 0;
    for (const mask of masks) any |= mask[i] as number;
    if (any === 0) continue;
    forEachBit(any, (i % words) * 32, (l) => {
      const bit = 1 << (l & 31);
      let k = 0;
      for (const mask of masks) if (((mask[i] as number) & bit) !== 0) k++;
      addTo(histogram, l * (m + 1) + k, 1);
      addTo(marked, l, 1);
    });
  }
  const units = doc.units.starts.length;
  for (let l = 0; l < labels; l++) histogram[l * (m + 1)] = units - (marked[l] as number);
  return histogram;
}

/** Adds one document's coincidences of label `l` to `into` = [disagreement, zeros, ones]. */
function addCoincidences(histogram: Float64Array, l: number, m: number, into: Float64Array, at: number): void {
  for (let k = 0; k <= m; k++) {
    const count = histogram[l * (m + 1) + k] as number;
    if (count === 0) continue;
    addTo(into, at, (count * 2 * k * (m - k)) / (m - 1));
    addTo(into, at + 1, count * (m - k));
    addTo(into, at + 2, count * k);
  }
}

function alphaOf(accumulated: Float64Array, at: number): number | null {
  return alphaFromCoincidences(accumulated[at] as number, [accumulated[at + 1] as number, accumulated[at + 2] as number]);
}

/** Each annotator's units of each label on the code point continuum of the documents every annotator has (a discontinuous span: its fragments). */
function unitizingContinuum(corpus: PreparedCorpus): { length: number; perLabel: RaterUnits[][] } {
  const raters = corpus.annotators.length;
  const perLabel = corpus.labels.map(() => Array.from({ length: raters }, () => ({ starts: [] as number[], ends: [] as number[] })));
  let base = 0;
  for (const doc of corpus.documents) {
    if (doc.present.length !== raters) continue;
    const index = new OffsetIndex(doc.text);
    for (let r = 0; r < raters; r++) {
      const spans = doc.spans[r] as readonly (readonly PreparedSpan[])[];
      spans.forEach((list, l) => {
        const target = (perLabel[l] as { starts: number[]; ends: number[] }[])[r] as { starts: number[]; ends: number[] };
        let open = -1;
        let close = -1;
        for (const [from, to] of coveredRanges(list)) {
          if (to === from) continue;
          const start = base + index.toCodePoint(from);
          const end = base + index.toCodePoint(to);
          if (start < close) close = Math.max(close, end);
          else {
            if (open >= 0) {
              target.starts.push(open);
              target.ends.push(close);
            }
            open = start;
            close = end;
          }
        }
        if (open >= 0) {
          target.starts.push(open);
          target.ends.push(close);
        }
      });
    }
    base += index.codePointLength;
  }
  return { length: base, perLabel };
}

/**
 * Measures inter-annotator agreement of a corpus: per label κ, Fleiss' κ,
 * α, α_U, span F1 (exact and overlap) and support; their macro-average;
 * every pair of annotators; every compared document. See the module comment
 * for the exact definitions.
 *
 * @throws RangeError on misuse (see `prepareAgreementInput`): fewer than two
 * annotators, duplicate ids, spans outside their text, missing tokens.
 * @example
 * computeAgreement({ documents: [{ id: 'd1', text: 'Ban all spam', layers: {
 *   alice: [{ start: 8, end: 12, label: 'SPAM' }],
 *   bob: [{ start: 8, end: 12, label: 'SPAM' }],
 * } }] }).labels.SPAM?.kappa; // 1
 */
export function computeAgreement(input: AgreementInput): AgreementReport {
  const corpus = prepareAgreementInput(input);
  const { annotators, labels, words } = corpus;
  const R = annotators.length;
  const L = labels.length;
  const pairList: [number, number][] = [];
  const pairIndex: number[][] = annotators.map(() => []);
  for (let a = 0; a < R; a++) for (let b = a + 1; b < R; b++) (pairIndex[a] as number[])[b] = pairList.push([a, b]) - 1;
  const P = pairList.length;

  const pairDocuments = new Float64Array(P);
  const pairUnits = new Float64Array(P);
  const pairTables = new Float64Array(P * L * 3);
  const pairSpans = new Float64Array(P * L * 3); // exact matches, overlap matches, |A| + |B|
  const fleissHistogram = new Float64Array(L * (R + 1));
  const alphaTotals = new Float64Array(L * 3);
  const support = new Float64Array(L);
  const perDocument: DocumentAgreement[] = [];
  let documents = 0;
  let units = 0;

  for (const doc of corpus.documents) {
    const m = doc.present.length;
    if (m < 2) continue;
    documents++;
    const docUnits = doc.units.starts.length;
    units += docUnits;
    for (const r of doc.present) (doc.spans[r] as readonly (readonly PreparedSpan[])[]).forEach((list, l) => addTo(support, l, list.length));

    const histogram = coverageHistogram(doc, L, words);
    const docAlpha = new Float64Array(L * 3);
    for (let l = 0; l < L; l++) {
      addCoincidences(histogram, l, m, docAlpha, l * 3);
      addCoincidences(histogram, l, m, alphaTotals, l * 3);
      if (m === R) for (let k = 0; k <= R; k++) addTo(fleissHistogram, l * (R + 1) + k, histogram[l * (m + 1) + k] as number);
    }

    const docLabelKappas: (number | null)[][] = labels.map(() => []);
    const docPairF1: [number | null, number | null][] = [];
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        const a = doc.present[i] as number;
        const b = doc.present[j] as number;
        const p = (pairIndex[a] as number[])[b] as number;
        addTo(pairDocuments, p, 1);
        addTo(pairUnits, p, docUnits);
        const table = pairCounts(doc, a, b, L, words);
        const spansA = doc.spans[a] as readonly (readonly PreparedSpan[])[];
        const spansB = doc.spans[b] as readonly (readonly PreparedSpan[])[];
        let exact = 0;
        let overlap = 0;
        let total = 0;
        for (let l = 0; l < L; l++) {
          const at = (p * L + l) * 3;
          for (let c = 0; c < 3; c++) addTo(pairTables, at + c, table[l * 3 + c] as number);
          (docLabelKappas[l] as (number | null)[]).push(binaryKappa(table[l * 3] as number, table[l * 3 + 1] as number, table[l * 3 + 2] as number, docUnits));
          const listA = spansA[l] as readonly PreparedSpan[];
          const listB = spansB[l] as readonly PreparedSpan[];
          const e = exactMatchesSorted(listA, listB);
          const o = overlapMatchesSorted(listA, listB);
          addTo(pairSpans, at, e);
          addTo(pairSpans, at + 1, o);
          addTo(pairSpans, at + 2, listA.length + listB.length);
          exact += e;
          overlap += o;
          total += listA.length + listB.length;
        }
        docPairF1.push([f1(exact, total), f1(overlap, total)]);
      }
    }
    perDocument.push({
      doc: doc.id,
      annotators: doc.present.map((r) => annotators[r] as string),
      units: docUnits,
      kappa: meanDefined(docLabelKappas.map(meanDefined)),
      alpha: meanDefined(labels.map((_, l) => alphaOf(docAlpha, l * 3))),
      f1_exact: meanDefined(docPairF1.map(([e]) => e)),
      f1_overlap: meanDefined(docPairF1.map(([, o]) => o)),
    });
  }

  const pairLabelKappa = (p: number, l: number): number | null => {
    const at = (p * L + l) * 3;
    return binaryKappa(pairTables[at] as number, pairTables[at + 1] as number, pairTables[at + 2] as number, pairUnits[p] as number);
  };
  const pairLabelF1 = (p: number, l: number, which: 0 | 1): number | null => {
    const at = (p * L + l) * 3;
    const total = pairSpans[at + 2] as number;
    return f1(pairSpans[at + which] as number, total);
  };
  const continuum = unitizingContinuum(corpus);
  const pairNumbers = [...pairList.keys()];

  const unitizing = labels.map((_, l) => (continuum.length === 0 ? null : unitizingCategory(continuum.perLabel[l] as RaterUnits[], 0, continuum.length)));
  const labelList: LabelAgreement[] = labels.map((_, l) => ({
    kappa: meanDefined(pairNumbers.map((p) => pairLabelKappa(p, l))),
    fleiss: binaryFleissKappa(fleissHistogram.subarray(l * (R + 1), (l + 1) * (R + 1)), R),
    alpha: alphaOf(alphaTotals, l * 3),
    alpha_u: unitizing[l]?.alpha ?? null,
    f1_exact: meanDefined(pairNumbers.map((p) => pairLabelF1(p, l, 0))),
    f1_overlap: meanDefined(pairNumbers.map((p) => pairLabelF1(p, l, 1))),
    support: support[l] as number,
  }));
  // Object.fromEntries defines own properties, even for a label named `__proto__`.
  const labelResults: Record<string, LabelAgreement> = Object.fromEntries(labels.map((label, l) => [label, labelList[l] as LabelAgreement]));

  const supported = labelList.filter((result) => result.support > 0);
  const supportedUnitizing = unitizing.filter((result, l) => result !== null && (labelList[l] as LabelAgreement).support > 0);
  const meanExpected = supportedUnitizing.reduce((sum, r) => sum + (r?.expected ?? 0), 0) / supportedUnitizing.length;
  const meanObserved = supportedUnitizing.reduce((sum, r) => sum + (r?.observed ?? 0), 0) / supportedUnitizing.length;
  const overallOf = (measure: keyof AgreementMeasures): number | null => meanDefined(supported.map((r) => r[measure]));
  const overall: OverallAgreement = {
    kappa: overallOf('kappa'),
    fleiss: overallOf('fleiss'),
    alpha: overallOf('alpha'),
    alpha_u: overallOf('alpha_u'),
    f1_exact: overallOf('f1_exact'),
    f1_overlap: overallOf('f1_overlap'),
    support: supported.reduce((sum, r) => sum + r.support, 0),
    labels: supported.length,
    alpha_u_pooled: supportedUnitizing.length > 0 && meanExpected > 0 ? 1 - meanObserved / meanExpected : null,
  };

  const pairs: PairAgreement[] = pairList.map(([a, b], p) => {
    let exact = 0;
    let overlap = 0;
    let total = 0;
    for (let l = 0; l < L; l++) {
      const at = (p * L + l) * 3;
      exact += pairSpans[at] as number;
      overlap += pairSpans[at + 1] as number;
      total += pairSpans[at + 2] as number;
    }
    return {
      a: annotators[a] as string,
      b: annotators[b] as string,
      documents: pairDocuments[p] as number,
      units: pairUnits[p] as number,
      kappa: meanDefined(labels.map((_, l) => pairLabelKappa(p, l))),
      f1_exact: f1(exact, total),
      f1_overlap: f1(overlap, total),
    };
  });

  return { unit: corpus.unit, annotators, documents, units, labels: labelResults, overall, pairs, perDocument, relations: relationAgreement(input, corpus) };
}
