import { describe, expect, it } from 'vitest';
import { cohenKappa, countSpanMatches, fleissKappa, krippendorffAlphaNominal, spanF1, unitizingAlpha, type LabeledSpan, type UnitizingSegment, type UnitizingStudy } from '@glossa/core';

// Published test vectors: FORMATS.md §10 (sklearn, NLTK, statsmodels, DKPro Statistics, krippendorff).

describe('cohenKappa', () => {
  it('gives 0.5 on the published vector', () => {
    expect(cohenKappa([...'HHOOOSOHOS'], [...'HOOOOSSHOO'])).toBeCloseTo(0.5, 10);
  });

  it('is 1 for identical sequences with two categories and 0 for independent marginals', () => {
    expect(cohenKappa(['a', 'b', 'a'], ['a', 'b', 'a'])).toBe(1);
    // p_o = 0.5, p_e = 0.5·0.5 + 0.5·0.5 = 0.5.
    expect(cohenKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'a', 'b'])).toBe(0);
  });

  it('is null when undefined: no items, or both raters constant on the same category', () => {
    expect(cohenKappa([], [])).toBeNull();
    expect(cohenKappa([0, 0, 0], [0, 0, 0])).toBeNull();
  });
});

describe('fleissKappa', () => {
  it('gives 0.272727 on the published vector', () => {
    const table = [
      [3, 0, 0],
      [1, 2, 0],
      [0, 3, 0],
      [0, 1, 2],
      [0, 2, 1],
      [2, 1, 0],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.272727, 6);
  });

  it('is null when every rating falls in one category or there are no items', () => {
    expect(fleissKappa([])).toBeNull();
    expect(fleissKappa([[3, 0], [3, 0]])).toBeNull();
  });
});

describe('krippendorffAlphaNominal', () => {
  it('gives 0.691358 on the canonical 3×15 reliability data with missing values', () => {
    const _ = null;
    const data = [
      [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
      [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
      [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
    ];
    expect(krippendorffAlphaNominal(data)).toBeCloseTo(0.691358, 6);
  });

  it('gives 0.521008 on the Cohen vector (α with two coders, no missing values)', () => {
    expect(krippendorffAlphaNominal([[...'HHOOOSOHOS'], [...'HOOOOSSHOO']])).toBeCloseTo(0.521008, 6);
  });

  it('is null when undefined: no pairable values, or a single category', () => {
    expect(krippendorffAlphaNominal([])).toBeNull();
    expect(krippendorffAlphaNominal([[1, null], [null, 1]])).toBeNull();
    expect(krippendorffAlphaNominal([[1, 1], [1, 1]])).toBeNull();
  });
});

const at = (rater: number, category: string, start: number, length: number): UnitizingSegment => ({ rater, category, start, end: start + length });

/** Krippendorff (2004: p. 254), as in DKPro Statistics' Krippendorff2004Test. */
const krippendorff2004: UnitizingStudy = {
  begin: 150,
  length: 300,
  raters: 2,
  segments: [at(0, 'c', 225, 70), at(0, 'c', 370, 30), at(1, 'c', 220, 80), at(1, 'c', 355, 20), at(1, 'c', 400, 20), at(0, 'k', 180, 60), at(0, 'k', 300, 50), at(1, 'k', 180, 60), at(1, 'k', 300, 50)],
};

const HATE_SPAM_A: LabeledSpan[] = [
  { start: 0, end: 9, label: 'HATE' },
  { start: 6, end: 14, label: 'SPAM' },
  { start: 20, end: 25, label: 'HATE' },
];
const HATE_SPAM_B: LabeledSpan[] = [
  { start: 0, end: 3, label: 'HATE' },
  { start: 6, end: 14, label: 'SPAM' },
  { start: 19, end: 25, label: 'HATE' },
];
const segmentsOf = (rater: number, spans: readonly LabeledSpan[]): UnitizingSegment[] => spans.map((s) => ({ rater, category: s.label, start: s.start, end: s.end }));

describe('unitizingAlpha', () => {
  it('gives 0.85867 on Krippendorff 2004 p. 254, with DKPro’s per-category figures', () => {
    const result = unitizingAlpha(krippendorff2004);
    expect(result.alpha).toBeCloseTo(0.85867, 5);
    expect(result.categories.c?.observed).toBeCloseTo(0.0144, 4);
    expect(result.categories.c?.expected).toBeCloseTo(0.0532, 4);
    expect(result.categories.c?.alpha).toBeCloseTo(0.7286, 4);
    expect(result.categories.k?.observed).toBe(0);
    expect(result.categories.k?.expected).toBeCloseTo(0.049, 4);
    expect(result.categories.k?.alpha).toBe(1);
  });

  it('gives 0.695223 (HATE 0.480862, SPAM 1) on the L = 30 example', () => {
    const result = unitizingAlpha({ length: 30, raters: 2, segments: [...segmentsOf(0, HATE_SPAM_A), ...segmentsOf(1, HATE_SPAM_B)] });
    expect(result.alpha).toBeCloseTo(0.695223, 6);
    expect(result.categories.HATE?.alpha).toBeCloseTo(0.480862, 6);
    expect(result.categories.SPAM?.alpha).toBe(1);
  });

  it('does not depend on the order of the segments or of the raters', () => {
    const forward = unitizingAlpha(krippendorff2004);
    const reversed = unitizingAlpha({ ...krippendorff2004, segments: [...krippendorff2004.segments].reverse() });
    const swapped = unitizingAlpha({ ...krippendorff2004, segments: krippendorff2004.segments.map((s) => ({ ...s, rater: 1 - s.rater })) });
    expect(reversed.alpha).toBe(forward.alpha);
    expect(swapped.alpha).toBeCloseTo(forward.alpha as number, 12);
  });

  it('is null without any unit', () => {
    expect(unitizingAlpha({ length: 10, raters: 3, segments: [] }).alpha).toBeNull();
  });
});

describe('spanF1', () => {
  it('gives 0.3333 exact and 1.0 relaxed on the L = 30 example', () => {
    expect(spanF1(HATE_SPAM_A, HATE_SPAM_B, 'exact')).toBeCloseTo(1 / 3, 10);
    expect(spanF1(HATE_SPAM_A, HATE_SPAM_B, 'overlap')).toBe(1);
  });

  it('matches one to one: a span of A takes the first free overlapping span of B with its label', () => {
    const a: LabeledSpan[] = [
      { start: 0, end: 10, label: 'X' },
      { start: 2, end: 4, label: 'X' },
    ];
    // A[0] takes B[0]; A[1] overlaps only B[0], already taken: 1 match of 3 spans.
    const b: LabeledSpan[] = [
      { start: 3, end: 5, label: 'X' },
      { start: 8, end: 9, label: 'X' },
    ];
    expect(countSpanMatches(a, b, 'overlap')).toBe(1);
    expect(spanF1(a, b, 'overlap')).toBeCloseTo(2 / 4, 10);
    // Another label never matches, touching spans do not overlap.
    expect(spanF1([{ start: 0, end: 3, label: 'X' }], [{ start: 0, end: 3, label: 'Y' }], 'overlap')).toBe(0);
    expect(spanF1([{ start: 0, end: 3, label: 'X' }], [{ start: 3, end: 5, label: 'X' }], 'overlap')).toBe(0);
  });

  it('counts repeated identical spans as a multiset', () => {
    const twice: LabeledSpan[] = [
      { start: 1, end: 2, label: 'X' },
      { start: 1, end: 2, label: 'X' },
    ];
    expect(countSpanMatches(twice, [{ start: 1, end: 2, label: 'X' }], 'exact')).toBe(1);
    expect(spanF1(twice, twice, 'exact')).toBe(1);
  });

  it('is null when neither side has a span, empty spans not counting', () => {
    expect(spanF1([], [], 'exact')).toBeNull();
    expect(spanF1([{ start: 2, end: 2, label: 'X' }], [{ start: 2, end: 2, label: 'X' }], 'exact')).toBeNull();
    expect(spanF1([], [{ start: 0, end: 1, label: 'X' }], 'exact')).toBe(0);
  });
});

describe('misuse of the coefficient functions throws a RangeError naming the problem', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['cohenKappa with sequences of different lengths', () => cohenKappa([1, 2], [1]), /same length; got 2 and 1/],
    ['fleissKappa with rows of different totals', () => fleissKappa([[2, 0], [1, 2]]), /row 0 has 2, row 1 has 3/],
    ['fleissKappa with one rating per item', () => fleissKappa([[1, 0]]), /at least two ratings per item/],
    ['fleissKappa with a negative count', () => fleissKappa([[2, 0], [3, -1]]), /row 1, column 1: expected a non-negative integer count, got -1/],
    ['krippendorffAlphaNominal with ragged rows', () => krippendorffAlphaNominal([[1, 2], [1]]), /row 0 has 2, row 1 has 1/],
    ['unitizingAlpha with an empty continuum', () => unitizingAlpha({ length: 0, raters: 2, segments: [] }), /at least one position; got length 0/],
    ['unitizingAlpha with one rater', () => unitizingAlpha({ length: 5, raters: 1, segments: [] }), /at least two raters; got 1/],
    ['unitizingAlpha with an unknown rater', () => unitizingAlpha({ length: 5, raters: 2, segments: [at(2, 'x', 0, 1)] }), /segment 0: rater 2 is not in 0..1/],
    ['unitizingAlpha with a segment past the continuum', () => unitizingAlpha({ begin: 10, length: 5, raters: 2, segments: [at(0, 'x', 12, 4)] }), /segment 0: \[12, 16\) .* \[10, 15\)/],
    ['unitizingAlpha with an empty segment', () => unitizingAlpha({ length: 5, raters: 2, segments: [at(0, 'x', 2, 0)] }), /segment 0: \[2, 2\) is not a non-empty range/],
    ['unitizingAlpha with overlapping units of one rater and category', () => unitizingAlpha({ length: 9, raters: 2, segments: [at(1, 'x', 0, 4), at(1, 'x', 3, 2)] }), /rater 1: units \[0, 4\) and \[3, 5\) of category "x" overlap/],
  ];
  it.each(cases)('%s', (_name, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('accepts overlapping units of one rater when their categories differ', () => {
    expect(() => unitizingAlpha({ length: 9, raters: 2, segments: [at(1, 'x', 0, 4), at(1, 'y', 3, 2)] })).not.toThrow();
  });
});
