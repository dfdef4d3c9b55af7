/**
 * Word boundaries inside one text block, with `Intl.Segmenter` (word
 * granularity). Used to snap new annotations to whole words and to extend
 * the selection word by word.
 */

/** A word `[start, end)` in a string, UTF-16 offsets. */
export interface WordRange {
  readonly start: number;
  readonly end: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The word-like segments of `text` (letters, digits; not spaces or punctuation), in order. */
export function wordRanges(text: string): WordRange[] {
  const words: WordRange[] = [];
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike === true) words.push({ start: segment.index, end: segment.index + segment.segment.length });
  }
  return words;
}

/**
 * Snaps `[from, to)` in `text` to whole words: the start moves back to the
 * start of the word it is in, or forward to the next word when it is
 * between words; the end moves forward to the end of its word, or back to
 * the end of the previous word. Returns `null` when no word overlaps the range.
 */
export function snapToWords(text: string, from: number, to: number): WordRange | null {
  const words = wordRanges(text).filter((word) => word.start < to && word.end > from);
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return null;
  return { start: first.start, end: last.end };
}

/** The offset of the next word end after `offset`, or the text's end. */
export function nextWordEnd(text: string, offset: number): number {
  for (const word of wordRanges(text)) if (word.end > offset) return word.end;
  return text.length;
}

/** The offset of the previous word start before `offset`, or 0. */
export function previousWordStart(text: string, offset: number): number {
  let result = 0;
  for (const word of wordRanges(text)) {
    if (word.start >= offset) break;
    result = word.start;
  }
  return result;
}
