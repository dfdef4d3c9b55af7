import { describe, expect, it } from 'vitest';
import { predictSuggestions, taggerRecommender, type TrainingExample } from '../src/index.js';
import { exactF1, syntheticCorpus } from './corpus.js';

const training = syntheticCorpus({ documents: 10, seed: 3 });
const test = syntheticCorpus({ documents: 3, seed: 4 });

describe('tagger', () => {
  const tagger = taggerRecommender({ labels: ['name'] });
  const model = tagger.train(training);

  it('finds the names of unseen documents', () => {
    expect(exactF1(test, (e) => tagger.predict(model, e.document), (s) => s.label === 'name')).toBeGreaterThan(0.9);
  });

  it('gives each suggestion a positive margin and a calibrated score that grows with it', () => {
    const suggestions = test.flatMap((e) => tagger.predict(model, e.document));
    for (const s of suggestions) {
      expect(s.margin).toBeGreaterThan(0);
      expect(s.score).toBeGreaterThan(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
    const sorted = [...suggestions].sort((a, b) => (a.margin as number) - (b.margin as number));
    expect((sorted[0] as { score: number }).score).toBeLessThanOrEqual((sorted[sorted.length - 1] as { score: number }).score);
  });

  it('keeps overlapping labels possible: one model per label', () => {
    // "Guard" is also annotated on its own as another label; both labels are suggested over it.
    const overlapping: TrainingExample[] = training.map((e) => ({
      ...e,
      spans: [...e.spans, ...e.spans.filter((s) => e.document.text.slice(s.start, s.end) === 'National Guard').map((s) => ({ start: s.start + 'National '.length, end: s.end, label: 'force' }))],
    }));
    const both = taggerRecommender({ labels: ['name', 'force'] });
    const text = 'Then the National Guard came to Escobedo.';
    const suggestions = both.predict(both.train(overlapping), { id: 'x', text });
    expect(suggestions.map((s) => `${s.label}:${text.slice(s.start, s.end)}`)).toEqual(['name:National Guard', 'force:Guard', 'name:Escobedo']);
  });

  it('is deterministic and its models are plain data', () => {
    const again = taggerRecommender({ labels: ['name'] }).train([...training].reverse());
    expect(again).toEqual(model);
    const doc = (test[0] as TrainingExample).document;
    expect(predictSuggestions(JSON.parse(JSON.stringify(model)), doc)).toEqual(tagger.predict(model, doc));
    expect(predictSuggestions(structuredClone(model), doc)).toEqual(tagger.predict(model, doc));
  });
});
