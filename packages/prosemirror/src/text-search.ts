/**
 * Finding a text in a document: every occurrence of a query inside one
 * paragraph (a match never spans a paragraph break), with or without case,
 * as a whole word or anywhere. Matches are ranges of ProseMirror positions.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';

/** How a query matches. */
export interface TextSearchOptions {
  /** Match upper and lower case exactly. @default false */
  readonly caseSensitive?: boolean;
  /**
   * Match only where the query is not part of a longer word: no letter,
   * digit, combining mark or underscore right before or after it (checked
   * only at an edge of the query that is itself such a character, so
   * "U.S." matches before a space). @default false
   */
  readonly wholeWord?: boolean;
}

/** One occurrence: `[from, to)` in positions. */
export interface TextMatch {
  readonly from: number;
  readonly to: number;
}

/** A character that belongs to a word, for `wholeWord`. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;
const WORD_CHARACTER_SOURCE = '[\\p{L}\\p{N}\\p{M}_]';

/** The query as a literal for a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The regular expression that finds `query` with `options` (global,
 * Unicode), or `null` for an empty query.
 */
export function searchExpression(query: string, options: TextSearchOptions = {}): RegExp | null {
  if (query === '') return null;
  const characters = [...query];
  const first = characters[0] ?? '';
  const last = characters[characters.length - 1] ?? '';
  const before = options.wholeWord === true && WORD_CHARACTER.test(first) ? `(?<!${WORD_CHARACTER_SOURCE})` : '';
  const after = options.wholeWord === true && WORD_CHARACTER.test(last) ? `(?!${WORD_CHARACTER_SOURCE})` : '';
  return new RegExp(`${before}${escapeRegExp(query)}${after}`, options.caseSensitive === true ? 'gu' : 'giu');
}

/** The occurrences of `query` in `text` as `[start, end)` offsets, in order, not overlapping. */
export function findInText(text: string, query: string, options: TextSearchOptions = {}): { start: number; end: number }[] {
  const expression = searchExpression(query, options);
  if (expression === null) return [];
  const found: { start: number; end: number }[] = [];
  for (const match of text.matchAll(expression)) found.push({ start: match.index, end: match.index + match[0].length });
  return found;
}

/**
 * Every occurrence of `query` in the document, in order, each inside one
 * paragraph. An empty query finds nothing.
 */
export function findTextMatches(doc: ProseMirrorNode, query: string, options: TextSearchOptions = {}): TextMatch[] {
  if (query === '') return [];
  const matches: TextMatch[] = [];
  doc.forEach((block, offset) => {
    if (!block.isTextblock) return;
    const start = offset + 1;
    for (const found of findInText(block.textContent, query, options)) matches.push({ from: start + found.start, to: start + found.end });
  });
  return matches;
}
