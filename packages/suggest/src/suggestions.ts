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
 * Keeps the suggestions that are non-empty, inside `[0, text.length]`, do
 * not split a surrogate pair and have a finite score, clamps scores to
 * [0, 1], and sorts them with {@link compareSuggestions}.
 */
export function finishSuggestions(text: string, suggestions: readonly Suggestion[]): Suggestion[] {
  const kept: Suggestion[] = [];
  for (const s of suggestions) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > text.length || s.start >= s.end) continue;
    if (splitsSurrogatePair(text, s.start) || splitsSurrogatePair(text, s.end) || !Number.isFinite(s.score)) continue;
    kept.push(s.score < 0 || s.score > 1 ? { ...s, score: Math.min(1, Math.max(0, s.score)) } : s);
  }
  return kept.sort(compareSuggestions);
}
