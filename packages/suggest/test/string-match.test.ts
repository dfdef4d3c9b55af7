import { describe, expect, it } from 'vitest';
import { formatSuggestIssue, parseGazetteer, predictSuggestions, stringMatchRecommender, updateModel, type TrainingExample } from '../src/index.js';
import { spanTexts } from './corpus.js';

const doc = (id: string, text: string, spans: { text: string; label: string; nth?: number }[] = []): TrainingExample => ({
  document: { id, text },
  spans: spans.map(({ text: needle, label, nth = 0 }) => {
    let at = -1;
    for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not in ${text}`);
    return { start: at, end: at + needle.length, label };
  }),
});

describe('string-match', () => {
  const training = [
    doc('a', 'The National Guard patrols. The Guard left. The Guard returned.', [
      { text: 'National Guard', label: 'militarization' },
      { text: 'Guard', label: 'militarization', nth: 1 },
      { text: 'Guard', label: 'militarization', nth: 2 },
    ]),
    doc('b', 'A Guard and a guard.', [{ text: 'Guard', label: 'policing' }]),
  ];

  it('suggests every occurrence with the label’s share of the string’s annotations', () => {
    const matcher = stringMatchRecommender();
    const model = matcher.train(training);
    const text = 'Then the National Guard and the Guard came; guardian and guard did not.';
    const suggestions = matcher.predict(model, { id: 'c', text });
    expect(suggestions.map((s) => `${s.label}:${text.slice(s.start, s.end)}:${s.score.toFixed(2)}`)).toEqual([
      'militarization:National Guard:1.00',
      'militarization:Guard:0.67',
      'policing:Guard:0.33',
    ]);
    const guard = suggestions.find((s) => s.label === 'militarization' && text.slice(s.start, s.end) === 'Guard');
    expect(guard?.margin).toBeCloseTo(2 / 3 - 1 / 3);
    expect(guard?.explanation).toBe('annotated 2 of 3 times with this label');
    expect(suggestions.every((s) => s.recommender === 'string-match' && s.modelVersion === model.version)).toBe(true);
  });

  it('matches regardless of case when asked, and inside words when whole words are off', () => {
    const text = 'the GUARD, a guardian';
    const insensitive = stringMatchRecommender({ caseInsensitive: true });
    expect(spanTexts(text, insensitive.predict(insensitive.train(training), { id: 'c', text }))).toEqual(['militarization:GUARD', 'policing:GUARD']);
    const parts = stringMatchRecommender({ caseInsensitive: true, wholeWords: false });
    expect(spanTexts(text, parts.predict(parts.train(training), { id: 'c', text }))).toEqual(['militarization:GUARD', 'policing:GUARD', 'militarization:guard', 'policing:guard']);
  });

  it('keeps offsets right when case folding changes a code point’s length', () => {
    // "İ" lowercases to two code units; folding keeps it, so later offsets still match the text.
    const matcher = stringMatchRecommender({ caseInsensitive: true });
    const model = matcher.train([doc('a', 'the guard', [{ text: 'guard', label: 'x' }])]);
    const text = 'İİ 😀 GUARD';
    expect(spanTexts(text, matcher.predict(model, { id: 'b', text }))).toEqual(['x:GUARD']);
  });

  it('drops minority labels below minScore', () => {
    const matcher = stringMatchRecommender({ minScore: 0.5 });
    const text = 'the Guard';
    expect(spanTexts(text, matcher.predict(matcher.train(training), { id: 'c', text }))).toEqual(['militarization:Guard']);
  });

  it('is seeded by a gazetteer, each entry counting as one annotation', () => {
    const gazetteer = parseGazetteer('# seeds\nNational Guard\tmilitarization\nGuard\tpolicing\n');
    if (!gazetteer.ok) throw new Error('gazetteer');
    const matcher = stringMatchRecommender({ gazetteer: gazetteer.value });
    const text = 'the National Guard and the Guard';
    expect(spanTexts(text, matcher.predict(matcher.train([]), { id: 'c', text }))).toEqual(['militarization:National Guard', 'policing:Guard']);
    const trained = matcher.predict(matcher.train(training), { id: 'c', text });
    expect(trained.filter((s) => text.slice(s.start, s.end) === 'Guard').map((s) => `${s.label}:${s.score}`)).toEqual(['militarization:0.5', 'policing:0.5']);
  });

  it('updates a model incrementally to exactly the model trained from scratch', () => {
    const matcher = stringMatchRecommender();
    const changed = doc('b', 'A Guard and a guard.', [{ text: 'guard', label: 'policing' }]);
    const added = doc('c', 'Soldiers everywhere.', [{ text: 'Soldiers', label: 'militarization' }]);
    const updated = matcher.update(matcher.train(training), { upsert: [changed, added] });
    const scratch = matcher.train([training[0] as TrainingExample, changed, added]);
    expect(updated).toEqual(scratch);
    expect(updated.version).toBe(scratch.version);
    const removed = matcher.update(updated, { remove: ['c'] });
    expect(removed.version).toBe(matcher.train([training[0] as TrainingExample, changed]).version);
    expect(updateModel(updated, { remove: ['c'] })).toEqual(removed);
  });

  it('gives the same version for the same data in any order, and another for other data', () => {
    const matcher = stringMatchRecommender();
    expect(matcher.train([...training].reverse()).version).toBe(matcher.train(training).version);
    expect(matcher.train(training.slice(0, 1)).version).not.toBe(matcher.train(training).version);
    expect(stringMatchRecommender({ caseInsensitive: true }).train(training).version).not.toBe(matcher.train(training).version);
  });

  it('survives structuredClone and JSON: the copy predicts the same', () => {
    const model = stringMatchRecommender().train(training);
    const text = 'National Guard and Guard';
    const expected = predictSuggestions(model, { id: 'x', text });
    expect(predictSuggestions(structuredClone(model), { id: 'x', text })).toEqual(expected);
    expect(predictSuggestions(JSON.parse(JSON.stringify(model)), { id: 'x', text })).toEqual(expected);
  });
});

describe('parseGazetteer', () => {
  it('reports every bad line with its number', () => {
    const result = parseGazetteer('Guard\tmilitarization\nno tab here\n\ta\nx\t\na\tb\tc\nGuard\tunknown\r\n', { file: 'g.tsv', labels: new Set(['militarization']) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatSuggestIssue)).toEqual([
      'g.tsv:2: expected `text<TAB>label`; the line has no tab',
      'g.tsv:3: the text (first column) is empty',
      'g.tsv:4: the label (second column) is empty',
      'g.tsv:5: expected two columns (text, label); the line has 3',
      'g.tsv:6: unknown label "unknown"; expected one of militarization',
    ]);
  });

  it('skips comments and empty lines, and a byte order mark', () => {
    expect(parseGazetteer('\uFEFF# c\n\nNational Guard\tmilitarization\n')).toEqual({ ok: true, value: [{ text: 'National Guard', label: 'militarization' }] });
  });
});
