import { describe, expect, it } from 'vitest';
import { passageClassifierRecommender, predictSuggestions, type TrainingExample } from '../src/index.js';
import { exactF1, syntheticCorpus, THEMES } from './corpus.js';

const training = syntheticCorpus({ documents: 12, seed: 1 });
const test = syntheticCorpus({ documents: 4, seed: 2 });
const themes = Object.keys(THEMES);

describe('passage-classifier', () => {
  const classifier = passageClassifierRecommender({ labels: themes });
  const model = classifier.train(training);

  it('suggests the theme passages of unseen documents, most of them exactly', () => {
    expect(exactF1(test, (e) => classifier.predict(model, e.document), (s) => s.label !== 'name')).toBeGreaterThan(0.8);
  });

  it('gives calibrated scores in [0, 1] with the margin from the threshold', () => {
    const suggestions = classifier.predict(model, (test[0] as TrainingExample).document);
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(s.margin).toBeGreaterThanOrEqual(0);
      expect(themes).toContain(s.label);
    }
    for (const decision of model.labels) expect(decision.threshold).toBeGreaterThan(0);
  });

  it('scores every passage for every label', () => {
    const doc = (test[0] as TrainingExample).document;
    const passages = classifier.scorePassages(model, doc);
    expect(passages.length).toBeGreaterThan(10);
    for (const p of passages) expect(Object.keys(p.scores)).toEqual(themes.slice().sort());
    // A passage made only of one theme's words scores high for it.
    const [probe] = classifier.scorePassages(model, { id: 'p', text: 'Soldiers and troops and marines in the barracks.' });
    expect(probe?.scores.militarization).toBeGreaterThan(0.5);
    expect(probe?.scores.budget).toBeLessThan(0.5);
  });

  it('suggests passage by passage, or merges adjacent passages of one label when asked', () => {
    const text = 'Soldiers and troops in barracks. Marines and generals and the army. The budget and taxes.';
    const separate = classifier.predict(model, { id: 'm', text }).filter((s) => s.label === 'militarization');
    expect(separate.map((s) => text.slice(s.start, s.end))).toEqual(['Soldiers and troops in barracks.', 'Marines and generals and the army.']);
    const merging = passageClassifierRecommender({ labels: themes, mergeAdjacent: true });
    const merged = merging.predict(merging.train(training), { id: 'm', text }).filter((s) => s.label === 'militarization');
    expect(merged.map((s) => text.slice(s.start, s.end))).toEqual(['Soldiers and troops in barracks. Marines and generals and the army.']);
    expect(merged[0]?.explanation).toBe('2 adjacent passages classified');
  });

  it('splits clauses when asked', () => {
    const clauses = passageClassifierRecommender({ labels: themes, unit: 'clause' });
    const text = 'Soldiers and troops in the barracks; the budget and taxes and spending.';
    const suggestions = clauses.predict(clauses.train(training), { id: 'c', text });
    expect(suggestions.map((s) => `${s.label}:${text.slice(s.start, s.end)}`)).toEqual(['militarization:Soldiers and troops in the barracks;', 'budget:the budget and taxes and spending.']);
  });

  it('is deterministic: same data and seed, same model and version; another seed, another version', () => {
    const again = passageClassifierRecommender({ labels: themes }).train([...training].reverse());
    expect(again).toEqual(model);
    expect(passageClassifierRecommender({ labels: themes, seed: 2 }).train(training).version).not.toBe(model.version);
  });

  it('survives structuredClone and JSON', () => {
    const doc = (test[1] as TrainingExample).document;
    const expected = classifier.predict(model, doc);
    expect(predictSuggestions(structuredClone(model), doc)).toEqual(expected);
    expect(predictSuggestions(JSON.parse(JSON.stringify(model)), doc)).toEqual(expected);
  });

  it('learns document labels from the same features', () => {
    const words = (theme: string, k: number): string => (THEMES[theme] as readonly string[]).map((w, i) => `${i === 0 ? w[0]?.toUpperCase() + w.slice(1) : w} and the city ${k}.`).join(' ');
    const labelled: TrainingExample[] = Array.from({ length: 8 }, (_, k) => {
      const theme = k % 2 === 0 ? 'budget' : 'militarization';
      return { document: { id: `d${k}`, text: words(theme, k) }, spans: [], documentLabels: { topic: theme === 'budget' ? 'money' : 'force', country: ['mexico'] } };
    });
    const withDocs = classifier.train(labelled);
    const suggestions = classifier.predictDocumentLabels(withDocs, { id: 'x', text: 'The budget and taxes. Spending and grants and funds. Investment in pesos.' });
    expect(suggestions.map((s) => `${s.group}=${s.value}`)).toEqual(['country=mexico', 'topic=money', 'topic=force']);
    expect(suggestions[1]).toMatchObject({ recommender: 'passage-classifier', modelVersion: withDocs.version });
    expect(suggestions[1]?.score).toBeGreaterThan(suggestions[2]?.score as number);
    expect(withDocs.version).not.toBe(model.version);
  });

  it('suggests nothing for a label it never saw a positive example of', () => {
    const none = passageClassifierRecommender({ labels: ['absent'] });
    expect(none.predict(none.train(training), (test[0] as TrainingExample).document)).toEqual([]);
  });
});
