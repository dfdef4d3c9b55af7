import { describe, expect, it } from 'vitest';
import { SplitSpecError, assignSplit, assignSplits, parseSplitSpec } from '../src/index.js';

describe('parseSplitSpec', () => {
  it('parses name=fraction lists', () => {
    expect(parseSplitSpec('train=0.8,validation=0.1,test=0.1').map((s) => s.name)).toEqual(['train', 'validation', 'test']);
  });
  it.each([
    ['train=0.8,test=0.1', /sum to 1/],
    ['train', /expected name=fraction/],
    ['train=0.5,train=0.5', /given twice/],
    ['train=1,test=0', /greater than 0/],
  ])('%j is refused', (spec, message) => {
    expect(() => parseSplitSpec(spec)).toThrow(SplitSpecError);
    expect(() => parseSplitSpec(spec)).toThrow(message);
  });
});

describe('assignSplits', () => {
  const shares = parseSplitSpec('train=0.8,validation=0.1,test=0.1');
  const ids = Array.from({ length: 1000 }, (_, i) => `doc-${i}`);

  it('is deterministic for a seed and differs between seeds', () => {
    const a = ids.map((id) => assignSplit(id, { shares, seed: 1 }));
    expect(ids.map((id) => assignSplit(id, { shares, seed: 1 }))).toEqual(a);
    expect(ids.map((id) => assignSplit(id, { shares, seed: 2 }))).not.toEqual(a);
  });

  it('keeps a document in its split when documents are added', () => {
    const before = assignSplits(ids.slice(0, 500).map((id) => ({ id })), { shares, seed: 7 });
    const after = assignSplits(ids.map((id) => ({ id })), { shares, seed: 7 });
    for (const [id, split] of before) expect(after.get(id)).toBe(split);
  });

  it('gives roughly the fractions without stratification', () => {
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(assignSplit(id, { shares, seed: 0 }), (counts.get(assignSplit(id, { shares, seed: 0 })) ?? 0) + 1);
    expect(counts.get('train')).toBeGreaterThan(740);
    expect(counts.get('train')).toBeLessThan(860);
  });

  it.each([
    [10, { train: 8, validation: 1, test: 1 }],
    [20, { train: 16, validation: 2, test: 2 }],
    // Boundaries at round(0.8 × 5) = 4 and round(0.9 × 5) = 5: the test split of a 5-document stratum is empty.
    [5, { train: 4, validation: 1, test: 0 }],
  ])('stratifies %i documents per stratum exactly', (n, expected) => {
    const docs = ['TOXIC', 'CLEAN'].flatMap((stratum) => Array.from({ length: n }, (_, i) => ({ id: `${stratum}-${i}`, stratum })));
    const assigned = assignSplits(docs, { shares, seed: 3, stratifyBy: 'toxicity' });
    for (const stratum of ['TOXIC', 'CLEAN']) {
      const counts: Record<string, number> = { train: 0, validation: 0, test: 0 };
      for (const d of docs.filter((x) => x.stratum === stratum)) counts[assigned.get(d.id) as string]! += 1;
      expect(counts).toEqual(expected);
    }
  });

  it('moves at most one document per boundary of a stratum when one document is added', () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, stratum: 'A' }));
    const before = assignSplits(docs, { shares, seed: 9, stratifyBy: 'g' });
    const after = assignSplits([...docs, { id: 'new', stratum: 'A' }, { id: 'other', stratum: 'B' }], { shares, seed: 9, stratifyBy: 'g' });
    const moved = docs.filter((d) => before.get(d.id) !== after.get(d.id)).length;
    expect(moved).toBeLessThanOrEqual(shares.length - 1);
  });
});
