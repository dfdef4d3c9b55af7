import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeAgreement, spanF1, type AgreementDocument, type AgreementRelation, type AgreementSpan } from '@glossa/core';

const TEXT = 'Troops and police are funded by the federal budget and the state budget.';

/** A span over the `occurrence`-th match of `quote` (UTF-16 offsets found with indexOf, never written by hand). */
function at(quote: string, occurrence = 0): { start: number; end: number } {
  let start = -1;
  for (let k = 0; k <= occurrence; k++) start = TEXT.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`'${quote}' not in the text`);
  return { start, end: start + quote.length };
}

function span(id: string, quote: string, label: string, occurrence = 0): AgreementSpan {
  return { id, label, ...at(quote, occurrence) };
}

const fundedBy = (from: string, to: string): AgreementRelation => ({ from, to, label: 'funded-by', directed: true });
const sameAs = (from: string, to: string, directed = false): AgreementRelation => ({ from, to, label: 'same-as', directed });

const troops = at('Troops');
const police = at('police');

/**
 * Three annotators, one document. Alice: Troops → federal budget and police
 * → state budget (funded-by), the two budgets the same (undirected). Bob:
 * the federal budget's span is only "budget", his second funded-by runs the
 * other way (state budget → police), his same-as has its ends the other way
 * round, and one relation is dangling. Carol: Alice's two funded-by exactly,
 * a third from a discontinuous span "Troops … police", and a same-as she
 * marked as directed.
 */
const document: AgreementDocument = {
  id: 'd1',
  text: TEXT,
  layers: {
    alice: [span('a1', 'Troops', 'measure'), span('a2', 'police', 'measure'), span('a3', 'federal budget', 'budget'), span('a4', 'state budget', 'budget')],
    bob: [span('b1', 'Troops', 'measure'), span('b2', 'police', 'measure'), span('b3', 'budget', 'budget'), span('b4', 'state budget', 'budget')],
    carol: [
      span('c1', 'Troops', 'measure'),
      span('c2', 'police', 'measure'),
      span('c3', 'federal budget', 'budget'),
      span('c4', 'state budget', 'budget'),
      { id: 'c5', label: 'measure', start: troops.start, end: police.end, fragments: [[troops.start, troops.end], [police.start, police.end]] },
    ],
  },
  relations: {
    alice: [fundedBy('a1', 'a3'), fundedBy('a2', 'a4'), sameAs('a3', 'a4')],
    bob: [fundedBy('b1', 'b3'), fundedBy('b4', 'b2'), sameAs('b4', 'b3'), fundedBy('b2', 'ghost')],
    carol: [fundedBy('c1', 'c3'), fundedBy('c2', 'c4'), sameAs('c3', 'c4', true), fundedBy('c5', 'c3')],
  },
};

describe('relation agreement (hand-computed)', () => {
  const { relations } = computeAgreement({ documents: [document] });

  it('counts live relations per label and the dangling one apart', () => {
    expect(relations.labels['funded-by']?.support).toBe(7);
    expect(relations.labels['same-as']?.support).toBe(3);
    expect(relations.dangling).toBe(1);
  });

  it('gives F1 per pair over every label', () => {
    // alice–bob: funded-by exact 0 of 2+2, overlap 1 (Troops → budget inside federal budget; state → police runs the other way);
    //            same-as exact 0 (bob's end is "budget"), overlap 1 (ends either way round): exact 0/6, overlap 2·2/6.
    // alice–carol: funded-by exact 2 of 2+3, overlap 2; same-as 0 (undirected against directed): 2·2/7 both.
    // bob–carol: funded-by exact 0 of 2+3, overlap 1; same-as 0: exact 0, overlap 2·1/7.
    expect(relations.pairs).toEqual([
      { a: 'alice', b: 'bob', f1_exact: 0, f1_overlap: 2 / 3 },
      { a: 'alice', b: 'carol', f1_exact: 4 / 7, f1_overlap: 4 / 7 },
      { a: 'bob', b: 'carol', f1_exact: 0, f1_overlap: 2 / 7 },
    ]);
  });

  it('gives F1 per label, the mean over pairs', () => {
    // funded-by: exact (0 + 0.8 + 0)/3, overlap (0.5 + 0.8 + 0.4)/3; same-as: exact 0, overlap (1 + 0 + 0)/3.
    const funded = relations.labels['funded-by'];
    expect(funded?.f1_exact).toBeCloseTo(0.8 / 3, 12);
    expect(funded?.f1_overlap).toBeCloseTo(1.7 / 3, 12);
    expect(relations.labels['same-as']?.f1_exact).toBe(0);
    expect(relations.labels['same-as']?.f1_overlap).toBeCloseTo(1 / 3, 12);
    expect(relations.overall.f1_exact).toBeCloseTo(0.4 / 3, 12);
    expect(relations.overall.f1_overlap).toBeCloseTo((1.7 / 3 + 1 / 3) / 2, 12);
    expect(relations.overall).toMatchObject({ support: 10, labels: 2 });
  });

  it('measures only the relation labels asked for', () => {
    const only = computeAgreement({ documents: [document], relationLabels: ['same-as'] }).relations;
    expect(Object.keys(only.labels)).toEqual(['same-as']);
    expect(only.dangling).toBe(0);
    expect(only.pairs[0]).toEqual({ a: 'alice', b: 'bob', f1_exact: 0, f1_overlap: 1 });
  });

  it('is null, with no support, when no layer has a relation', () => {
    const { relations: none } = computeAgreement({ documents: [{ ...document, relations: undefined }] });
    expect(none).toEqual({
      labels: {},
      overall: { f1_exact: null, f1_overlap: null, support: 0, labels: 0 },
      pairs: [
        { a: 'alice', b: 'bob', f1_exact: null, f1_overlap: null },
        { a: 'alice', b: 'carol', f1_exact: null, f1_overlap: null },
        { a: 'bob', b: 'carol', f1_exact: null, f1_overlap: null },
      ],
      dangling: 0,
    });
  });

  it('refuses a layer with relations whose span ids repeat', () => {
    const twice: AgreementDocument = { ...document, layers: { ...document.layers, alice: [...(document.layers['alice'] ?? []), span('a1', 'state budget', 'budget')] } };
    expect(() => computeAgreement({ documents: [twice] })).toThrow(/document "d1", layer "alice": span id "a1" is used twice/);
  });
});

describe('discontinuous spans in span agreement (hand-computed)', () => {
  // "ab cd ef gh": 8 non-whitespace units. Alice marks "ab … ef" in two fragments, bob "ab cd ef" whole, carol alice's fragments.
  const text = 'ab cd ef gh';
  const pieces = { start: 0, end: 8, label: 'X', fragments: [[0, 2], [6, 8]] as const };
  const report = computeAgreement({ documents: [{ id: 'd', text, layers: { alice: [pieces], bob: [{ start: 0, end: 8, label: 'X' }], carol: [pieces] } }] });

  it('matches exactly only the same fragments, by overlap the covering span', () => {
    expect(report.pairs.map((p) => [p.a, p.b, p.f1_exact, p.f1_overlap])).toEqual([
      ['alice', 'bob', 0, 1],
      ['alice', 'carol', 1, 1],
      ['bob', 'carol', 0, 1],
    ]);
    expect(spanF1([pieces], [{ start: 0, end: 8, label: 'X' }], 'exact')).toBe(0);
  });

  it('covers the units of the fragments only', () => {
    // alice–bob: both 4 (a b e f), bob only 2 (c d), neither 2: p_o = 6/8, p_e = (4/8)(6/8) + (4/8)(2/8) = 1/2, κ = 1/2.
    // alice–carol: identical, κ = 1; bob–carol as alice–bob. Mean over pairs: 2/3.
    expect(report.labels['X']?.kappa).toBeCloseTo((0.5 + 1 + 0.5) / 3, 12);
  });
});

describe('relation agreement properties', () => {
  const layer = fc.record({
    spans: fc.array(fc.tuple(fc.nat(60), fc.integer({ min: 1, max: 10 })), { minLength: 2, maxLength: 6 }),
    relations: fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.constantFrom('funded-by', 'same-as'), fc.boolean()), { maxLength: 8 }),
  });
  const build = (prefix: string, drawn: { spans: [number, number][]; relations: [number, number, string, boolean][] }): { spans: AgreementSpan[]; relations: AgreementRelation[] } => ({
    spans: drawn.spans.map(([start, length], i) => ({ id: `${prefix}${i}`, start, end: Math.min(start + length, TEXT.length), label: 'x' })),
    relations: drawn.relations.map(([from, to, label, directed]) => ({ from: `${prefix}${from}`, to: `${prefix}${to}`, label, directed })),
  });

  it('is 1 for identical layers and does not depend on the order of the annotators', () => {
    fc.assert(
      fc.property(layer, layer, (x, y) => {
        const a = build('a', x);
        const b = build('b', y);
        const copy = build('c', x);
        const doc = (layers: Record<string, { spans: AgreementSpan[]; relations: AgreementRelation[] }>): AgreementDocument => ({
          id: 'd',
          text: TEXT,
          layers: Object.fromEntries(Object.entries(layers).map(([name, l]) => [name, l.spans])),
          relations: Object.fromEntries(Object.entries(layers).map(([name, l]) => [name, l.relations])),
        });
        const same = computeAgreement({ documents: [doc({ p: a, q: copy })] }).relations.pairs[0];
        const live = computeAgreement({ documents: [doc({ p: a, q: copy })] }).relations.overall.support;
        expect(same).toEqual(live === 0 ? { a: 'p', b: 'q', f1_exact: null, f1_overlap: null } : { a: 'p', b: 'q', f1_exact: 1, f1_overlap: 1 });
        const forth = computeAgreement({ documents: [doc({ p: a, q: b })] }).relations.pairs[0];
        const back = computeAgreement({ documents: [doc({ p: b, q: a })] }).relations.pairs[0];
        expect([back?.f1_exact, back?.f1_overlap]).toEqual([forth?.f1_exact, forth?.f1_overlap]);
        if (forth?.f1_exact !== null && forth?.f1_overlap !== null) expect(forth?.f1_exact).toBeLessThanOrEqual((forth?.f1_overlap ?? 0) + 1e-12);
      }),
      { seed: 618, numRuns: 300 },
    );
  });
});
