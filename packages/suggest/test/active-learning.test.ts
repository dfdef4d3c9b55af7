import { describe, expect, it } from 'vitest';
import { documentUncertainty, NoveltyIndex, orderByUncertainty, rankByUsefulness, rankDocuments, selectBatch, uncertainty } from '../src/index.js';

describe('uncertainty', () => {
  it('is 1 at 0.5 and 0 at the ends', () => {
    expect([0, 0.1, 0.5, 0.75, 1].map(uncertainty)).toEqual([0, 0.19999999999999996, 1, 0.5, 0]);
  });

  it('orders suggestions most uncertain first, then by smaller margin, then by position; drops none', () => {
    const s = (start: number, score: number, margin?: number) => ({ start, end: start + 1, label: 'x', score, ...(margin === undefined ? {} : { margin }) });
    const ordered = orderByUncertainty([s(0, 0.95), s(1, 0.5, 2), s(2, 0.5, 0.5), s(3, 0.2), s(4, 0.8)]);
    expect(ordered.map((x) => x.start)).toEqual([2, 1, 3, 4, 0]);
  });

  it('of a document is the mean of its scores’ uncertainties, 1 when it has none', () => {
    expect(documentUncertainty([0.5, 1])).toBe(0.5);
    expect(documentUncertainty([])).toBe(1);
  });
});

describe('NoveltyIndex', () => {
  const index = new NoveltyIndex([
    { id: 'a', text: 'Police training, police.' },
    { id: 'b', text: 'police TRAINING' },
    { id: 'c', text: 'Army barracks' },
  ]);

  it('is 1 for everything while nothing is annotated', () => {
    expect(['a', 'b', 'c'].map((id) => index.novelty(id))).toEqual([1, 1, 1]);
  });

  it('computes TF-IDF cosine similarity as documented (hand-computed)', () => {
    // n = 3; police and training are in 2 documents: idf = ln(4/3) + 1. a has police twice: tf = 1 + ln 2.
    const idf = Math.log(4 / 3) + 1;
    const [a0, a1] = [(1 + Math.log(2)) * idf, idf];
    const [b0, b1] = [idf, idf];
    const cosine = (a0 * b0 + a1 * b1) / (Math.hypot(a0, a1) * Math.hypot(b0, b1));
    expect(index.similarity('a', 'b')).toBeCloseTo(cosine, 12);
    expect(index.similarity('a', 'c')).toBe(0);
    index.markAnnotated('a');
    expect(index.novelty('b')).toBeCloseTo(1 - cosine, 12);
    expect(index.novelty('c')).toBe(1);
    expect(index.novelty('a')).toBeCloseTo(0, 12);
  });

  it('ranks documents not yet annotated by uncertainty × novelty', () => {
    const ranked = rankByUsefulness(
      [
        { id: 'a', uncertainty: 1 },
        { id: 'b', uncertainty: 1 },
        { id: 'c', uncertainty: 0.5 },
      ],
      index,
    );
    expect(ranked.map((r) => r.id)).toEqual(['c', 'b']);
    expect(ranked[0]).toEqual({ id: 'c', uncertainty: 0.5, novelty: 1, usefulness: 0.5 });
  });

  it('refuses unknown documents', () => {
    expect(() => index.novelty('zzz')).toThrow(RangeError);
    expect(() => index.markAnnotated('zzz')).toThrow(RangeError);
  });
});

describe('selectBatch', () => {
  const documents = [
    { id: 'p1', text: 'Police training academy.' },
    { id: 'p2', text: 'Police training academy again.' },
    { id: 'm1', text: 'Army barracks and soldiers.' },
    { id: 'b1', text: 'Budget in pesos.' },
  ];

  it('picks the most useful document, then what is most useful beside the picks (a near-duplicate of a pick comes last)', () => {
    const index = new NoveltyIndex(documents);
    const candidates = [
      { id: 'p1', uncertainty: 1 },
      { id: 'p2', uncertainty: 0.95 },
      { id: 'm1', uncertainty: 0.6 },
      { id: 'b1', uncertainty: 0.5 },
    ];
    // Ranked once, the near-duplicate p2 comes second; in a batch it comes after the documents unlike p1.
    expect(rankByUsefulness(candidates, index).map((r) => r.id)).toEqual(['p1', 'p2', 'm1', 'b1']);
    const batch = selectBatch(candidates, index, 3);
    expect(batch.map((r) => r.id)).toEqual(['p1', 'm1', 'b1']);
    expect(batch[0]).toEqual({ id: 'p1', uncertainty: 1, novelty: 1, usefulness: 1 });
    expect(selectBatch(candidates, index, 4).at(-1)).toEqual({ id: 'p2', uncertainty: 0.95, novelty: 1 - index.similarity('p1', 'p2'), usefulness: 0.95 * (1 - index.similarity('p1', 'p2')) });
    // The index is left as it was.
    expect(index.novelty('p2')).toBe(1);
  });

  it('leaves out annotated documents, and picks no more than are left', () => {
    const index = new NoveltyIndex(documents);
    index.markAnnotated('p1');
    const batch = selectBatch(documents.map((d) => ({ id: d.id, uncertainty: 1 })), index, 10);
    expect(batch.map((r) => r.id)).toEqual(['b1', 'm1', 'p2']);
    expect(() => selectBatch([], index, -1)).toThrow(RangeError);
  });
});

describe('rankDocuments', () => {
  const docs = [
    { id: 'army-1', text: 'The army patrols the city and the army stays.', annotated: true, scores: [] },
    { id: 'army-2', text: 'The army patrols the city; the army leaves.', annotated: false, scores: [0.5, 0.5] },
    { id: 'mayor', text: 'A mayor talks of schools, parks, jobs for young people.', annotated: false, scores: [0.5] },
    { id: 'sure', text: 'Budget lines for hospitals and roads were approved.', annotated: false, scores: [1, 0] },
  ];

  it('leaves annotated documents out and puts novel, uncertain ones first', () => {
    const ranked = rankDocuments(docs);
    expect(ranked.map((r) => r.id)).toEqual(['mayor', 'army-2', 'sure']);
    const byId = new Map(ranked.map((r) => [r.id, r]));
    expect(byId.get('mayor')).toMatchObject({ uncertainty: 1, novelty: 1, usefulness: 1 });
    // Near-duplicate of an annotated document: little novelty, however uncertain.
    expect(byId.get('army-2')?.novelty).toBeLessThan(0.5);
    // Scores of 0 and 1: the model is sure, nothing to learn there.
    expect(byId.get('sure')).toMatchObject({ uncertainty: 0, usefulness: 0 });
  });

  it('counts a document without suggestions as fully uncertain, and every document novel while none is annotated', () => {
    const ranked = rankDocuments(docs.map((d) => ({ ...d, annotated: false, scores: [] })));
    expect(ranked.map((r) => [r.id, r.usefulness])).toEqual([
      ['army-1', 1],
      ['army-2', 1],
      ['mayor', 1],
      ['sure', 1],
    ]);
  });
});
