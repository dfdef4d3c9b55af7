/**
 * Quote anchoring: finding where a quoted passage is in a text that may have
 * changed since the quote was taken.
 *
 * A quote is the passage itself (`exact`) plus, optionally, the text just
 * before and after it (`prefix`, `suffix`) and where it used to start
 * (`hint`). This is the W3C TextQuoteSelector, and the approach follows
 * Hypothesis (dom-anchor-text-quote): exact occurrences first, ranked by how
 * well their context matches and how near they are to the hint; failing that,
 * the best approximate occurrence within a bounded window around the hint,
 * accepted only when its edit distance stays within a ratio of the quote's
 * length.
 *
 * Offsets are UTF-16 code units, like everywhere inside the library. A match
 * never splits a surrogate pair, and an approximate match is widened over
 * combining marks that follow it.
 */
import { isHighSurrogate, levenshtein, splitsSurrogatePair } from '@glossa/core';

/** A passage to find, with the context that disambiguates it. */
export interface TextQuote {
  /** The quoted passage. An empty passage is never anchored. */
  readonly exact: string;
  /** The text just before the passage when it was quoted; absent when unknown. */
  readonly prefix?: string;
  /** The text just after the passage when it was quoted; absent when unknown. */
  readonly suffix?: string;
  /** Where the passage started when it was quoted, in UTF-16 code units; nearer matches win ties. */
  readonly hint?: number;
}

/** Where a quote was found. */
export interface QuoteAnchor {
  /** First UTF-16 code unit of the match (inclusive). */
  readonly start: number;
  /** UTF-16 code unit after the match (exclusive). */
  readonly end: number;
  /** `exact` when the passage occurs verbatim, `fuzzy` when it was matched approximately. */
  readonly kind: 'exact' | 'fuzzy';
  /** Edit distance (Levenshtein, in UTF-16 code units) between the passage and the match; 0 when exact. */
  readonly errors: number;
}

/** Tuning of {@link anchorQuote}. */
export interface AnchorQuoteOptions {
  /**
   * The largest edit distance an approximate match may have, as a fraction
   * of the passage's length in UTF-16 code units (rounded down).
   * @default 0.25
   */
  readonly maxErrorRatio?: number;
  /**
   * How far the approximate search reaches on each side of the hint, in
   * UTF-16 code units. Without a hint the whole text is searched.
   * @default 2048
   */
  readonly fuzzyWindow?: number;
}

/** The default {@link AnchorQuoteOptions.maxErrorRatio}. */
export const DEFAULT_MAX_ERROR_RATIO = 0.25;

/** The default {@link AnchorQuoteOptions.fuzzyWindow}, in UTF-16 code units. */
export const DEFAULT_FUZZY_WINDOW = 2048;

// Weights of the ranking, as in dom-anchor-text-quote: the passage matters
// most, then its context, and the distance to the hint only breaks ties.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly errors: number;
}

/**
 * Finds a quote in a text.
 *
 * Exact occurrences of `quote.exact` win over approximate ones. Among several
 * occurrences the one whose surroundings best match `prefix` and `suffix`
 * wins, then the one nearest to `hint`, then the first. When the passage does
 * not occur verbatim, the best approximate match within
 * `fuzzyWindow` of the hint is returned if its edit distance is at most
 * `maxErrorRatio` of the passage's length.
 *
 * @returns the match in UTF-16 code units, or `null` when the passage is
 *   empty or cannot be found within the error budget.
 * @throws RangeError when `hint` is not an integer in `[0, text.length]` or an
 *   option is out of range.
 * @example
 * anchorQuote('a cat, a cat sat', { exact: 'cat', prefix: 'a cat, a ', suffix: ' sat' });
 * // → { start: 9, end: 12, kind: 'exact', errors: 0 }
 */
export function anchorQuote(text: string, quote: TextQuote, options: AnchorQuoteOptions = {}): QuoteAnchor | null {
  const maxErrorRatio = options.maxErrorRatio ?? DEFAULT_MAX_ERROR_RATIO;
  const fuzzyWindow = options.fuzzyWindow ?? DEFAULT_FUZZY_WINDOW;
  const { exact, hint } = quote;
  if (hint !== undefined && (!Number.isInteger(hint) || hint < 0 || hint > text.length)) {
    throw new RangeError(`anchorQuote: hint ${hint} is not an offset into a text of ${text.length} code units`);
  }
  if (!(maxErrorRatio >= 0 && maxErrorRatio < 1)) {
    throw new RangeError(`anchorQuote: maxErrorRatio ${maxErrorRatio} is not in [0, 1)`);
  }
  if (!(Number.isInteger(fuzzyWindow) && fuzzyWindow >= 0)) {
    throw new RangeError(`anchorQuote: fuzzyWindow ${fuzzyWindow} is not a non-negative integer`);
  }
  if (exact.length === 0) return null;

  const exactMatches = findExact(text, exact);
  if (exactMatches.length > 0) {
    const best = pickBest(text, quote, exactMatches);
    return { start: best.start, end: best.end, kind: 'exact', errors: 0 };
  }

  const maxErrors = Math.floor(exact.length * maxErrorRatio);
  if (maxErrors === 0) return null;
  const from = hint === undefined ? 0 : Math.max(0, hint - fuzzyWindow);
  const to = hint === undefined ? text.length : Math.min(text.length, hint + exact.length + fuzzyWindow);
  const approximate = findApproximate(text, exact, maxErrors, from, to);
  if (approximate.length === 0) return null;
  const best = pickBest(text, quote, approximate);
  const start = snapStart(text, best.start);
  const end = snapEnd(text, best.end);
  return { start, end, kind: 'fuzzy', errors: best.errors };
}

/** Every (possibly overlapping) verbatim occurrence of `exact`. */
function findExact(text: string, exact: string): Candidate[] {
  const found: Candidate[] = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    found.push({ start: at, end: at + exact.length, errors: 0 });
  }
  return found;
}

/**
 * The candidate with the highest score; the first one on ties. A repetitive
 * text can hold an occurrence at nearly every offset, mostly with the same
 * surroundings, so the similarity of each distinct surrounding text is
 * computed once.
 */
function pickBest(text: string, quote: TextQuote, candidates: readonly Candidate[]): Candidate {
  const prefixSimilarity = cachedSimilarity(quote.prefix);
  const suffixSimilarity = cachedSimilarity(quote.suffix);
  let best: Candidate | undefined;
  let bestScore = -Infinity;
  for (const candidate of candidates) {
    let score = QUOTE_WEIGHT * (1 - candidate.errors / quote.exact.length);
    if (quote.prefix !== undefined) {
      score += PREFIX_WEIGHT * prefixSimilarity(text.slice(Math.max(0, candidate.start - quote.prefix.length), candidate.start));
    }
    if (quote.suffix !== undefined) {
      score += SUFFIX_WEIGHT * suffixSimilarity(text.slice(candidate.end, candidate.end + quote.suffix.length));
    }
    if (quote.hint !== undefined && text.length > 0) {
      score += POSITION_WEIGHT * (1 - Math.abs(candidate.start - quote.hint) / text.length);
    }
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) throw new RangeError('pickBest: no candidates');
  return best;
}

/** `similarity` to a fixed context, remembered per compared text. */
function cachedSimilarity(context: string | undefined): (text: string) => number {
  const known = new Map<string, number>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = similarity(context ?? '', text);
      known.set(text, value);
    }
    return value;
  };
}

/** 1 for equal strings, 0 for entirely different ones (normalized Levenshtein similarity). */
function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

/**
 * Approximate occurrences of `pattern` in `text.slice(from, to)` with at most
 * `maxErrors` edits: Sellers' semi-global edit distance, computed column by
 * column over the text with Ukkonen's cut-off (only rows that can still stay
 * within the budget are computed), tracking where each alignment starts.
 * Returns, for every end position within budget, the best alignment ending
 * there.
 */
function findApproximate(text: string, pattern: string, maxErrors: number, from: number, to: number): Candidate[] {
  const m = pattern.length;
  const beyond = maxErrors + 1;
  const cost = new Int32Array(m + 1);
  const origin = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) {
    cost[i] = i;
    origin[i] = from;
  }
  let lastActive = Math.min(m, maxErrors);
  const found: Candidate[] = [];
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    let diagonalCost = 0;
    let diagonalOrigin = origin[0] ?? j;
    cost[0] = 0;
    origin[0] = j + 1;
    const limit = Math.min(m, lastActive + 1);
    for (let i = 1; i <= limit; i++) {
      const leftCost = i <= lastActive ? (cost[i] ?? beyond) : beyond;
      const leftOrigin = origin[i] ?? j;
      let best = diagonalCost + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      let bestOrigin = diagonalOrigin;
      const skipPattern = (cost[i - 1] ?? beyond) + 1;
      if (skipPattern < best) {
        best = skipPattern;
        bestOrigin = origin[i - 1] ?? j;
      }
      if (leftCost + 1 < best) {
        best = leftCost + 1;
        bestOrigin = leftOrigin;
      }
      diagonalCost = leftCost;
      diagonalOrigin = leftOrigin;
      cost[i] = best;
      origin[i] = bestOrigin;
    }
    lastActive = limit;
    while (lastActive > 0 && (cost[lastActive] ?? beyond) > maxErrors) lastActive--;
    if (lastActive === m) {
      found.push({ start: origin[m] ?? j, end: j + 1, errors: cost[m] ?? beyond });
    }
  }
  return found;
}

/** Moves a start offset back so it does not split a surrogate pair. */
function snapStart(text: string, start: number): number {
  return splitsSurrogatePair(text, start) ? start - 1 : start;
}

const COMBINING_MARK = /^\p{M}/u;

/** Moves an end offset forward past a split surrogate pair and over following combining marks. */
function snapEnd(text: string, end: number): number {
  let at = end;
  if (splitsSurrogatePair(text, at)) at++;
  while (at < text.length && COMBINING_MARK.test(text.slice(at, at + 2))) {
    at += isHighSurrogate(text.charCodeAt(at)) && at + 1 < text.length ? 2 : 1;
  }
  return at;
}
