import { describe, expect, it } from 'vitest';
import { crossValidate, documentFolds, evaluateSpans, precisionRecall, type TrainingExample } from '../src/index.js';

describe('evaluateSpans against a hand-computed fixture', () => {
  // Document 1: reference A [0,5) L1, B [10,20) L1, C [30,40) L2.
  // Predicted: [0,5) L1 (exact A), [12,18) L1 (inside B), [30,35) L1 (over C, wrong label), [50,60) L2 (nothing there).
  // Document 2: no reference; predicted [0,3) L2.
  const report = evaluateSpans(
    [
      {
        reference: [
          { start: 0, end: 5, label: 'L1' },
          { start: 10, end: 20, label: 'L1' },
          { start: 30, end: 40, label: 'L2' },
        ],
        predicted: [
          { start: 0, end: 5, label: 'L1' },
          { start: 12, end: 18, label: 'L1' },
          { start: 30, end: 35, label: 'L1' },
          { start: 50, end: 60, label: 'L2' },
        ],
      },
      { reference: [], predicted: [{ start: 0, end: 3, label: 'L2' }] },
    ],
    'test',
    ['L1', 'L2', 'L3'],
  );

  it('scores L1: exact 1 of 3 predicted and 1 of 2 reference; overlap 2 of 3 and 2 of 2', () => {
    const l1 = report.labels.find((l) => l.label === 'L1');
    expect(l1?.exact).toEqual({ matches: 1, predicted: 3, reference: 2, precision: 1 / 3, recall: 1 / 2, f1: 2 / 5 });
    expect(l1?.overlap).toEqual({ matches: 2, predicted: 3, reference: 2, precision: 2 / 3, recall: 1, f1: 4 / 5 });
  });

  it('scores L2 zero (a span over the reference with another label does not count), L3 undefined', () => {
    expect(report.labels.find((l) => l.label === 'L2')?.overlap).toEqual({ matches: 0, predicted: 2, reference: 1, precision: 0, recall: 0, f1: 0 });
    expect(report.labels.find((l) => l.label === 'L3')?.exact).toEqual({ matches: 0, predicted: 0, reference: 0, precision: null, recall: null, f1: null });
  });

  it('pools the labels (micro): exact 1 of 5 and 3, overlap 2 of 5 and 3', () => {
    expect(report.micro.exact).toEqual(precisionRecall(1, 5, 3));
    expect(report.micro.exact.f1).toBe(0.25);
    expect(report.micro.overlap.f1).toBe(0.5);
    expect(report.micro.overlap.precision).toBe(0.4);
  });
});

describe('documentFolds', () => {
  it('puts every document in exactly one fold, sizes within one, the same for the same seed', () => {
    const ids = Array.from({ length: 11 }, (_, i) => `d${i}`);
    const folds = documentFolds(ids, 3, 7);
    expect(folds.flat().sort()).toEqual([...ids].sort());
    expect(folds.map((f) => f.length).sort()).toEqual([3, 4, 4]);
    expect(documentFolds([...ids].reverse(), 3, 7)).toEqual(folds);
    expect(documentFolds(ids, 3, 8)).not.toEqual(folds);
    expect(() => documentFolds(ids, 1, 1)).toThrow(RangeError);
  });
});

describe('crossValidate', () => {
  const at = (text: string, needle: string, label: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length, label });
  const examples: TrainingExample[] = [
    { document: { id: 'a', text: 'Guard here.' }, spans: [at('Guard here.', 'Guard', 'm')] },
    { document: { id: 'b', text: 'Guard there.' }, spans: [at('Guard there.', 'Guard', 'm')] },
    { document: { id: 'c', text: 'Guard and army.' }, spans: [at('Guard and army.', 'Guard', 'p'), at('Guard and army.', 'army', 'm')] },
  ];

  it('trains on the other folds and scores each held-out document (hand-computed, leave one out)', () => {
    // Held out a or b: "Guard" is m once and p once → both suggested, m matches.
    // Held out c: "Guard" is m twice → m suggested over Guard; the reference is p on Guard and m on army.
    const report = crossValidate({ kind: 'string-match' }, examples, { folds: 3 });
    expect(report.folds).toBe(3);
    expect(report.recommender).toBe('string-match');
    expect(report.labels.find((l) => l.label === 'm')?.exact).toEqual(precisionRecall(2, 3, 3));
    expect(report.labels.find((l) => l.label === 'p')?.exact).toEqual(precisionRecall(0, 2, 1));
  });

  it('leaves out suggestions below minScore', () => {
    const report = crossValidate({ kind: 'string-match', name: 'strict' }, examples, { folds: 3, minScore: 0.6 });
    expect(report.recommender).toBe('strict');
    expect(report.labels.find((l) => l.label === 'm')?.exact).toEqual(precisionRecall(0, 1, 3));
  });
});
