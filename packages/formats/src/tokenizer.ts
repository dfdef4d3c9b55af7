/**
 * The one tokenizer every token-level format uses: Unicode word segmentation
 * (UAX #29, through `Intl.Segmenter`), punctuation and emoji as their own
 * tokens, whitespace never a token; sentences from Unicode sentence
 * segmentation. Deterministic for a given Node/ICU version.
 */
/** A token of a text, with offsets in both units. */
export interface Token {
  /** The token's characters. */
  readonly text: string;
  /** First UTF-16 code unit (inclusive). */
  readonly start: number;
  /** UTF-16 code unit after the token (exclusive). */
  readonly end: number;
  /** First code point (inclusive). */
  readonly cpStart: number;
  /** Code point after the token (exclusive). */
  readonly cpEnd: number;
}

/** A sentence as a range of token indices `[first, last)`. */
export interface SentenceRange {
  readonly first: number;
  readonly last: number;
}

const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });
const sentenceSegmenter = new Intl.Segmenter('und', { granularity: 'sentence' });
const WHITESPACE = /^\s+$/u;

/**
 * Splits a text into tokens: every UAX #29 word segment that is not only
 * whitespace. Words (`don't`, `3.14`, `café́`) are one token; each punctuation
 * mark is a token; an emoji, including a ZWJ sequence or a flag, is one token;
 * combining marks stay with their base character.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let cp = 0;
  let u16 = 0;
  for (const { segment, index } of wordSegmenter.segment(text)) {
    // Advance the code point counter over the gap (whitespace) and the segment.
    cp += countCodePoints(text, u16, index);
    const length = countCodePoints(text, index, index + segment.length);
    u16 = index + segment.length;
    if (!WHITESPACE.test(segment)) {
      tokens.push({ text: segment, start: index, end: u16, cpStart: cp, cpEnd: cp + length });
    }
    cp += length;
  }
  return tokens;
}

/**
 * Groups tokens into sentences using UAX #29 sentence boundaries (a line
 * break always ends a sentence). A boundary that falls strictly inside one of
 * `keepTogether` (UTF-16 ranges, e.g. spans) is ignored, so a span never
 * crosses a sentence break. Sentences without tokens are left out.
 */
export function splitSentences(text: string, tokens: readonly Token[], keepTogether: readonly { start: number; end: number }[] = []): SentenceRange[] {
  const inside = insideRanges(keepTogether);
  const breaks: number[] = [];
  for (const { index } of sentenceSegmenter.segment(text)) {
    if (index > 0 && !inside(index)) breaks.push(index);
  }
  const sentences: SentenceRange[] = [];
  let first = 0;
  let b = 0;
  for (let i = 0; i < tokens.length; i++) {
    const start = (tokens[i] as Token).start;
    let crossed = false;
    while (b < breaks.length && (breaks[b] as number) <= start) {
      crossed = true;
      b++;
    }
    if (crossed && i > first) {
      sentences.push({ first, last: i });
      first = i;
    }
  }
  if (tokens.length > first) sentences.push({ first, last: tokens.length });
  return sentences;
}

/** How a span maps onto tokens. */
export interface TokenAlignment {
  /** Index of the first token the span covers. */
  readonly first: number;
  /** Index after the last token the span covers (exclusive). */
  readonly last: number;
  /** Whether the span starts and ends exactly on token boundaries. */
  readonly exact: boolean;
}

/**
 * Aligns a span (UTF-16 `[start, end)`) to the tokens that cover it: the
 * first token ending after `start` to the last token starting before `end`.
 * A span that does not start or end on a token boundary is expanded to the
 * covering tokens and reported as not exact. Returns `undefined` when the
 * span covers no token (only whitespace).
 */
export function alignToTokens(tokens: readonly Token[], start: number, end: number): TokenAlignment | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).end <= start) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  let last = first;
  while (last < tokens.length && (tokens[last] as Token).start < end) last++;
  if (last === first) return undefined;
  const exact = (tokens[first] as Token).start === start && (tokens[last - 1] as Token).end === end;
  return { first, last, exact };
}

function countCodePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function insideRanges(ranges: readonly { start: number; end: number }[]): (offset: number) => boolean {
  if (ranges.length === 0) return () => false;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  return (offset) => {
    for (const r of sorted) {
      if (r.start >= offset) return false;
      if (offset < r.end) return true;
    }
    return false;
  };
}
