/**
 * Conversions between text offsets (UTF-16 code units into the document's
 * plain text, paragraphs joined by `\n`) and ProseMirror positions.
 *
 * Paragraph `i` with text offset `T(i)` starts its content at position
 * `P(i) = T(i) + 1 + i`, so a text offset `t` in paragraph `i` is the position
 * `t + 1 + i`. The `\n` after paragraph `i` is the position at the end of that
 * paragraph's content. An index of paragraph starts is built once per
 * document (O(paragraphs), cached) and each lookup is a binary search.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';

/** Where each top-level text block of one document starts, for binary search. */
export class ParagraphIndex {
  /** The text offset at which each paragraph starts. */
  private readonly textStarts: Float64Array;
  /** The text length of each paragraph (its content size). */
  private readonly lengths: Float64Array;
  /** The length of the document's plain text. */
  readonly textLength: number;
  /** The size of the document's content (the largest valid position). */
  readonly contentSize: number;

  /** Indexes the top-level blocks of `doc`; prefer `ParagraphIndex.of(doc)`, which caches. */
  constructor(doc: ProseMirrorNode) {
    const count = doc.childCount;
    this.textStarts = new Float64Array(count);
    this.lengths = new Float64Array(count);
    let text = 0;
    for (let i = 0; i < count; i++) {
      const size = doc.child(i).content.size;
      this.textStarts[i] = text;
      this.lengths[i] = size;
      text += size + 1;
    }
    this.textLength = count === 0 ? 0 : text - 1;
    this.contentSize = doc.content.size;
  }

  /** The index of `doc`, built on first use and cached for the document's lifetime. */
  static of(doc: ProseMirrorNode): ParagraphIndex {
    let index = cache.get(doc);
    if (index === undefined) {
      index = new ParagraphIndex(doc);
      cache.set(doc, index);
    }
    return index;
  }

  /** The number of paragraphs. */
  get paragraphCount(): number {
    return this.textStarts.length;
  }

  /**
   * The index of the paragraph holding position `pos`: the paragraph whose
   * content or closing token `pos` is at, or the next one for a position
   * before its opening token; clamped to the last paragraph.
   * @throws RangeError when the document has no paragraphs.
   */
  paragraphAtPos(pos: number): number {
    const count = this.textStarts.length;
    if (count === 0) throw new RangeError('the document has no paragraphs');
    // Paragraph i's content starts at position textStarts[i] + 1 + i.
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.textStarts[mid] as number) + mid <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The range of positions of paragraph `i`'s content: `from` at its first
   * character, `to` after its last.
   * @throws RangeError when there is no paragraph `i`.
   */
  paragraphRange(i: number): { readonly from: number; readonly to: number } {
    const start = this.textStarts[i];
    const length = this.lengths[i];
    if (!Number.isInteger(i) || start === undefined || length === undefined) {
      throw new RangeError(`no paragraph ${i} (the document has ${this.textStarts.length})`);
    }
    return { from: start + 1 + i, to: start + 1 + i + length };
  }

  /**
   * The position of text offset `t`.
   * @throws RangeError when `t` is not an integer in `[0, textLength]`.
   */
  textOffsetToPos(t: number): number {
    if (!Number.isInteger(t) || t < 0 || t > this.textLength) {
      throw new RangeError(`text offset ${t} is outside the document's text [0, ${this.textLength}]`);
    }
    if (this.textStarts.length === 0) return 0;
    // The last paragraph whose text starts at or before t.
    let lo = 0;
    let hi = this.textStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.textStarts[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    return t + 1 + lo;
  }

  /**
   * The text offset of position `pos`. A position inside a paragraph's
   * content maps to the character offset there; a position between two
   * paragraphs maps to the start of the next one; position 0 maps to 0 and
   * the end of the document to the text's length.
   * @throws RangeError when `pos` is not an integer in `[0, contentSize]`.
   */
  posToTextOffset(pos: number): number {
    if (!Number.isInteger(pos) || pos < 0 || pos > this.contentSize) {
      throw new RangeError(`position ${pos} is outside the document [0, ${this.contentSize}]`);
    }
    const count = this.textStarts.length;
    if (count === 0 || pos === 0) return 0;
    // The last paragraph whose content starts (at textStarts[i] + 1 + i) at or before pos.
    const lo = this.paragraphAtPos(pos - 1);
    const start = this.textStarts[lo] as number;
    const offset = pos - (start + 1 + lo);
    const length = this.lengths[lo] as number;
    if (offset <= length) return start + offset;
    // Between paragraph lo's closing token and the next paragraph, or after the last one.
    return lo + 1 < count ? (this.textStarts[lo + 1] as number) : this.textLength;
  }
}

const cache = new WeakMap<ProseMirrorNode, ParagraphIndex>();

/**
 * The ProseMirror position of text offset `t` (UTF-16) in `doc`.
 * @throws RangeError when `t` is outside the document's text.
 * @example textOffsetToPos(textToDoc('ab\ncd'), 3) // 5: the start of the second paragraph
 */
export function textOffsetToPos(doc: ProseMirrorNode, t: number): number {
  return ParagraphIndex.of(doc).textOffsetToPos(t);
}

/**
 * The text offset (UTF-16) of ProseMirror position `pos` in `doc`; see
 * `ParagraphIndex.posToTextOffset` for positions between paragraphs.
 * @throws RangeError when `pos` is outside the document.
 */
export function posToTextOffset(doc: ProseMirrorNode, pos: number): number {
  return ParagraphIndex.of(doc).posToTextOffset(pos);
}
