import { describe, expect, it } from 'vitest';
import { learningCurve, type TrainingExample } from '../src/index.js';

/** Four documents, each "army guard police navy." with every word annotated: words are learned one span at a time. */
const TEXT = 'army guard police navy.';
const EXAMPLES: TrainingExample[] = ['d1', 'd2', 'd3', 'd4'].map((id) => ({
  document: { id, text: TEXT },
  spans: ['army', 'guard', 'police', 'navy'].map((word) => ({ start: TEXT.indexOf(word), end: TEXT.indexOf(word) + word.length, label: 'militarization' })),
}));

describe('learningCurve', () => {
  it('rises with the annotations learned, up to what every fold can train on', () => {
    const curve = learningCurve({ kind: 'string-match', name: 'strings' }, EXAMPLES, { folds: 4, points: 4 });
    // Each fold trains on three documents: 12 spans; the points are 3, 6, 9 and 12 of them.
    expect(curve.map((p) => p.annotations)).toEqual([3, 6, 9, 12]);
    // Three spans teach three of the four words: every held-out word of those is found, one in four is missed.
    expect(curve[0]?.exact).toMatchObject({ precision: 1, recall: 0.75, matches: 12, reference: 16 });
    // Six spans and more hold the first document whole: all four words.
    for (const point of curve.slice(1)) expect(point.exact).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it('is empty with fewer than two documents, and refuses a bad number of points', () => {
    expect(learningCurve({ kind: 'string-match', name: 'strings' }, EXAMPLES.slice(0, 1))).toEqual([]);
    expect(() => learningCurve({ kind: 'string-match', name: 'strings' }, EXAMPLES, { points: 0 })).toThrow('points must be a positive integer, not 0');
  });
});
