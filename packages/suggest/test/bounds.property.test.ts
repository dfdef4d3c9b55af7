import fc from 'fast-check';
import { splitsSurrogatePair } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { parsePatternFile, passageClassifierRecommender, patternsRecommender, predictSuggestions, stringMatchRecommender, taggerRecommender, type RecommenderModel, type TrainingExample } from '../src/index.js';
import { NAMES, syntheticCorpus, THEMES } from './corpus.js';

// Training data with emoji and CRLF, and strings annotated across surrogate pairs and line breaks.
const training: TrainingExample[] = [
  ...syntheticCorpus({ documents: 6, seed: 5, noisy: true }),
  {
    document: { id: 'emoji', text: 'Guard 🪖 here.\r\nThe 👩‍👩‍👧 family and 🇲🇽 flags.' },
    spans: [
      { start: 0, end: 8, label: 'name' },
      { start: 20, end: 28, label: 'family' },
      { start: 40, end: 44, label: 'flag' },
    ],
  },
];
const rules = parsePatternFile(
  [
    '{"label": "EMOJI", "pattern": [{"ORTH": "🪖"}]}',
    '{"label": "ANY", "pattern": [{"IS_ALPHA": true}, {"OP": "*"}, {"IS_PUNCT": true}]}',
    '{"label": "FLAG", "pattern": "🇲🇽"}',
    '{"label": "SHAPE", "pattern": [{"SHAPE": {"REGEX": "^X"}}, {"LENGTH": {">": 1}, "OP": "+"}]}',
  ].join('\n'),
);
if (!rules.ok) throw new Error('rules');

const models: RecommenderModel[] = [
  stringMatchRecommender().train(training),
  stringMatchRecommender({ caseInsensitive: true, wholeWords: false }).train(training),
  patternsRecommender({ rules: rules.value, overlaps: 'all' }).train(training),
  passageClassifierRecommender({ hashBits: 12, epochs: 3 }).train(training),
  passageClassifierRecommender({ hashBits: 12, epochs: 3, unit: 'clause' }).train(training),
  taggerRecommender({ hashBits: 12, epochs: 3 }).train(training),
];

const fragments = fc.constantFrom(
  ...Object.values(THEMES).flat(),
  ...NAMES,
  'Guard 🪖',
  '🪖',
  '👩‍👩‍👧',
  '🇲🇽',
  '1️⃣',
  '👍🏽',
  'e\u0301',
  'İstanbul',
  '\r\n',
  '\n',
  '\r',
  ' ',
  '. ',
  ', ',
  ';',
  '\uD83D',
  '\uDE00',
);
const texts = fc.oneof(
  fc.array(fragments, { maxLength: 60 }).map((parts) => parts.join('')),
  fc.array(fc.oneof(fragments, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 30 }).map((parts) => parts.join(' ')),
);

describe('suggestions stay inside their text', () => {
  it('never cross the bounds, never split a surrogate pair, scores in [0, 1] (every built-in recommender)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        for (const model of models) {
          for (const s of predictSuggestions(model, { id: 'p', text })) {
            expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
            expect(s.start).toBeGreaterThanOrEqual(0);
            expect(s.end).toBeLessThanOrEqual(text.length);
            expect(s.start).toBeLessThan(s.end);
            expect(splitsSurrogatePair(text, s.start) || splitsSurrogatePair(text, s.end)).toBe(false);
            expect(s.score).toBeGreaterThanOrEqual(0);
            expect(s.score).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never matches half of a surrogate pair, even when a gazetteer holds one', () => {
    const halves = stringMatchRecommender({ gazetteer: [{ text: '\uDE00', label: 'half' }, { text: 'a\uD83D', label: 'half' }] });
    fc.assert(
      fc.property(texts, (text) => {
        for (const s of halves.predict(halves.train([]), { id: 'h', text })) expect(splitsSurrogatePair(text, s.start) || splitsSurrogatePair(text, s.end)).toBe(false);
      }),
    );
    expect(halves.predict(halves.train([]), { id: 'h', text: 'a😀 \uDE00' }).map((s) => [s.start, s.end])).toEqual([[4, 5]]);
  });

  it('finds the annotated emoji strings again, whole', () => {
    const text = 'A Guard 🪖 and 🇲🇽.\r\nGuard 🪖';
    const suggestions = predictSuggestions(models[0] as RecommenderModel, { id: 'x', text });
    expect(suggestions.map((s) => `${s.label}:${text.slice(s.start, s.end)}`)).toEqual(['name:Guard 🪖', 'flag:🇲🇽', 'name:Guard 🪖']);
  });
});
