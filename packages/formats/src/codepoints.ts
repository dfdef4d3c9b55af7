/**
 * UTF-16 to code point conversion for many offsets of one text, fastest when
 * they come in (nearly) ascending order, as the offsets of sorted spans do:
 * the text's surrogate pairs are listed once, and each conversion moves a
 * cursor over that list from where the last one stopped, so converting every
 * span of a document costs one pass over the list, and nothing at all for a
 * text without surrogates.
 */

/** Converts UTF-16 offsets of one text into code point offsets. */
export class CodePointCursor {
  readonly #length: number;
  /** UTF-16 offsets of the high halves of the text's surrogate pairs, ascending. */
  readonly #pairs: readonly number[];
  /** How many pairs lie before the last converted offset: an index into `#pairs`. */
  #before = 0;

  constructor(text: string) {
    this.#length = text.length;
    this.#pairs = surrogatePairs(text);
  }

  /**
   * The code point offset of a UTF-16 offset: the offset minus the surrogate
   * pairs before it, found by moving from where the last conversion ended.
   *
   * @throws RangeError when `utf16` is not an integer in `0..text.length` or
   *   falls between the two halves of a surrogate pair.
   */
  toCodePoint(utf16: number): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.#length) {
      throw new RangeError(`UTF-16 offset ${utf16} is not an integer in 0..${this.#length}`);
    }
    const pairs = this.#pairs;
    if (pairs.length === 0) return utf16;
    let before = this.#before;
    while (before < pairs.length && (pairs[before] as number) < utf16) before++;
    while (before > 0 && (pairs[before - 1] as number) >= utf16) before--;
    this.#before = before;
    if (before > 0 && pairs[before - 1] === utf16 - 1) {
      throw new RangeError(`UTF-16 offset ${utf16} falls between the two halves of a surrogate pair`);
    }
    return utf16 - before;
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The UTF-16 offsets of the high halves of every surrogate pair of a text. */
function surrogatePairs(text: string): number[] {
  const pairs: number[] = [];
  const first = text.search(SURROGATE);
  if (first < 0) return pairs;
  for (let i = first; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) continue;
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      pairs.push(i);
      i++;
    }
  }
  return pairs;
}
