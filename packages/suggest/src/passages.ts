/**
 * Passages: the units the passage classifier labels. A passage is a sentence
 * of the formats sentence splitter, or (unit `clause`) a part of one cut
 * after `;`, `:`, `—`, `–` and a comma followed by a coordinating word.
 */
import { tokenize, type Token } from '@glossa/formats/tokenizer';
import { splitSentences } from '@glossa/formats/sentences';

/** A passage as a range of tokens `[first, last)` and of text `[start, end)`. */
export interface Passage {
  readonly first: number;
  readonly last: number;
  /** UTF-16 offset of the first token's start. */
  readonly start: number;
  /** UTF-16 offset of the last token's end. */
  readonly end: number;
}

/** What a passage is: a sentence, or a clause of one. */
export type PassageUnit = 'sentence' | 'clause';

const CLAUSE_BREAKS = new Set([';', ':', '—', '–']);
const COORDINATORS = new Set(['and', 'but', 'or', 'while', 'whereas', 'because', 'although', 'y', 'pero', 'mientras']);

/** Splits a text's tokens into passages. */
export function splitPassages(text: string, tokens: readonly Token[], unit: PassageUnit): Passage[] {
  const passages: Passage[] = [];
  const push = (first: number, last: number): void => {
    if (last > first) passages.push({ first, last, start: (tokens[first] as Token).start, end: (tokens[last - 1] as Token).end });
  };
  for (const sentence of splitSentences(text, tokens)) {
    if (unit === 'sentence') {
      push(sentence.first, sentence.last);
      continue;
    }
    let first = sentence.first;
    for (let i = sentence.first; i < sentence.last - 1; i++) {
      const t = (tokens[i] as Token).text;
      const next = (tokens[i + 1] as Token).text.toLowerCase();
      if (CLAUSE_BREAKS.has(t) || (t === ',' && COORDINATORS.has(next))) {
        push(first, i + 1);
        first = i + 1;
      }
    }
    push(first, sentence.last);
  }
  return passages;
}

/** Tokens and passages of a text. */
export function tokensAndPassages(text: string, unit: PassageUnit): { tokens: Token[]; passages: Passage[] } {
  const tokens = tokenize(text);
  return { tokens, passages: splitPassages(text, tokens, unit) };
}
