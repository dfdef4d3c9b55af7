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
import { countBelow } from './sorted-search.js';

/** Any surrogate code unit; without the `u` flag a regular expression sees code units. */
const SURROGATE = /[\uD800-\uDFFF]/;

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

/**
 * Calls `visit` with the UTF-16 offset of every surrogate pair of `text` (a
 * high surrogate followed by a low one, paired left to right exactly as
 * `Array.from` pairs them), in order, until it returns false. A regular
 * expression finds the first surrogate, which skips texts without any much
 * faster than a loop; a `charCodeAt` loop takes over from there.
 */
function forEachPair(text: string, visit: (offset: number) => boolean): void {
  const first = text.search(SURROGATE);
  if (first < 0) return;
  const length = text.length;
  for (let i = first; i < length; i++) {
    if (!isHighSurrogate(text.charCodeAt(i))) continue;
    if (isLowSurrogate(text.charCodeAt(i + 1))) {
      if (!visit(i)) return;
      i++;
    }
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
 * document during an export.
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
  private readonly pairUtf16: Uint32Array;
  /** Code point offsets of every surrogate pair, ascending (`pairUtf16[i] - i`). */
  private readonly pairCodePoint: Uint32Array;

  /** Scans `text` once (O(n)) and records where its surrogate pairs are. */
  constructor(text: string) {
    const found: number[] = [];
    forEachPair(text, (offset) => {
      found.push(offset);
      return true;
    });
    this.utf16Length = text.length;
    this.codePointLength = text.length - found.length;
    this.pairUtf16 = new Uint32Array(found.length);
    this.pairCodePoint = new Uint32Array(found.length);
    for (let i = 0; i < found.length; i++) {
      const offset = found[i] as number;
      this.pairUtf16[i] = offset;
      this.pairCodePoint[i] = offset - i;
    }
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
    const pairsBefore = countBelow(this.pairUtf16, utf16);
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
    if (this.pairCodePoint.length === 0) return codePoint;
    return codePoint + countBelow(this.pairCodePoint, codePoint);
  }

  /**
   * Whether `utf16` is an offset between two code points: an integer in
   * `0..utf16Length` that does not split a surrogate pair. Never throws.
   */
  isBoundary(utf16: number): boolean {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.utf16Length) return false;
    if (this.pairUtf16.length === 0) return true;
    const pairsBefore = countBelow(this.pairUtf16, utf16);
    return pairsBefore === 0 || this.pairUtf16[pairsBefore - 1] !== utf16 - 1;
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
