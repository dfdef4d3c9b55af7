import { describe, expect, it } from 'vitest';
import type { ConsolidationMethod, CorpusRelation, CorpusSpan } from '../src/index.js';
import { LossRecorder, consolidateLayers, prepareDocument, stripRanges } from '../src/index.js';
import { corpus, schema } from './corpus.js';

const s = (layer: string, start: number, end: number, label = 'HATE'): CorpusSpan => ({
  id: `${layer}${start}-${end}${label}`,
  start,
  end,
  label,
  layer,
  author: layer,
  status: 'proposed',
  note: '',
  created: 0,
  source: 'human',
});
const show = (spans: readonly CorpusSpan[]) => spans.map((x) => `${x.label}[${x.start},${x.end})`);

describe('consolidateLayers (hand-computed)', () => {
  const a = [s('a', 0, 5), s('a', 10, 12, 'SPAM')];
  const b = [s('b', 0, 5), s('b', 20, 22)];
  const c = [s('c', 1, 5), s('c', 10, 12, 'SPAM'), s('c', 30, 31)];
  it.each<[string, 'majority' | 'union' | 'intersection', CorpusSpan[], string[]]>([
    ['majority: 3 of 3 overlap, boundaries by exact votes', 'majority', [...a, ...b, ...c], ['HATE[0,5)', 'SPAM[10,12)']],
    ['majority: 1 of 3 is not enough', 'majority', [s('a', 0, 5), s('b', 9, 10), s('c', 20, 21)], []],
    ['majority: tie on exact votes goes to the earliest start', 'majority', [s('a', 2, 6), s('b', 0, 4), s('c', 40, 41)], ['HATE[0,4)']],
    ['majority: label must match', 'majority', [s('a', 0, 5), s('b', 0, 5, 'SPAM'), s('c', 0, 5, 'ORG')], []],
    ['union: distinct spans of anyone', 'union', [...a, ...b], ['HATE[0,5)', 'SPAM[10,12)', 'HATE[20,22)']],
    ['intersection: exact spans of everyone', 'intersection', [...a, ...b, ...c], []],
    ['intersection: two annotators agreeing exactly', 'intersection', [...a, ...b], ['HATE[0,5)']],
  ])('%s', (_name, method, spans, expected) => {
    expect(show(consolidateLayers(method, spans, {}, 'out').spans)).toEqual(expected);
  });

  it('consolidates document labels: majority, union and intersection', () => {
    const labels = { a: { tox: 'TOXIC', topics: ['POLICY'] }, b: { tox: 'TOXIC', topics: ['POLICY', 'CRIME'] }, c: { tox: 'CLEAN' } };
    expect(consolidateLayers('majority', [], labels, 'o').labels).toEqual({ tox: 'TOXIC', topics: ['POLICY'] });
    expect(consolidateLayers('union', [], labels, 'o').labels).toEqual({ tox: 'TOXIC', topics: ['CRIME', 'POLICY'] });
    expect(consolidateLayers('intersection', [], labels, 'o').labels).toEqual({});
  });

  it('consolidates relations by their ends’ boundaries, pointing them at the kept spans', () => {
    const r = (layer: string, from: CorpusSpan, to: CorpusSpan, directed = true): CorpusRelation => ({ id: `${layer}-r`, from: from.id, to: to.id, label: 'cites', directed, layer });
    const [a1, a2] = [s('a', 0, 5), s('a', 10, 12, 'SPAM')] as [CorpusSpan, CorpusSpan];
    const [b1, b2] = [s('b', 0, 5), s('b', 10, 12, 'SPAM')] as [CorpusSpan, CorpusSpan];
    const c1 = s('c', 0, 5);
    const spans = [a1, a2, b1, b2, c1];
    const relations = [r('a', a1, a2), r('b', b2, b1, false), r('c', c1, c1)];
    const show = (list: readonly CorpusRelation[]) => list.map((x) => `${x.layer}:${x.from}${x.directed ? '→' : '—'}${x.to}`);
    const union = consolidateLayers('union', spans, {}, 'union', relations);
    // a's directed relation and b's undirected one differ; each is kept once, its ends the kept spans' ids (an undirected one's in span order).
    expect(show(union.relations)).toEqual(['union:a0-5HATE→a10-12SPAM', 'union:a0-5HATE—a10-12SPAM', 'union:a0-5HATE→a0-5HATE']);
    const majority = consolidateLayers('majority', spans, {}, 'majority', [...relations, r('b', b1, b2)]);
    expect(show(majority.relations)).toEqual(['majority:a0-5HATE→a10-12SPAM']);
    expect(majority.droppedRelations.map((x) => x.id).sort()).toEqual(['b-r', 'c-r']);
    const intersection = consolidateLayers('intersection', spans, {}, 'all', relations);
    expect([intersection.relations, intersection.droppedRelations.length]).toEqual([[], 3]);
  });

  it('keeps a voted relation out when the span of an end loses to another boundary, reporting it dangling', () => {
    const outer = ['a', 'b', 'c'].map((l) => s(l, 0, 5));
    const inner = ['a', 'b', 'c'].map((l) => s(l, 0, 3));
    const other = ['a', 'b', 'c'].map((l) => s(l, 10, 12, 'SPAM'));
    const relations = ['a', 'b', 'c'].map((l, i): CorpusRelation => ({ id: `${l}-r`, from: (outer[i] as CorpusSpan).id, to: (other[i] as CorpusSpan).id, label: 'cites', directed: true, layer: l }));
    const merged = consolidateLayers('majority', [...outer, ...inner, ...other], {}, 'majority', relations);
    expect(show(merged.spans)).toEqual(['HATE[0,3)', 'SPAM[10,12)']);
    expect([merged.relations, merged.danglingRelations.map((x) => x.id)]).toEqual([[], ['a-r', 'b-r', 'c-r']]);
  });

  it('makes the ids of kept spans unique when two annotators used the same id', () => {
    const twins = [{ ...s('a', 0, 5), id: 'x' }, { ...s('b', 6, 9), id: 'x' }];
    expect(consolidateLayers('union', twins, {}, 'union').spans.map((x) => x.id)).toEqual(['x', 'b:x']);
  });

  it('refuses methods that do not merge annotators', () => {
    expect(() => consolidateLayers('gold' as 'union', [], {}, 'o')).toThrow(RangeError);
  });
});

describe('prepareDocument', () => {
  const d3 = corpus()[2];
  if (d3 === undefined) throw new Error('corpus');
  it.each<[string, ConsolidationMethod | undefined, string[]]>([
    ['default: no gold layer, every annotator', undefined, ['bob', 'carol']],
    ['gold without a gold layer exports no spans', 'gold', ['gold']],
    ['majority', 'majority', ['majority']],
  ])('%s', (_name, consolidation, layers) => {
    expect(prepareDocument(d3, { schema, consolidation }, new LossRecorder()).layers.map((l) => l.name)).toEqual(layers);
  });

  it('filters statuses and excluded labels, recording both', () => {
    const losses = new LossRecorder();
    const doc = prepareDocument(d3, { schema }, losses);
    const labels = doc.layers.flatMap((l) => l.spans.map((x) => x.label));
    expect(labels).not.toContain('boilerplate');
    expect(losses.count('status-filter')).toBe(1);
    expect(losses.count('excluded-label')).toBe(1);
  });

  it('strips boilerplate text and shifts offsets', () => {
    const losses = new LossRecorder();
    const doc = prepareDocument(d3, { schema, stripBoilerplate: true }, losses);
    expect(doc.text.startsWith('\nThe police')).toBe(true);
    for (const l of doc.layers) for (const x of l.spans) expect(d3.text.includes(doc.text.slice(x.start, x.end))).toBe(true);
    const acme = doc.layers.flatMap((l) => l.spans).find((x) => x.label === 'ORG' && doc.text.slice(x.start, x.end) === 'ACME Corp');
    expect(acme).toBeDefined();
  });

  it('stripRanges removes spans inside a cut and shortens spans across it', () => {
    const r = stripRanges('0123456789', [{ start: 2, end: 5 }], [s('a', 3, 4), s('a', 1, 7), s('a', 6, 9)]);
    expect(r.text).toBe('0156789');
    expect(show(r.spans)).toEqual(['HATE[1,4)', 'HATE[3,6)']);
    expect(r.changed.length).toBe(2);
  });

  it('stripRanges drops a fragment inside a cut and joins fragments whose gap is cut', () => {
    const pieces = { ...s('a', 0, 9), fragments: [[0, 2], [3, 4], [7, 9]] as [number, number][] };
    const r = stripRanges('0123456789', [{ start: 2, end: 5 }], [pieces]);
    expect(r.spans.map((x) => [x.start, x.end, x.fragments])).toEqual([[0, 6, [[0, 2], [4, 6]]]]);
    const gap = stripRanges('0123456789', [{ start: 2, end: 3 }], [{ ...s('a', 0, 5), fragments: [[0, 2], [3, 5]] }]);
    expect(gap.spans.map((x) => [x.start, x.end, x.fragments])).toEqual([[0, 4, undefined]]);
  });

  it('strict mode throws at the first loss', () => {
    expect(() => prepareDocument(d3, { schema, strict: true }, new LossRecorder(true))).toThrow(/strict export: (status-filter|excluded-label) in document d3/);
  });
});
