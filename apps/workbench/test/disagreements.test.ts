import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterSpans, disagreements } from '../src/curation/disagreements.js';
import type { LayerSpan } from '../src/curation/disagreements.js';
import { agreedPlans, clusterHasGold, mergeOptions, mergeSpans } from '../src/curation/gold-plan.js';

let next = 0;
function span(layer: string, start: number, end: number, label: string): LayerSpan {
  return { layer, id: `${layer}-${next++}`, start, end, label };
}

/** A cluster printed as `[start,end) kinds agreed?`. */
function printClusters(layers: Record<string, LayerSpan[]>): string[] {
  return clusterSpans(layers).map((c) => `[${c.start},${c.end}) ${c.agreed ? 'agreed' : c.kinds.join('+')}`);
}

describe('clusterSpans', () => {
  it.each([
    { name: 'identical spans agree', alice: [[0, 5, 'a']], bob: [[0, 5, 'a']], clusters: ['[0,5) agreed'] },
    { name: 'same label, other boundaries', alice: [[0, 5, 'a']], bob: [[2, 7, 'a']], clusters: ['[0,7) boundaries'] },
    { name: 'different labels on overlapping text', alice: [[0, 5, 'a']], bob: [[0, 5, 'b']], clusters: ['[0,5) labels'] },
    { name: 'a span only one annotator has', alice: [[0, 5, 'a']], bob: [], clusters: ['[0,5) missing'] },
    { name: 'touching spans are separate clusters', alice: [[0, 5, 'a'], [5, 9, 'b']], bob: [[0, 5, 'a'], [5, 9, 'b']], clusters: ['[0,5) agreed', '[5,9) agreed'] },
    { name: 'a chain of overlaps is one cluster', alice: [[0, 5, 'a'], [8, 12, 'a']], bob: [[4, 9, 'a']], clusters: ['[0,12) boundaries'] },
    { name: 'overlapping labels both matched agree', alice: [[0, 5, 'a'], [3, 8, 'b']], bob: [[0, 5, 'a'], [3, 8, 'b']], clusters: ['[0,8) agreed'] },
  ])('$name', ({ alice, bob, clusters }) => {
    const layers = {
      alice: alice.map(([s, e, l]) => span('alice', s as number, e as number, l as string)),
      bob: bob.map(([s, e, l]) => span('bob', s as number, e as number, l as string)),
    };
    expect(printClusters(layers)).toEqual(clusters);
  });

  it('counts an annotator without a layer as absent, not as disagreeing', () => {
    expect(printClusters({ alice: [span('alice', 0, 5, 'a')] })).toEqual(['[0,5) agreed']);
  });

  it.each([
    { name: 'an empty range', spans: { alice: [span('alice', 3, 3, 'a')] }, message: 'is not a non-empty range' },
    { name: 'a reversed range', spans: { alice: [span('alice', 5, 2, 'a')] }, message: 'is not a non-empty range' },
    { name: 'a negative start', spans: { alice: [span('alice', -1, 2, 'a')] }, message: 'is not a non-empty range' },
    { name: 'a span filed under another layer', spans: { alice: [span('bob', 0, 2, 'a')] }, message: 'belongs to layer "bob" but is listed under "alice"' },
  ])('throws a RangeError for $name', ({ spans, message }) => {
    expect(() => clusterSpans(spans)).toThrow(RangeError);
    expect(() => clusterSpans(spans)).toThrow(message);
  });

  const layerArbitrary = (layer: string) =>
    fc.array(
      fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 10 }), fc.constantFrom('a', 'b', 'c')).map(([start, length, label]) => span(layer, start, start + length, label)),
      { maxLength: 8 },
    );

  it('partitions the spans into clusters that do not overlap each other (property)', () => {
    fc.assert(
      fc.property(layerArbitrary('alice'), layerArbitrary('bob'), layerArbitrary('carol'), (alice, bob, carol) => {
        const clusters = clusterSpans({ alice, bob, carol });
        const all = [...alice, ...bob, ...carol];
        expect(clusters.flatMap((c) => c.spans).map((s) => s.id).sort()).toEqual(all.map((s) => s.id).sort());
        for (let i = 1; i < clusters.length; i++) expect((clusters[i] as { start: number }).start).toBeGreaterThanOrEqual((clusters[i - 1] as { end: number }).end);
        for (const cluster of clusters) {
          // agreed exactly when every distinct span is held by all three layers
          const everyoneHasAll = cluster.candidates.every((c) => c.layers.length === 3);
          expect(cluster.agreed).toBe(everyoneHasAll);
          expect(cluster.kinds.length === 0).toBe(cluster.agreed);
        }
      }),
    );
  });

  it('finds no disagreement when every annotator holds the same spans (property)', () => {
    fc.assert(
      fc.property(layerArbitrary('alice'), (alice) => {
        const copy = (layer: string): LayerSpan[] => alice.map((s) => ({ ...s, layer, id: `${layer}-${s.id}` }));
        expect(disagreements(clusterSpans({ alice, bob: copy('bob'), carol: copy('carol') }))).toEqual([]);
      }),
    );
  });
});

describe('gold plans', () => {
  it('merges same-label spans into the union of their boundaries with every layer as provenance', () => {
    expect(mergeSpans([span('bob', 4, 9, 'a'), span('alice', 2, 6, 'a')])).toEqual({ start: 2, end: 9, label: 'a', provenance: ['alice', 'bob'] });
  });

  it.each([
    { name: 'no spans', spans: [], message: 'at least one span' },
    { name: 'two labels', spans: [span('alice', 0, 4, 'a'), span('bob', 0, 4, 'b')], message: 'spans of one label; got "a" and "b"' },
    { name: 'separate stretches', spans: [span('alice', 0, 4, 'a'), span('bob', 6, 8, 'a')], message: 'do not overlap' },
  ])('refuses to merge $name', ({ spans, message }) => {
    expect(() => mergeSpans(spans)).toThrow(RangeError);
    expect(() => mergeSpans(spans)).toThrow(message);
  });

  it('offers a merge per label with several boundaries', () => {
    const [cluster] = clusterSpans({ alice: [span('alice', 0, 5, 'a')], bob: [span('bob', 2, 8, 'a'), span('bob', 1, 3, 'b')] });
    expect(mergeOptions(cluster as never)).toEqual([{ start: 0, end: 8, label: 'a', provenance: ['alice', 'bob'] }]);
  });

  it('plans the spans at least N annotators agree on, skipping gold and rejected ones', () => {
    const rejected = span('carol', 30, 34, 'c');
    const clusters = clusterSpans({
      alice: [span('alice', 0, 5, 'a'), span('alice', 10, 15, 'b'), span('alice', 20, 24, 'a')],
      bob: [span('bob', 0, 5, 'a'), span('bob', 10, 15, 'b')],
      carol: [span('carol', 0, 5, 'a'), span('carol', 10, 16, 'b'), rejected],
    });
    expect(agreedPlans(clusters, 3, []).map((p) => `${p.start}-${p.end}:${p.provenance.join(',')}`)).toEqual(['0-5:alice,bob,carol']);
    expect(agreedPlans(clusters, 2, []).map((p) => `${p.start}-${p.end}:${p.provenance.join(',')}`)).toEqual(['0-5:alice,bob,carol', '10-15:alice,bob']);
    expect(agreedPlans(clusters, 2, [{ start: 0, end: 5, label: 'a' }]).map((p) => `${p.start}-${p.end}`)).toEqual(['10-15']);
    expect(agreedPlans(clusters, 1, [], (s) => s.id === rejected.id).map((p) => `${p.start}-${p.end}`)).not.toContain('30-34');
    expect(() => agreedPlans(clusters, 0, [])).toThrow(RangeError);
    expect(() => agreedPlans(clusters, 1.5, [])).toThrow('positive integer');
  });

  it('says whether gold covers a cluster', () => {
    const [cluster] = clusterSpans({ alice: [span('alice', 10, 15, 'a')] });
    expect(clusterHasGold(cluster as never, [{ start: 14, end: 20, label: 'x' }])).toBe(true);
    expect(clusterHasGold(cluster as never, [{ start: 15, end: 20, label: 'a' }])).toBe(false);
  });
});
