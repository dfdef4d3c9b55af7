import { describe, expect, it } from 'vitest';
import { computeAgreement, computeConfusion, unitizingAlpha, type AgreementDocument, type AgreementInput, type AgreementSpan } from '@glossa/core';

/** The running example of FORMATS.md: 18 code points, 19 UTF-16 units, 14 non-whitespace code points. */
const TEXT = 'Ban 😀 all spam now';
const span = (start: number, end: number, label: string): AgreementSpan => ({ start, end, label });
// UTF-16: HATE "Ban 😀 all" = [0, 10), SPAM "all spam" = [7, 15), "Ban" = [0, 3).
const running: AgreementDocument = {
  id: 'd1',
  text: TEXT,
  layers: {
    alice: [span(0, 10, 'HATE'), span(7, 15, 'SPAM')],
    bob: [span(0, 3, 'HATE'), span(7, 15, 'SPAM')],
  },
};

describe('computeAgreement on the running example (hand-computed)', () => {
  const report = computeAgreement({ documents: [running] });

  it('counts non-whitespace code points as units', () => {
    expect(report.unit).toBe('char');
    expect(report.units).toBe(14);
    expect(report.documents).toBe(1);
    expect(report.annotators).toEqual(['alice', 'bob']);
  });

  it('measures HATE: alice marks 7 units, bob 3 of them', () => {
    // 2×2 table over 14 units: both 3, alice only 4, bob only 0, neither 7.
    // κ: p_o = 10/14, p_e = (7/14)(3/14) + (7/14)(11/14) = 1/2, κ = (10/14 − 1/2)/(1/2) = 3/7.
    const hate = report.labels.HATE;
    expect(hate?.kappa).toBeCloseTo(3 / 7, 12);
    // Fleiss (two raters, Scott's π): p_1 = 10/28, P_e = 424/784, P_o = 10/14, π = 136/360.
    expect(hate?.fleiss).toBeCloseTo(136 / 360, 12);
    // α: n = 28 values, 10 ones, 18 zeros, 4 disagreeing units of weight 2: 1 − 27·8/(2·18·10) = 0.4.
    expect(hate?.alpha).toBeCloseTo(0.4, 12);
    // Exact: no identical HATE span; overlap: "Ban" lies inside alice's span.
    expect(hate?.f1_exact).toBe(0);
    expect(hate?.f1_overlap).toBe(1);
    expect(hate?.support).toBe(2);
  });

  it('measures α_U over code points: alice HATE [0, 9), bob [0, 3) on a continuum of 18', () => {
    const expected = unitizingAlpha({
      length: 18,
      raters: 2,
      segments: [
        { rater: 0, category: 'HATE', start: 0, end: 9 },
        { rater: 1, category: 'HATE', start: 0, end: 3 },
      ],
    }).alpha;
    expect(report.labels.HATE?.alpha_u).toBeCloseTo(expected as number, 12);
    expect(report.labels.SPAM?.alpha_u).toBe(1);
  });

  it('gives 1 for every measure of SPAM, marked identically', () => {
    expect(report.labels.SPAM).toEqual({ kappa: 1, fleiss: 1, alpha: 1, alpha_u: 1, f1_exact: 1, f1_overlap: 1, support: 2 });
  });

  it('macro-averages over labels and reports the pair and the document', () => {
    expect(report.overall.kappa).toBeCloseTo((3 / 7 + 1) / 2, 12);
    expect(report.overall.alpha).toBeCloseTo(0.7, 12);
    expect(report.overall.support).toBe(4);
    expect(report.overall.labels).toBe(2);
    expect(report.pairs).toHaveLength(1);
    const [pair] = report.pairs;
    expect(pair?.a).toBe('alice');
    expect(pair?.b).toBe('bob');
    expect(pair?.documents).toBe(1);
    expect(pair?.units).toBe(14);
    // Over both labels: exact 2·1/4, overlap 2·2/4.
    expect(pair?.f1_exact).toBe(0.5);
    expect(pair?.f1_overlap).toBe(1);
    expect(report.perDocument).toEqual([
      { doc: 'd1', annotators: ['alice', 'bob'], units: 14, kappa: report.overall.kappa, alpha: report.overall.alpha, f1_exact: 0.5, f1_overlap: 1 },
    ]);
  });
});

describe('undefined values are null', () => {
  it('gives null for a requested label nobody used, and leaves it out of the macro-average', () => {
    const report = computeAgreement({ documents: [running], labels: ['HATE', 'SPAM', 'THREAT'] });
    expect(report.labels.THREAT).toEqual({ kappa: null, fleiss: null, alpha: null, alpha_u: null, f1_exact: null, f1_overlap: null, support: 0 });
    expect(report.overall.labels).toBe(2);
    expect(report.overall.kappa).toBeCloseTo((3 / 7 + 1) / 2, 12);
  });

  it('gives null κ and α when both annotators mark every unit, but F1 stays defined', () => {
    const doc: AgreementDocument = { id: 'd', text: 'ab cd', layers: { a: [span(0, 5, 'X')], b: [span(0, 2, 'X'), span(3, 5, 'X')] } };
    const x = computeAgreement({ documents: [doc] }).labels.X;
    expect(x?.kappa).toBeNull();
    expect(x?.fleiss).toBeNull();
    expect(x?.alpha).toBeNull();
    expect(x?.f1_exact).toBe(0);
    expect(x?.f1_overlap).toBeCloseTo(2 / 3, 12);
  });

  it('leaves empty spans out of every measure and of the support', () => {
    const doc: AgreementDocument = { id: 'd', text: 'abc', layers: { a: [span(1, 1, 'X')], b: [span(1, 1, 'X')] } };
    expect(computeAgreement({ documents: [doc], labels: ['X'] }).labels.X).toEqual({ kappa: null, fleiss: null, alpha: null, alpha_u: null, f1_exact: null, f1_overlap: null, support: 0 });
  });

  it('gives null everywhere when no document has two of the annotators', () => {
    const report = computeAgreement({
      documents: [
        { id: 'd1', text: 'abc', layers: { a: [span(0, 1, 'X')] } },
        { id: 'd2', text: 'abc', layers: { b: [span(0, 1, 'X')] } },
      ],
    });
    expect(report.documents).toBe(0);
    expect(report.labels.X).toEqual({ kappa: null, fleiss: null, alpha: null, alpha_u: null, f1_exact: null, f1_overlap: null, support: 0 });
    expect(report.pairs[0]).toEqual({ a: 'a', b: 'b', documents: 0, units: 0, kappa: null, f1_exact: null, f1_overlap: null });
    expect(report.perDocument).toEqual([]);
  });
});

describe('documents an annotator lacks', () => {
  // carol has no layer for d2: κ(a, carol) and Fleiss use d1 only, α keeps d2 with carol missing.
  const documents: AgreementDocument[] = [
    { id: 'd1', text: 'abcd', layers: { ann: [span(0, 2, 'X')], ben: [span(0, 2, 'X')], carol: [span(0, 1, 'X')] } },
    { id: 'd2', text: 'abcd', layers: { ann: [span(2, 4, 'X')], ben: [span(3, 4, 'X')] } },
  ];
  const report = computeAgreement({ documents });

  it('compares each pair over the documents both have', () => {
    expect(report.pairs.map((p) => [p.a, p.b, p.documents, p.units])).toEqual([
      ['ann', 'ben', 2, 8],
      ['ann', 'carol', 1, 4],
      ['ben', 'carol', 1, 4],
    ]);
    // ann–carol on d1: ann 1100, carol 1000: p_o = 3/4, p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2, κ = 1/2.
    expect(report.pairs[1]?.kappa).toBeCloseTo(0.5, 12);
    // ann–ben over d1 + d2: ann 1100 0011, ben 1100 0001: p_o = 7/8, p_e = (4/8)(3/8) + (4/8)(5/8) = 1/2, κ = 3/4.
    expect(report.pairs[0]?.kappa).toBeCloseTo(0.75, 12);
    expect(report.labels.X?.kappa).toBeCloseTo((0.75 + 0.5 + 0.5) / 3, 12);
  });

  it('computes Fleiss over the documents every annotator has', () => {
    // d1 only: units with k = 3, 2, 0, 0 marks of 3 raters.
    // P_o = (6 + 2 + 6 + 6)/(4·6) = 20/24; p_1 = 5/12; P_e = (25 + 49)/144; κ = (20/24 − 74/144)/(1 − 74/144) = 46/70.
    expect(report.labels.X?.fleiss).toBeCloseTo(46 / 70, 12);
  });

  it('computes α with the missing values left out', () => {
    // d1 (m = 3): k = 3, 2, 0, 0 → disagreement 2·2·1/2 = 2; d2 (m = 2): k = 0, 0, 1, 2 → 2.
    // Values: ones 5 + 3 = 8, zeros 7 + 5 = 12, n = 20. α = 1 − 19·4/(2·8·12) = 1 − 76/192.
    expect(report.labels.X?.alpha).toBeCloseTo(1 - 76 / 192, 12);
  });

  it('lists each compared document with its annotators', () => {
    expect(report.perDocument.map((d) => [d.doc, d.annotators])).toEqual([
      ['d1', ['ann', 'ben', 'carol']],
      ['d2', ['ann', 'ben']],
    ]);
  });

  it('counts an empty layer as a document the annotator read', () => {
    const withEmpty = computeAgreement({ documents: [{ id: 'd', text: 'abcd', layers: { a: [span(0, 2, 'X')], b: [] } }] });
    expect(withEmpty.documents).toBe(1);
    expect(withEmpty.labels.X?.f1_exact).toBe(0);
    // a 1100, b 0000: p_o = 1/2, p_e = (2/4)·0 + (2/4)·1 = 1/2, κ = 0.
    expect(withEmpty.labels.X?.kappa).toBe(0);
  });
});

describe('token units', () => {
  const whitespaceTokens = (text: string): { start: number; end: number }[] => [...text.matchAll(/\S+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));

  it('marks a token when a span overlaps any part of it', () => {
    // Tokens: Ban 😀 all spam now. alice HATE covers tokens 0–2, bob's "Ba" overlaps token 0.
    const doc: AgreementDocument = { id: 'd', text: TEXT, layers: { alice: [span(0, 10, 'HATE')], bob: [span(0, 2, 'HATE')] } };
    const report = computeAgreement({ documents: [doc], unit: 'token', tokenize: whitespaceTokens });
    expect(report.unit).toBe('token');
    expect(report.units).toBe(5);
    // alice 11100, bob 10000: p_o = 3/5, p_e = (3/5)(1/5) + (2/5)(4/5) = 11/25, κ = (15/25 − 11/25)/(14/25) = 2/7.
    expect(report.labels.HATE?.kappa).toBeCloseTo(2 / 7, 12);
  });

  it('prefers the tokens given with a document over the tokenizer', () => {
    const doc: AgreementDocument = { id: 'd', text: 'ab', tokens: [{ start: 0, end: 1 }, { start: 1, end: 2 }], layers: { a: [span(0, 1, 'X')], b: [span(0, 1, 'X')] } };
    expect(computeAgreement({ documents: [doc], unit: 'token', tokenize: () => [{ start: 0, end: 2 }] }).units).toBe(2);
  });
});

describe('computeConfusion', () => {
  it('counts units by the labels each annotator used, several labels counting in several cells', () => {
    const report = computeConfusion({ documents: [running] });
    expect(report.labels).toEqual(['HATE', 'SPAM', 'none']);
    // Units: B a n → HATE/HATE; 😀 → HATE/none; a l l → {HATE, SPAM}/SPAM; s p a m → SPAM/SPAM; n o w → none/none.
    expect(report.pairs).toEqual([
      {
        a: 'alice',
        b: 'bob',
        documents: 1,
        matrix: [
          [3, 3, 1],
          [0, 7, 0],
          [0, 0, 3],
        ],
      },
    ]);
  });

  it('only counts documents both annotators have', () => {
    const report = computeConfusion({ documents: [running, { id: 'd2', text: 'xyz', layers: { alice: [span(0, 3, 'HATE')] } }] });
    expect(report.pairs[0]?.documents).toBe(1);
    expect(report.pairs[0]?.matrix[0]).toEqual([3, 3, 1]);
  });
});

describe('labels named like Object.prototype properties', () => {
  it.each(['__proto__', 'constructor', 'toString'])('reports the label %j like any other', (label) => {
    const layers = JSON.parse(JSON.stringify({ alice: [span(0, 3, label)], bob: [span(0, 3, label)] })) as AgreementDocument['layers'];
    const report = computeAgreement({ documents: [{ id: 'd1', text: TEXT, layers }] });
    expect(Object.keys(report.labels)).toEqual([label]);
    expect(Object.getOwnPropertyDescriptor(report.labels, label)?.value).toMatchObject({ kappa: 1, f1_exact: 1, support: 2 });
    const unitizing = unitizingAlpha({ length: 10, raters: 2, segments: [0, 1].map((rater) => ({ rater, category: label, start: 0, end: 3 })) });
    expect(Object.keys(unitizing.categories)).toEqual([label]);
  });
});

describe('misuse throws a RangeError naming the place', () => {
  const doc = (layers: AgreementDocument['layers'], id = 'd1', text = 'abc'): AgreementDocument => ({ id, text, layers });
  const cases: [string, AgreementInput, RegExp][] = [
    ['a single annotator', { documents: [doc({ a: [] })] }, /at least two annotators; got "a"/],
    ['no annotators', { documents: [] }, /at least two annotators; got none/],
    ['an annotator listed twice', { documents: [doc({ a: [], b: [] })], annotators: ['a', 'b', 'a'] }, /annotators: "a" is listed twice/],
    ['a label listed twice', { documents: [doc({ a: [], b: [] })], labels: ['X', 'X'] }, /labels: "X" is listed twice/],
    ['a document id used twice', { documents: [doc({ a: [], b: [] }), doc({ a: [], b: [] })] }, /document "d1" appears twice/],
    ['a span past the end of the text', { documents: [doc({ a: [span(1, 4, 'X')], b: [] })] }, /document "d1", layer "a", span 0: \[1, 4\) is not a UTF-16 range inside the text \(length 3\)/],
    ['a span ending before it starts', { documents: [doc({ a: [], b: [span(0, 0, 'X'), span(2, 1, 'X')] })] }, /layer "b", span 1: \[2, 1\)/],
    ['a fractional offset', { documents: [doc({ a: [span(0.5, 2, 'X')], b: [] })] }, /span 0: \[0.5, 2\)/],
    ['token units without tokens', { documents: [doc({ a: [], b: [] })], unit: 'token' }, /document "d1": unit "token" needs the document's tokens or a tokenize function/],
    ['overlapping tokens', { documents: [doc({ a: [], b: [] })], unit: 'token', tokenize: () => [{ start: 0, end: 2 }, { start: 1, end: 3 }] }, /document "d1": token 1 \[1, 3\) must be a non-empty UTF-16 range/],
    ['a token past the text', { documents: [doc({ a: [], b: [] })], unit: 'token', tokenize: () => [{ start: 0, end: 9 }] }, /token 0 \[0, 9\)/],
    ['an unknown unit', { documents: [doc({ a: [], b: [] })], unit: 'word' as 'char' }, /unknown agreement unit "word"; expected "char" or "token"/],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    expect(() => computeAgreement(input)).toThrow(RangeError);
    expect(() => computeAgreement(input)).toThrow(message);
    expect(() => computeConfusion(input)).toThrow(message);
  });

  it('throws when a span splits a surrogate pair', () => {
    const input: AgreementInput = { documents: [{ id: 'd', text: 'a😀', layers: { a: [span(0, 2, 'X')], b: [] } }] };
    expect(() => computeAgreement(input)).toThrow(/document "d", layer "a", span 0: offset 2 falls between the two halves of a surrogate pair/);
  });
});
