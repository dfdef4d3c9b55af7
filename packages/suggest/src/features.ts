/**
 * Hashed features of words: what the passage classifier and the tagger see
 * of a text. A feature is a string (`w=guard`, `w2=national guard`) hashed
 * into `2^bits` buckets, so models need no vocabulary.
 *
 * @internal
 */
import type { Token } from '@glossa/formats/tokenizer';
import { combineHashes, hashString } from './digest.js';

const WORDLIKE = /[\p{L}\p{N}]/u;
const DIGITS = /\p{Nd}/gu;

/** The form a word takes in features: lowercased, digits as `0`. */
export function wordForm(text: string): string {
  return text.toLowerCase().replace(DIGITS, '0');
}

/** Whether a token is a word (holds a letter or digit), not punctuation or a symbol. */
export function isWordToken(token: Token): boolean {
  return WORDLIKE.test(token.text);
}

const UNIGRAM = hashString('w=');
const BIGRAM = hashString('w2=');

/**
 * The hashed word (`w=`) and word-pair (`w2=`) features of the word tokens
 * `[first, last)`, each once, sorted.
 */
export function passageFeatures(tokens: readonly Token[], first: number, last: number, forms: readonly number[], mask: number): Int32Array {
  const set = new Set<number>();
  let previous = -1;
  for (let i = first; i < last; i++) {
    const form = forms[i] as number;
    if (form < 0) continue;
    set.add(combineHashes(UNIGRAM, form) & mask);
    if (previous >= 0) set.add(combineHashes(combineHashes(BIGRAM, previous), form) & mask);
    previous = form;
  }
  return Int32Array.from(set).sort();
}

/** The hash of each token's word form, or -1 for a token that is not a word. */
export function wordFormHashes(tokens: readonly Token[]): number[] {
  return tokens.map((t) => (isWordToken(t) ? hashString(wordForm(t.text)) : -1));
}
