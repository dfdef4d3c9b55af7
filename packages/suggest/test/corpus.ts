/**
 * A seeded synthetic corpus for the recommenders' tests: sentences about one
 * of four themes (each with its own words among common filler) or none,
 * sprinkled with names. Theme spans cover whole sentences; name spans cover
 * the name. Offsets are UTF-16; texts may carry emoji and CRLF line breaks.
 */
import type { LabeledSpan } from '@glossa/core';
import type { TrainingExample } from '../src/index.js';
import { seededRandom } from '../src/random.js';

export const THEMES: Readonly<Record<string, readonly string[]>> = {
  militarization: ['soldiers', 'army', 'troops', 'military', 'barracks', 'generals', 'marines'],
  policing: ['police', 'officers', 'training', 'academy', 'salaries', 'certification', 'patrols'],
  technology: ['cameras', 'drones', 'data', 'analysis', 'software', 'centres', 'mapping'],
  budget: ['budget', 'funds', 'pesos', 'spending', 'taxes', 'investment', 'grants'],
};
const FILLER = 'the a of in to and said that was for on with as by at from its will more than new city government state plan'.split(' ');
export const NAMES = ['Clara Luz Flores', 'National Guard', 'Miraflores', 'Escobedo', 'Nuevo León'];

/** Options of {@link syntheticCorpus}. */
export interface CorpusOptions {
  readonly documents: number;
  readonly sentences?: number;
  readonly seed: number;
  /** Put an emoji in some sentences and end some lines with CRLF. */
  readonly noisy?: boolean;
}

/** A seeded corpus of annotated documents (see the module comment). */
export function syntheticCorpus(options: CorpusOptions): TrainingExample[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const themes = Object.keys(THEMES);
  return Array.from({ length: options.documents }, (_, d) => {
    let text = '';
    const spans: LabeledSpan[] = [];
    for (let s = 0; s < (options.sentences ?? 30); s++) {
      const theme = random() < 0.5 ? pick(themes) : undefined;
      const start = text.length;
      let sentence = '';
      const words = 8 + Math.floor(random() * 12);
      for (let w = 0; w < words; w++) {
        if (w > 0) sentence += ' ';
        if (random() < 0.07) {
          const name = pick(NAMES);
          spans.push({ start: start + sentence.length, end: start + sentence.length + name.length, label: 'name' });
          sentence += name;
          continue;
        }
        const word = theme !== undefined && random() < 0.35 ? pick(THEMES[theme] as readonly string[]) : pick(FILLER);
        sentence += w === 0 ? word[0]?.toUpperCase() + word.slice(1) : word;
        if (options.noisy && random() < 0.05) sentence += ' 🪖';
      }
      sentence += '.';
      if (theme !== undefined) spans.push({ start, end: start + sentence.length, label: theme });
      text += sentence + (options.noisy && random() < 0.2 ? '\r\n' : ' ');
    }
    return { document: { id: `doc-${String(d).padStart(3, '0')}`, text }, spans };
  });
}

/**
 * Exact-match F1 of a predictor over test documents, counting only the
 * reference spans `keep` selects: 2·matches / (predicted + reference).
 */
export function exactF1(test: readonly TrainingExample[], predict: (example: TrainingExample) => readonly LabeledSpan[], keep: (span: LabeledSpan) => boolean): number {
  let exact = 0;
  let predicted = 0;
  let reference = 0;
  for (const example of test) {
    const gold = new Set(example.spans.filter(keep).map((s) => `${s.start}:${s.end}:${s.label}`));
    const suggestions = predict(example);
    predicted += suggestions.length;
    reference += gold.size;
    exact += suggestions.filter((s) => gold.has(`${s.start}:${s.end}:${s.label}`)).length;
  }
  return (2 * exact) / (predicted + reference);
}

/** Spans as `label:text` strings, for readable assertions. */
export function spanTexts(text: string, spans: readonly LabeledSpan[]): string[] {
  return spans.map((s) => `${s.label}:${text.slice(s.start, s.end)}`);
}
