/**
 * UTF-16 to code point conversion for many offsets of one text, fastest when
 * they come in (nearly) ascending order, as the offsets of sorted spans do:
 * the cursor counts surrogate pairs only over the stretch between the last
 * offset and the next, so converting every span of a document costs about
 * one pass over its text, and nothing at all for a text without surrogates.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Converts UTF-16 offsets of one text into code point offsets. */
export class CodePointCursor {
  readonly #text: string;
  /** Whether the text has surrogates at all; without them both units agree. */
  readonly #hasSurrogates: boolean;
  /** The last converted UTF-16 offset and its code point offset. */
  #utf16 = 0;
  #codePoint = 0;

  constructor(text: string) {
    this.#text = text;
    this.#hasSurrogates = SURROGATE.test(text);
  }

  /**
   * The code point offset of a UTF-16 offset.
   *
   * @throws RangeError when `utf16` is not an integer in `0..text.length` or
   *   falls between the two halves of a surrogate pair.
   */
  toCodePoint(utf16: number): number {
    const text = this.#text;
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > text.length) {
      throw new RangeError(`UTF-16 offset ${utf16} is not an integer in 0..${text.length}`);
    }
    if (!this.#hasSurrogates) return utf16;
    if (isLow(text.charCodeAt(utf16)) && utf16 > 0 && isHigh(text.charCodeAt(utf16 - 1))) {
      throw new RangeError(`UTF-16 offset ${utf16} falls between the two halves of a surrogate pair`);
    }
    const from = this.#utf16;
    const codePoint = utf16 >= from ? this.#codePoint + (utf16 - from) - pairsBetween(text, from, utf16) : this.#codePoint - (from - utf16) + pairsBetween(text, utf16, from);
    this.#utf16 = utf16;
    this.#codePoint = codePoint;
    return codePoint;
  }
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Surrogate pairs whose low half lies in `[from, to)`, both offsets on code point boundaries. */
function pairsBetween(text: string, from: number, to: number): number {
  let pairs = 0;
  for (let i = from + 1; i < to; i++) {
    if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) pairs++;
  }
  return pairs;
}
