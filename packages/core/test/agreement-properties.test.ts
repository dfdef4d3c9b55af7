import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cohenKappa,
  computeAgreement,
  computeConfusion,
  fleissKappa,
  krippendorffAlphaNominal,
  type AgreementDocument,
  type AgreementReport,
  type AgreementSpan,
} from '@glossa/core';

const ANNOTATORS = ['ann', 'ben', 'cy'];
const LABELS = ['X', 'Y', 'Z'];
const CHARACTERS = ['a', 'b', ' ', '\n', '😀', 'é'];

/** A document: text from a small alphabet (with whitespace and an astral emoji) and each annotator's layer or none. */
const documentArbitrary = (id: string): fc.Arbitrary<AgreementDocument> =>
  fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 16 }).chain((characters) => {
    const text = characters.join('');
    // UTF-16 offset of each code point boundary.
    const boundaries = [0];
    for (const c of characters) boundaries.push((boundaries.at(-1) as number) + c.length);
    const spanArbitrary: fc.Arbitrary<AgreementSpan> = fc
      .tuple(fc.nat(characters.length), fc.nat(characters.length), fc.constantFrom(...LABELS))
      .map(([i, j, label]) => ({ start: boundaries[Math.min(i, j)] as number, end: boundaries[Math.max(i, j)] as number, label }));
    const layer = fc.option(fc.array(spanArbitrary, { maxLength: 4 }), { nil: undefined, freq: 4 });
    return fc.tuple(layer, layer, layer).map((layers) => {
      const entries = ANNOTATORS.flatMap((name, i) => (layers[i] === undefined ? [] : [[name, layers[i]] as const]));
      return { id, text, layers: Object.fromEntries(entries) };
    });
  });

const corpusArbitrary: fc.Arbitrary<AgreementDocument[]> = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => documentArbitrary(`doc-${i}`))));

const run = (documents: readonly AgreementDocument[], annotators = ANNOTATORS): AgreementReport => computeAgreement({ documents, annotators, labels: LABELS });

/** Naive per-label unit vectors: every non-whitespace code point, 1 when a span of the label overlaps it. */
function naiveVectors(doc: AgreementDocument, annotator: string, label: string): number[] {
  const vector: number[] = [];
  let offset = 0;
  for (const c of doc.text) {
    if (!/\s/u.test(c)) {
      const covered = (doc.layers[annotator] ?? []).some((s) => s.label === label && s.start < offset + c.length && offset < s.end);
      vector.push(covered ? 1 : 0);
    }
    offset += c.length;
  }
  return vector;
}

function closeOrNull(actual: number | null | undefined, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 9);
}

describe('computeAgreement properties', () => {
  it('agrees with the coefficient functions on naively built unit vectors', () => {
    fc.assert(
      fc.property(corpusArbitrary, (documents) => {
        const report = run(documents);
        const has = (doc: AgreementDocument, a: string): boolean => Object.hasOwn(doc.layers, a);
        for (const label of LABELS) {
          // Cohen per pair, over the documents both have.
          const pairKappas: (number | null)[] = [];
          for (let i = 0; i < ANNOTATORS.length; i++) {
            for (let j = i + 1; j < ANNOTATORS.length; j++) {
              const [a, b] = [ANNOTATORS[i] as string, ANNOTATORS[j] as string];
              const shared = documents.filter((d) => has(d, a) && has(d, b));
              pairKappas.push(cohenKappa(shared.flatMap((d) => naiveVectors(d, a, label)), shared.flatMap((d) => naiveVectors(d, b, label))));
            }
          }
          const defined = pairKappas.filter((k): k is number => k !== null);
          closeOrNull(report.labels[label]?.kappa, defined.length === 0 ? null : defined.reduce((s, k) => s + k, 0) / defined.length);
          // Fleiss over the documents everyone has.
          const complete = documents.filter((d) => ANNOTATORS.every((a) => has(d, a)));
          const rows = complete.flatMap((d) => {
            const vectors = ANNOTATORS.map((a) => naiveVectors(d, a, label));
            return (vectors[0] as number[]).map((_, u) => {
              const ones = vectors.reduce((s, v) => s + (v[u] as number), 0);
              return [ANNOTATORS.length - ones, ones];
            });
          });
          closeOrNull(report.labels[label]?.fleiss, fleissKappa(rows));
          // α over every document with at least two annotators, missing where a layer is absent.
          const compared = documents.filter((d) => ANNOTATORS.filter((a) => has(d, a)).length >= 2);
          const matrix = ANNOTATORS.map((a) => compared.flatMap((d) => (has(d, a) ? naiveVectors(d, a, label) : naiveVectors(d, a, label).map(() => null))));
          closeOrNull(report.labels[label]?.alpha, krippendorffAlphaNominal(matrix));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is symmetric in the annotators', () => {
    fc.assert(
      fc.property(corpusArbitrary, (documents) => {
        const forward = run(documents);
        const backward = run(documents, [...ANNOTATORS].reverse());
        for (const label of LABELS) {
          const [f, b] = [forward.labels[label], backward.labels[label]];
          for (const measure of ['kappa', 'fleiss', 'alpha', 'alpha_u', 'f1_exact', 'f1_overlap'] as const) closeOrNull(b?.[measure], f?.[measure] ?? null);
          expect(b?.support).toBe(f?.support);
        }
        for (const pair of forward.pairs) {
          const mirror = backward.pairs.find((p) => p.a === pair.b && p.b === pair.a);
          expect(mirror?.documents).toBe(pair.documents);
          closeOrNull(mirror?.kappa, pair.kappa);
          closeOrNull(mirror?.f1_exact, pair.f1_exact);
          closeOrNull(mirror?.f1_overlap, pair.f1_overlap);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives 1 for every defined measure when all layers are identical', () => {
    fc.assert(
      fc.property(corpusArbitrary, (documents) => {
        const copied = documents.map((d) => {
          const layer = Object.values(d.layers)[0] ?? [];
          return { ...d, layers: Object.fromEntries(ANNOTATORS.map((a) => [a, layer])) };
        });
        const report = run(copied);
        for (const result of [...Object.values(report.labels), report.overall, ...report.pairs, ...report.perDocument]) {
          for (const measure of ['kappa', 'fleiss', 'alpha', 'alpha_u', 'f1_exact', 'f1_overlap'] as const) {
            const value = (result as Partial<Record<typeof measure, number | null>>)[measure];
            if (value !== null && value !== undefined) expect(value).toBeCloseTo(1, 12);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of documents or of spans', () => {
    fc.assert(
      fc.property(corpusArbitrary, fc.integer(), (documents, seed) => {
        const shuffle = <T>(items: readonly T[], salt: number): T[] =>
          items
            .map((item, i) => ({ item, key: Math.sin(seed + salt * 31 + i * 7919) }))
            .sort((x, y) => x.key - y.key)
            .map((x) => x.item);
        const shuffled = shuffle(documents, 1).map((d, i) => ({ ...d, layers: Object.fromEntries(shuffle(Object.entries(d.layers), i + 2).map(([a, spans]) => [a, shuffle(spans, i + 3)])) }));
        expect(run(shuffled)).toEqual(run(documents));
        expect(computeConfusion({ documents: shuffled, annotators: ANNOTATORS, labels: LABELS })).toEqual(computeConfusion({ documents, annotators: ANNOTATORS, labels: LABELS }));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps measures within their ranges', () => {
    fc.assert(
      fc.property(corpusArbitrary, (documents) => {
        const report = run(documents);
        for (const result of Object.values(report.labels)) {
          for (const measure of ['f1_exact', 'f1_overlap'] as const) {
            const value = result[measure];
            if (value !== null) expect(value >= 0 && value <= 1).toBe(true);
          }
          if (result.f1_exact !== null && result.f1_overlap !== null) expect(result.f1_overlap).toBeGreaterThanOrEqual(result.f1_exact - 1e-12);
          for (const measure of ['kappa', 'fleiss', 'alpha', 'alpha_u'] as const) {
            const value = result[measure];
            if (value !== null) expect(Number.isFinite(value) && value <= 1 + 1e-12).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('computeConfusion properties', () => {
  it('is the transpose when the annotators are swapped, and its diagonal counts units both marked', () => {
    fc.assert(
      fc.property(corpusArbitrary, (documents) => {
        const forward = computeConfusion({ documents, annotators: ['ann', 'ben'], labels: LABELS });
        const backward = computeConfusion({ documents, annotators: ['ben', 'ann'], labels: LABELS });
        const matrix = forward.pairs[0]?.matrix ?? [];
        const transposed = matrix.map((row, i) => row.map((_, j) => (matrix[j] as number[])[i]));
        expect(backward.pairs[0]?.matrix).toEqual(transposed);
        const shared = documents.filter((d) => Object.hasOwn(d.layers, 'ann') && Object.hasOwn(d.layers, 'ben'));
        LABELS.forEach((label, l) => {
          const a = shared.flatMap((d) => naiveVectors(d, 'ann', label));
          const b = shared.flatMap((d) => naiveVectors(d, 'ben', label));
          expect(matrix[l]?.[l]).toBe(a.filter((v, u) => v === 1 && b[u] === 1).length);
        });
      }),
      { numRuns: 200 },
    );
  });
});
