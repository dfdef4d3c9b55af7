/**
 * Placing a backend's spans: code point offsets with their quote land
 * exactly; UTF-16 offsets (or any wrong offsets) with a quote land on an
 * occurrence of the quote, counted as a mismatch; nothing lands outside the
 * text or inside a surrogate pair — on text with emoji, combining marks and
 * CRLF.
 */
import fc from 'fast-check';
import { splitsSurrogatePair, toCodePointOffset } from '@glossa/core';
import { describe, expect, it } from 'vitest';
import { SpanPlacer } from '../src/suggestions/external/remote-spans.js';

const pieces = fc.constantFrom('Guard', ' ', 'the ', '🪖', '👩‍👩‍👧', '🇲🇽', 'e\u0301', '\r\n', 'Miraflores', '.', 'ñ');
const text = fc.array(pieces, { minLength: 1, maxLength: 30 }).map((p) => p.join(''));
/** A text and a non-empty range of it that splits no surrogate pair (UTF-16 offsets). */
const textAndRange = text.chain((t) =>
  fc
    .tuple(fc.nat({ max: t.length }), fc.nat({ max: t.length }))
    .filter(([a, b]) => a !== b && !splitsSurrogatePair(t, a) && !splitsSurrogatePair(t, b))
    .map(([a, b]) => ({ text: t, start: Math.min(a, b), end: Math.max(a, b) })),
);

describe('placing spans from a backend', () => {
  it('puts code point offsets with their quote exactly where they say, without a mismatch', () => {
    fc.assert(
      fc.property(textAndRange, ({ text: t, start, end }) => {
        const placed = new SpanPlacer(t).place({ start: toCodePointOffset(t, start), end: toCodePointOffset(t, end), quote: t.slice(start, end) });
        expect(placed).toEqual({ start, end, mismatch: false });
      }),
    );
  });

  it('puts UTF-16 offsets with a quote on an occurrence of the quote, whole characters only, and counts a mismatch when they were not code points', () => {
    fc.assert(
      fc.property(textAndRange, ({ text: t, start, end }) => {
        const quote = t.slice(start, end);
        const placed = new SpanPlacer(t).place({ start, end, quote });
        expect('dropped' in placed).toBe(false);
        if ('dropped' in placed) return;
        expect(t.slice(placed.start, placed.end)).toBe(quote);
        expect(splitsSurrogatePair(t, placed.start) || splitsSurrogatePair(t, placed.end)).toBe(false);
        const sameUnits = toCodePointOffset(t, start) === start && toCodePointOffset(t, end) === end;
        if (sameUnits) expect(placed).toEqual({ start, end, mismatch: false });
        else expect(placed.mismatch).toBe(t.slice(toUtf16OrNaN(t, start), toUtf16OrNaN(t, end)) !== quote);
      }),
    );
  });

  it('never places a span outside the text or inside a surrogate pair, whatever the offsets', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -5, max: 80 }), fc.integer({ min: -5, max: 80 }), fc.option(fc.constantFrom('Guard', '🪖', 'x'), { nil: undefined }), (t, start, end, quote) => {
        const placed = new SpanPlacer(t).place({ start, end, ...(quote === undefined ? {} : { quote }) });
        if ('dropped' in placed) return;
        expect(placed.start).toBeGreaterThanOrEqual(0);
        expect(placed.end).toBeLessThanOrEqual(t.length);
        expect(placed.start).toBeLessThan(placed.end);
        expect(splitsSurrogatePair(t, placed.start) || splitsSurrogatePair(t, placed.end)).toBe(false);
        if (quote !== undefined) expect(t.slice(placed.start, placed.end)).toBe(quote);
      }),
    );
  });
});

/** The UTF-16 offset of a code point offset, or NaN past the end (so a slice with it is empty). */
function toUtf16OrNaN(t: string, codePoint: number): number {
  const points = Array.from(t);
  return codePoint > points.length ? NaN : points.slice(0, codePoint).join('').length;
}
