/**
 * The one tokenizer every token-level format uses: a deterministic scanner
 * over code points. Words are runs of letters, digits and connectors (with a
 * single apostrophe, period or colon between letters, or a single period,
 * comma or apostrophe between digits, kept inside); every other punctuation
 * mark or symbol is a token of its own; an emoji sequence (ZWJ sequence,
 * flag, keycap, skin tone, tag sequence) is one token; combining marks and
 * format characters stay with the code point before them; a letter of a
 * script written without spaces (Han, Kana, Thai, …) is a token of its own;
 * whitespace is never part of a token. The README ("Tokenizer") states the
 * rules in full.
 */
import type { CharClass } from './charclass.js';
import {
  ASCII_CLASSES,
  CONNECTOR,
  DIGIT,
  EMOJI_PRESENTATION,
  EXTENDER,
  KEYCAP,
  LETTER,
  OTHER,
  PICTOGRAPH,
  REGIONAL_INDICATOR,
  SPACE,
  ZERO_WIDTH_JOINER,
  charClass,
  isKeycapBase,
  joinsDigits,
  joinsLetters,
} from './charclass.js';

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

/**
 * Walks a text code point by code point, keeping the code point offset of
 * its position (the surrogate pairs passed so far).
 */
class CodePointScanner {
  /** UTF-16 offset of the current code point. */
  pos = 0;
  /** Surrogate pairs before `pos`, so `pos - pairs` is the code point offset. */
  pairs = 0;
  /** The current code point (a lone surrogate stands for itself). */
  code = 0;
  /** UTF-16 length of the current code point: 1 or 2. */
  width = 1;
  /** Class of the current code point. */
  cls: CharClass = OTHER;

  constructor(readonly text: string) {}

  /** Reads the code point at `pos`; `false` at the end of the text. */
  read(): boolean {
    const text = this.text;
    const pos = this.pos;
    if (pos >= text.length) return false;
    const c = text.charCodeAt(pos);
    if (c >= 0xd800 && c <= 0xdbff && pos + 1 < text.length) {
      const d = text.charCodeAt(pos + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.code = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        this.width = 2;
        this.cls = charClass(this.code);
        return true;
      }
    }
    this.code = c;
    this.width = 1;
    this.cls = charClass(c);
    return true;
  }

  /** Moves past the current code point. */
  next(): void {
    if (this.width === 2) this.pairs++;
    this.pos += this.width;
  }

  /** Moves past extenders (marks, format characters, emoji modifiers); returns whether the last one was a ZWJ. */
  skipExtenders(): boolean {
    let zwj = false;
    while (this.read() && this.cls === EXTENDER) {
      zwj = this.code === ZERO_WIDTH_JOINER;
      this.next();
    }
    return zwj;
  }

  /** The class of the code point at a UTF-16 offset, `SPACE` past the end. */
  classAt(pos: number): CharClass {
    const text = this.text;
    if (pos >= text.length) return SPACE;
    const c = text.charCodeAt(pos);
    if (c >= 0xd800 && c <= 0xdbff && pos + 1 < text.length) {
      const d = text.charCodeAt(pos + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return charClass((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000);
    }
    return charClass(c);
  }

  /** Scans the rest of a word whose first code point (of class `last`) was just passed. */
  scanWord(last: CharClass): void {
    const text = this.text;
    for (;;) {
      // ASCII letters, digits and `_` in a tight loop (NaN past the end stops it).
      let pos = this.pos;
      let c = text.charCodeAt(pos);
      while (c < 0x80) {
        const cls = ASCII_CLASSES[c] as CharClass;
        if (cls !== LETTER && cls !== DIGIT && cls !== CONNECTOR) break;
        last = cls;
        c = text.charCodeAt(++pos);
      }
      this.pos = pos;
      if (!this.read()) return;
      const cls = this.cls;
      if (cls === LETTER || cls === DIGIT || cls === CONNECTOR) last = cls;
      else if (cls !== EXTENDER && !this.atJoiner(last)) return;
      // Marks and format characters stay inside the word; so does a single
      // joiner between two letters or two digits (`don't`, `U.S`, `3.14`).
      this.next();
    }
  }

  /** Whether the current code point joins the word's last letter or digit to a following one of the same class. */
  atJoiner(last: CharClass): boolean {
    if (this.cls !== OTHER) return false;
    const joins = last === LETTER ? joinsLetters(this.code) : last === DIGIT && joinsDigits(this.code);
    return joins && this.classAt(this.pos + 1) === last;
  }

  /** Scans the rest of an emoji whose first pictograph was just passed: modifiers, ZWJ and the pictographs they join. */
  scanEmoji(): void {
    while (this.skipExtenders() && this.read() && this.cls === PICTOGRAPH) this.next();
  }

  /** Scans the rest of a keycap (`1️⃣`) after its base, if one follows; returns whether it did. */
  scanKeycap(): boolean {
    const text = this.text;
    let at = this.pos;
    if (text.charCodeAt(at) === EMOJI_PRESENTATION) at++;
    if (text.charCodeAt(at) !== KEYCAP) return false;
    this.pos = at + 1;
    this.skipExtenders();
    return true;
  }

  /** Scans one token from the current (non-space) code point. */
  scanToken(): void {
    const cls = this.cls;
    const code = this.code;
    this.next();
    if (isKeycapBase(code) && this.scanKeycap()) return;
    if (cls === LETTER || cls === DIGIT || cls === CONNECTOR) this.scanWord(cls);
    else if (cls === PICTOGRAPH) this.scanEmoji();
    else {
      if (cls === REGIONAL_INDICATOR && this.read() && this.cls === REGIONAL_INDICATOR) this.next();
      this.skipExtenders();
    }
  }
}

/**
 * Splits a text into tokens by the rules in the README ("Tokenizer"): words
 * (`don't`, `U.S`, `3.14`, `1,000`, `foo_bar`, `café́`) are one token; each
 * punctuation mark or symbol is a token; an emoji sequence (`👩‍👩‍👧`, `🇲🇽`,
 * `1️⃣`, `👍🏽`) is one token; each Han, Kana, Thai, Lao, Khmer or Myanmar
 * letter is a token; whitespace (JavaScript `\s`) is never in a token.
 * Combining marks stay with their base. Tokens carry UTF-16 and code point
 * offsets. The result depends only on the Unicode version of the JavaScript
 * engine's regular expressions (the character properties).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const scanner = new CodePointScanner(text);
  for (;;) {
    if (text.charCodeAt(scanner.pos) === 0x20) {
      scanner.pos++;
      continue;
    }
    if (!scanner.read()) break;
    if (scanner.cls === SPACE) {
      scanner.pos++;
      continue;
    }
    const start = scanner.pos;
    const cpStart = start - scanner.pairs;
    scanner.scanToken();
    const end = scanner.pos;
    tokens.push({ text: text.slice(start, end), start, end, cpStart, cpEnd: end - scanner.pairs });
  }
  return tokens;
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
