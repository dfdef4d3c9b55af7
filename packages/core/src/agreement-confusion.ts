/**
 * Label confusion between pairs of annotators, to show which categories the
 * guidelines must sharpen (`computeConfusion`).
 */
import { prepareAgreementInput, type AgreementInput, type AgreementUnit } from './agreement-input.js';

/** The row and column of units that an annotator left without any label. */
export const NO_LABEL = 'none';

/** The confusion matrix of one pair of annotators. */
export interface PairConfusion {
  readonly a: string;
  readonly b: string;
  /** Documents both have a layer for. */
  readonly documents: number;
  /**
   * `matrix[i][j]`: units where `a` used `labels[i]` and `b` used
   * `labels[j]`; the last row and column are `none`.
   */
  readonly matrix: readonly (readonly number[])[];
}

/** Confusion matrices of every pair of annotators. */
export interface ConfusionReport {
  readonly unit: AgreementUnit;
  readonly annotators: readonly string[];
  /** Row and column names: the labels, then `none` (always last, even if a label is also called `none`). */
  readonly labels: readonly string[];
  /** Every pair `a < b` in the order of `annotators`. */
  readonly pairs: readonly PairConfusion[];
}

/** The label indices set in one unit's mask words, or `[none]` when there are none. */
function labelsOf(mask: Uint32Array, unit: number, words: number, none: number, out: number[]): void {
  out.length = 0;
  for (let w = 0; w < words; w++) {
    let v = mask[unit * words + w] as number;
    while (v !== 0) {
      const low = v & -v;
      out.push(w * 32 + 31 - Math.clz32(low));
      v ^= low;
    }
  }
  if (out.length === 0) out.push(none);
}

/**
 * For each pair of annotators, a matrix over the labels and `none` counting
 * the units (as `computeAgreement` defines them) of the documents both have
 * where A used label x and B used label y. A unit that A covers with labels
 * X and B with labels Y counts once in every cell of X × Y, so a unit
 * covered by several labels counts in several cells; a unit with no label in
 * a layer counts as `none` there. The diagonal is agreement; large
 * off-diagonal cells name the categories annotators confuse.
 *
 * @throws RangeError on misuse, as `computeAgreement`.
 */
export function computeConfusion(input: AgreementInput): ConfusionReport {
  const corpus = prepareAgreementInput(input);
  const { annotators, words } = corpus;
  const size = corpus.labels.length + 1;
  const none = size - 1;
  const pairs: PairConfusion[] = [];
  const inA: number[] = [];
  const inB: number[] = [];
  for (let a = 0; a < annotators.length; a++) {
    for (let b = a + 1; b < annotators.length; b++) {
      const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
      let documents = 0;
      for (const doc of corpus.documents) {
        const maskA = doc.masks[a];
        const maskB = doc.masks[b];
        if (!maskA || !maskB) continue;
        documents++;
        const units = doc.units.starts.length;
        let unlabeled = 0;
        for (let u = 0; u < units; u++) {
          labelsOf(maskA, u, words, none, inA);
          labelsOf(maskB, u, words, none, inB);
          if (inA[0] === none && inB[0] === none) {
            unlabeled++;
            continue;
          }
          for (const x of inA) {
            const row = matrix[x] as number[];
            for (const y of inB) row[y] = (row[y] as number) + 1;
          }
        }
        const row = matrix[none] as number[];
        row[none] = (row[none] as number) + unlabeled;
      }
      pairs.push({ a: annotators[a] as string, b: annotators[b] as string, documents, matrix });
    }
  }
  return { unit: corpus.unit, annotators, labels: [...corpus.labels, NO_LABEL], pairs };
}
