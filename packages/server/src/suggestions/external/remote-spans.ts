/**
 * Spans that come from a model server, placed in the document's text. A
 * backend gives offsets in code points (the convention of every public
 * format here) and, often, the text it means (`text`, Label Studio's
 * `value.text`). Where the two disagree — a backend counting UTF-16 code
 * units or bytes, or a text that changed since — the quote wins: the span
 * goes to the occurrence of the quote nearest the given start, and the
 * mismatch is counted. A span that can be placed neither way is dropped,
 * with the reason.
 */
import { OffsetIndex, splitsSurrogatePair } from '@glossa/core';

/** A span as a backend sent it: code point offsets and, when it said, the quoted text. */
export interface RemoteSpan {
  readonly start: number;
  readonly end: number;
  readonly quote?: string;
}

/** Where a remote span lands: UTF-16 offsets, and whether its offsets disagreed with its quote. */
export type PlacedSpan = { readonly start: number; readonly end: number; readonly mismatch: boolean } | { readonly dropped: string };

/** Places remote spans in one text (see the module comment). */
export class SpanPlacer {
  private readonly index: OffsetIndex;

  constructor(private readonly text: string) {
    this.index = new OffsetIndex(text);
  }

  /** The UTF-16 offsets of a span given in code points (for sending spans the other way, use {@link toCodePoint}). */
  place(span: RemoteSpan): PlacedSpan {
    const quote = span.quote === undefined || span.quote === '' ? undefined : span.quote;
    const inBounds = Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start < span.end && span.end <= this.index.codePointLength;
    if (inBounds) {
      const start = this.index.toUtf16(span.start);
      const end = this.index.toUtf16(span.end);
      if (quote === undefined || this.text.slice(start, end) === quote) return { start, end, mismatch: false };
    }
    if (quote === undefined) return { dropped: `[${span.start}, ${span.end}) is not a non-empty range of the text's ${this.index.codePointLength} code points` };
    const found = this.nearestOccurrence(quote, Number.isFinite(span.start) ? span.start : 0);
    if (found === undefined) return { dropped: `its text ${JSON.stringify(abbreviate(quote))} is not in the document` };
    return { start: found, end: found + quote.length, mismatch: true };
  }

  /** The code point offset of a UTF-16 offset of the text. */
  toCodePoint(utf16: number): number {
    return this.index.toCodePoint(utf16);
  }

  /** The UTF-16 start of the occurrence of `quote` whose code point start is nearest `codePoint` (the first of two as near). */
  private nearestOccurrence(quote: string, codePoint: number): number | undefined {
    let best: number | undefined;
    let bestDistance = Infinity;
    for (let at = this.text.indexOf(quote); at >= 0; at = this.text.indexOf(quote, at + 1)) {
      if (splitsSurrogatePair(this.text, at) || splitsSurrogatePair(this.text, at + quote.length)) continue;
      const distance = Math.abs(this.index.toCodePoint(at) - codePoint);
      if (distance < bestDistance) {
        best = at;
        bestDistance = distance;
      }
    }
    return best;
  }
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
