/**
 * Cuts a text into segments at every mark boundary, so that each segment is
 * covered by one fixed set of marks: the curation view draws a document's
 * text with several layers' spans this way, without an editor.
 */

/** Anything with a UTF-16 range. */
export interface Ranged {
  readonly start: number;
  readonly end: number;
}

/** A stretch of text and the marks that cover all of it. */
export interface TextSegment<T extends Ranged> {
  readonly start: number;
  readonly end: number;
  /** The marks covering the segment, in the order they were given. */
  readonly marks: readonly T[];
}

/**
 * The segments of a text of `length` code units: consecutive, non-empty,
 * together exactly `[0, length)`, cut at every mark's start and end.
 * @throws RangeError when a mark is outside `[0, length]` or reversed.
 */
export function segmentText<T extends Ranged>(length: number, marks: readonly T[]): TextSegment<T>[] {
  const cuts = new Set<number>([0, length]);
  for (const mark of marks) {
    if (!Number.isInteger(mark.start) || !Number.isInteger(mark.end) || mark.start < 0 || mark.end > length || mark.end < mark.start) {
      throw new RangeError(`mark [${mark.start}, ${mark.end}) is not a range inside the text (length ${length})`);
    }
    cuts.add(mark.start);
    cuts.add(mark.end);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment<T>[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i] as number;
    const end = sorted[i + 1] as number;
    segments.push({ start, end, marks: marks.filter((mark) => mark.start <= start && end <= mark.end && mark.start < mark.end) });
  }
  return segments;
}
