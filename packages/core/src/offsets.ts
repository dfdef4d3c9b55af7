/**
 * Conversion between UTF-16 code unit offsets (JavaScript string indices, used
 * inside the library) and Unicode code point offsets (Python string indices,
 * used by every file format).
 *
 * A code point above U+FFFF (an emoji, a flag's regional indicator, many CJK
 * extension ideographs) takes two UTF-16 code units, a surrogate pair, and one
 * code point. Every other code point takes one of each. Combining marks, zero
 * width joiners, CR and LF are ordinary code points: a grapheme such as 👩‍👩‍👧 or
 * `e` + U+0301 counts as several code points, exactly as in Python.
 *
 * A lone surrogate (a high surrogate not followed by a low one, or a low
 * surrogate not preceded by a high one) counts as one code point of one code
 * unit, as `Array.from(text)` and Python's `surrogatepass` decoding count it;
 * both offsets beside it are boundaries.
 */
import { countBelowNear } from './sorted-search.js';

/**
 * A surrogate pair: a high surrogate followed by a low one. Without the `u`
 * flag a regular expression sees code units, and its matches, taken left to
 * right, pair them exactly as `Array.from` does.
 */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Whether a UTF-16 code unit is a high (leading) surrogate, U+D800 to U+DBFF. */
export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** Whether a UTF-16 code unit is a low (trailing) surrogate, U+DC00 to U+DFFF. */
export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Whether the UTF-16 offset `offset` falls between the two halves of a
 * surrogate pair of `text` (inside an emoji, say). False for offsets at or
 * outside the text's ends and beside lone surrogates. Never throws.
 */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

/** How many code units (at the start, and after each pair) are looked at one by one for the next pair before the regular expression takes over. */
const NEAR = 16;

/**
 * Calls `visit` with the UTF-16 offset of every surrogate pair of `text` (a
 * high surrogate followed by a low one, paired left to right exactly as
 * `Array.from` pairs them), in order, until it returns false. The few code
 * units after a pair (and at the start) are looked at one by one, since emoji
 * come in runs and clusters; beyond them a regular expression finds the next
 * pair, which skips plain text much faster than a loop.
 */
function forEachPair(text: string, visit: (offset: number) => boolean): void {
  const length = text.length;
  let from = 0;
  for (;;) {
    let at = -1;
    const near = Math.min(length - 1, from + NEAR);
    for (let i = from; i < near; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      SURROGATE_PAIR.lastIndex = Math.max(from, near);
      const match = SURROGATE_PAIR.exec(text);
      if (match === null) return;
      at = match.index;
    }
    if (!visit(at)) return;
    from = at + 2;
  }
}

function checkOffset(offset: number, length: number, unit: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > length) {
    throw new RangeError(`${unit} offset ${offset} is outside the text (0..${length})`);
  }
}

/**
 * An index of one text that converts offsets both ways in O(log a) per lookup,
 * where a is the number of surrogate pairs, and in O(1) for a text without any
 * (ASCII, or the whole Basic Multilingual Plane: Arabic, Hebrew, CJK…).
 *
 * Build one per text when converting many offsets, e.g. all the spans of a
 * document during an export. Each lookup starts its search where the last
 * one ended, so offsets converted in (nearly) ascending order, as those of
 * sorted spans are, cost O(1) each even in a text with many pairs.
 *
 * @example
 * const index = new OffsetIndex('a😀b');
 * index.toCodePoint(3); // 2
 * index.toUtf16(2); // 3
 * index.isBoundary(2); // false: between the halves of 😀
 */
export class OffsetIndex {
  /** Length of the text in UTF-16 code units (`text.length`). */
  readonly utf16Length: number;
  /** Length of the text in Unicode code points (`Array.from(text).length`). */
  readonly codePointLength: number;
  /** UTF-16 offsets of the high surrogate of every surrogate pair, ascending. */
  private readonly pairUtf16: readonly number[];
  /** Code point offsets of every surrogate pair, ascending (`pairUtf16[i] - i`); built on the first {@link toUtf16}. */
  private pairCodePoint: readonly number[] | undefined;
  /** The pairs before the last UTF-16 offset looked up: where the next search starts. */
  private utf16Guess: number;
  /** The pairs before the last code point offset looked up: where the next search starts. */
  private codePointGuess: number;

  /** Scans `text` once (O(n)) and records where its surrogate pairs are. */
  constructor(text: string) {
    const pairs: number[] = [];
    forEachPair(text, (offset) => pairs.push(offset) > 0);
    this.utf16Length = text.length;
    this.codePointLength = text.length - pairs.length;
    this.pairUtf16 = pairs;
    this.pairCodePoint = undefined;
    this.utf16Guess = 0;
    this.codePointGuess = 0;
  }

  /**
   * Converts a UTF-16 offset into a code point offset.
   *
   * @throws RangeError when `utf16` is not an integer in `0..utf16Length` or
   * falls between the two halves of a surrogate pair.
   */
  toCodePoint(utf16: number): number {
    checkOffset(utf16, this.utf16Length, 'UTF-16');
    if (this.pairUtf16.length === 0) return utf16;
    const pairsBefore = this.pairsBeforeUtf16(utf16);
    if (pairsBefore > 0 && this.pairUtf16[pairsBefore - 1] === utf16 - 1) {
      throw new RangeError(`UTF-16 offset ${utf16} falls between the two halves of a surrogate pair`);
    }
    return utf16 - pairsBefore;
  }

  /**
   * Converts a code point offset into a UTF-16 offset.
   *
   * @throws RangeError when `codePoint` is not an integer in `0..codePointLength`.
   */
  toUtf16(codePoint: number): number {
    checkOffset(codePoint, this.codePointLength, 'Code point');
    if (this.pairUtf16.length === 0) return codePoint;
    this.pairCodePoint ??= this.pairUtf16.map((offset, i) => offset - i);
    const pairsBefore = countBelowNear(this.pairCodePoint, codePoint, this.codePointGuess);
    this.codePointGuess = pairsBefore;
    return codePoint + pairsBefore;
  }

  /**
   * Whether `utf16` is an offset between two code points: an integer in
   * `0..utf16Length` that does not split a surrogate pair. Never throws.
   */
  isBoundary(utf16: number): boolean {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.utf16Length) return false;
    if (this.pairUtf16.length === 0) return true;
    const pairsBefore = this.pairsBeforeUtf16(utf16);
    return pairsBefore === 0 || this.pairUtf16[pairsBefore - 1] !== utf16 - 1;
  }

  /** How many pairs start before the UTF-16 offset `utf16`, searched from the last answer. */
  private pairsBeforeUtf16(utf16: number): number {
    const pairsBefore = countBelowNear(this.pairUtf16, utf16, this.utf16Guess);
    this.utf16Guess = pairsBefore;
    return pairsBefore;
  }
}

/**
 * Counts the Unicode code points of `text` (its length as a Python string),
 * without building an index.
 */
export function codePointLength(text: string): number {
  let pairs = 0;
  forEachPair(text, () => {
    pairs++;
    return true;
  });
  return text.length - pairs;
}

/**
 * Converts one UTF-16 offset of `text` into a code point offset by scanning
 * the text before it: O(utf16), no index. Build an {@link OffsetIndex} to
 * convert many offsets of the same text.
 *
 * @throws RangeError when `utf16` is not an integer in `0..text.length` or
 * falls between the two halves of a surrogate pair.
 */
export function toCodePointOffset(text: string, utf16: number): number {
  checkOffset(utf16, text.length, 'UTF-16');
  let pairs = 0;
  let split = false;
  // The code unit at `utf16` is included so that a pair straddling it is seen.
  forEachPair(text.slice(0, utf16 + 1), (offset) => {
    if (offset + 1 >= utf16) {
      split = offset + 1 === utf16;
      return false;
    }
    pairs++;
    return true;
  });
  if (split) throw new RangeError(`UTF-16 offset ${utf16} falls between the two halves of a surrogate pair`);
  return utf16 - pairs;
}

/**
 * Converts one code point offset of `text` into a UTF-16 offset by scanning
 * the text before it: O(result), no index. Build an {@link OffsetIndex} to
 * convert many offsets of the same text.
 *
 * @throws RangeError when `codePoint` is not an integer between 0 and the
 * number of code points of `text`.
 */
export function toUtf16Offset(text: string, codePoint: number): number {
  const outside = (): RangeError => new RangeError(`Code point offset ${codePoint} is outside the text (0..${codePointLength(text)})`);
  if (!Number.isInteger(codePoint) || codePoint < 0) throw outside();
  let pairs = 0;
  // The answer is at most 2 × codePoint: no need to look further.
  forEachPair(text.slice(0, 2 * codePoint), (offset) => {
    if (offset - pairs >= codePoint) return false;
    pairs++;
    return true;
  });
  const utf16 = codePoint + pairs;
  if (utf16 > text.length) throw outside();
  return utf16;
}
