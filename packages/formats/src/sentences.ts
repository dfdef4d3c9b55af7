/**
 * Sentence splitting over tokens: a line break always ends a sentence; a
 * sentence terminal (`.`, `!`, `?`, `…`, `。`, …) ends one, together with the
 * terminals and closing marks written right after it, unless what follows
 * shows the sentence goes on (a lowercase word after a period, or a comma,
 * semicolon, colon or dash). The README ("Tokenizer") states the rules.
 */
import type { Token } from './tokenizer.js';

/** A sentence as a range of token indices `[first, last)`. */
export interface SentenceRange {
  readonly first: number;
  readonly last: number;
}

// Properties of a token's first code point, cached per code point.
const COMPUTED = 1;
/** `\p{Sentence_Terminal}`: `.`, `!`, `?`, `…`, `。`, `؟`, `।`, … */
const TERMINAL = 2;
/** A period-like terminal (UAX #29 ATerm): a lowercase word after it continues the sentence. */
const PERIOD = 4;
/** A closing mark that stays with the terminal before it: `\p{Pe}`, `\p{Pf}`, `"` and `'`. */
const CLOSING = 8;
/** A mark after which the sentence goes on (UAX #29 SContinue): `,` `;` `:` `-` `–` `—` `、` and full-width forms. */
const CONTINUING = 16;
/** A lowercase letter (`\p{Ll}`). */
const LOWERCASE = 32;

const TERMINAL_RE = /^\p{Sentence_Terminal}$/u;
const CLOSING_RE = /^[\p{Pe}\p{Pf}"']$/u;
const LOWERCASE_RE = /^\p{Ll}$/u;
const PERIODS = new Set([0x2e, 0x2024, 0xfe52, 0xff0e]);
const CONTINUING_MARKS = new Set([0x2c, 0x2d, 0x3a, 0x3b, 0x2013, 0x2014, 0x3001, 0xfe10, 0xfe11, 0xfe13, 0xfe50, 0xfe51, 0xfe55, 0xfe58, 0xfe63, 0xff0c, 0xff0d, 0xff1a, 0xff1b, 0xff64]);

const bmpFlags = new Uint8Array(0x10000);
const astralFlags = new Map<number, number>();

function computeFlags(code: number): number {
  const c = String.fromCodePoint(code);
  let flags = COMPUTED;
  if (TERMINAL_RE.test(c)) flags |= TERMINAL;
  if (PERIODS.has(code)) flags |= PERIOD;
  if (CLOSING_RE.test(c)) flags |= CLOSING;
  if (CONTINUING_MARKS.has(code)) flags |= CONTINUING;
  if (LOWERCASE_RE.test(c)) flags |= LOWERCASE;
  return flags;
}

/** The flags of the first code point of a token. */
function firstCodePointFlags(token: Token): number {
  const code = token.text.codePointAt(0) ?? 0;
  if (code < 0x10000) {
    let flags = bmpFlags[code] as number;
    if (flags === 0) bmpFlags[code] = flags = computeFlags(code);
    return flags;
  }
  let flags = astralFlags.get(code);
  if (flags === undefined) astralFlags.set(code, (flags = computeFlags(code)));
  return flags;
}

/** Whether the text between two tokens holds a line break (LF, VT, FF, CR, NEL, LS, PS). */
function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0a && c <= 0x0d) || c === 0x85 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/**
 * Groups tokens into sentences. A sentence boundary falls before a token
 * when, in order:
 *
 * 1. the whitespace before it holds a line break (LF, VT, FF, CR, NEL, LS,
 *    PS): always a boundary;
 * 2. it follows a terminal run: a terminal token (its first code point is
 *    `\p{Sentence_Terminal}`), the terminal tokens after it and the closing
 *    tokens (`\p{Pe}`, `\p{Pf}`, `"`, `'`) written right after one of them
 *    with no whitespace between;
 *    the run ends the sentence unless the token is a continuing mark (`,`
 *    `;` `:` `-` `–` `—` `、` and their full-width forms) or, when the run's
 *    last terminal is a period (`.` `․` `﹒` `．`), a word starting with a
 *    lowercase letter (`\p{Ll}`).
 *
 * A boundary that falls strictly inside one of `keepTogether` (UTF-16
 * ranges, e.g. spans) is ignored, so a span never crosses a sentence break.
 * Sentences without tokens are left out.
 */
export function splitSentences(text: string, tokens: readonly Token[], keepTogether: readonly { start: number; end: number }[] = []): SentenceRange[] {
  const kept = sortedByStart(keepTogether);
  let nextKept = 0;
  let keptEnd = 0;
  const sentences: SentenceRange[] = [];
  let first = 0;
  let inRun = false;
  let runEndsWithPeriod = false;
  let previous = tokens[0] as Token;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const previousFlags = firstCodePointFlags(previous);
    if (previousFlags & TERMINAL) {
      inRun = true;
      runEndsWithPeriod = (previousFlags & PERIOD) !== 0;
    }
    let boundary = false;
    if (previous.end < token.start && hasLineBreak(text, previous.end, token.start)) {
      boundary = true;
      inRun = false;
    } else if (inRun) {
      const flags = firstCodePointFlags(token);
      const continuesRun = (flags & TERMINAL) !== 0 || (previous.end === token.start && (flags & CLOSING) !== 0);
      if (!continuesRun) {
        inRun = false;
        boundary = (flags & CONTINUING) === 0 && !(runEndsWithPeriod && (flags & LOWERCASE) !== 0);
      }
    }
    previous = token;
    if (!boundary) continue;
    while (nextKept < kept.length && (kept[nextKept] as { start: number }).start < token.start) {
      keptEnd = Math.max(keptEnd, (kept[nextKept] as { end: number }).end);
      nextKept++;
    }
    if (keptEnd > token.start) continue;
    sentences.push({ first, last: i });
    first = i;
  }
  if (tokens.length > first) sentences.push({ first, last: tokens.length });
  return sentences;
}

function sortedByStart<T extends { start: number }>(ranges: readonly T[]): readonly T[] {
  for (let i = 1; i < ranges.length; i++) {
    if ((ranges[i] as T).start < (ranges[i - 1] as T).start) return [...ranges].sort((a, b) => a.start - b.start);
  }
  return ranges;
}
