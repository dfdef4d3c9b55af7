/**
 * Helpers over lists of suggestions: the canonical order and the guard that
 * keeps every suggestion inside its text and off surrogate pairs.
 */
import { splitsSurrogatePair } from '@glossa/core';
import type { Suggestion } from './types.js';

/** Orders suggestions by (start, end, label, recommender). */
export function compareSuggestions(a: Suggestion, b: Suggestion): number {
  return a.start - b.start || a.end - b.end || compareStrings(a.label, b.label) || compareStrings(a.recommender, b.recommender);
}

/** Compares strings by UTF-16 code units (locale-independent). @internal */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Checks that every suggestion is non-empty, inside `[0, text.length]`, off
 * surrogate pairs and scored in [0, 1], and sorts them with
 * {@link compareSuggestions}. A recommender that breaks this has a bug:
 * it throws a `RangeError` naming the suggestion rather than pass it on.
 */
export function finishSuggestions(text: string, suggestions: readonly Suggestion[]): Suggestion[] {
  for (const s of suggestions) {
    const where = `${s.recommender} suggested ${s.label} at [${s.start}, ${s.end})`;
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > text.length || s.start >= s.end) throw new RangeError(`${where}: outside the text (0..${text.length}) or empty`);
    if (splitsSurrogatePair(text, s.start) || splitsSurrogatePair(text, s.end)) throw new RangeError(`${where}: splits a surrogate pair`);
    if (!(s.score >= 0 && s.score <= 1)) throw new RangeError(`${where}: score ${s.score} is not in [0, 1]`);
  }
  return [...suggestions].sort(compareSuggestions);
}
