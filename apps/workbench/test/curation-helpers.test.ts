import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { segmentText } from '../src/curation/text-segments.js';
import { parseBoundary, parseSpanRange } from '../src/curation/boundary-input.js';
import { documentStatus, projectAnnotators } from '../src/curation/document-status.js';
import type { DocumentListing } from '../src/api.js';
import { agreementFill, agreementInk } from '../src/charts/color-scale.js';

describe('segmentText', () => {
  it('cuts at every boundary and lists the covering marks', () => {
    const marks = [
      { start: 2, end: 6, name: 'a' },
      { start: 4, end: 8, name: 'b' },
    ];
    expect(segmentText(10, marks).map((s) => `${s.start}-${s.end}:${s.marks.map((m) => m.name).join('')}`)).toEqual(['0-2:', '2-4:a', '4-6:ab', '6-8:b', '8-10:']);
  });

  it('covers the text exactly with non-empty segments (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((length) =>
          fc.tuple(fc.constant(length), fc.array(fc.tuple(fc.nat(length), fc.nat(length)).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })), { maxLength: 10 })),
        ),
        ([length, marks]) => {
          const segments = segmentText(length, marks);
          expect(segments[0]?.start).toBe(0);
          expect(segments.at(-1)?.end).toBe(length);
          for (let i = 0; i < segments.length; i++) {
            const s = segments[i] as { start: number; end: number; marks: readonly { start: number; end: number }[] };
            expect(s.end).toBeGreaterThan(s.start);
            if (i > 0) expect(s.start).toBe((segments[i - 1] as { end: number }).end);
            expect(s.marks).toEqual(marks.filter((m) => m.start <= s.start && s.end <= m.end && m.start < m.end));
          }
        },
      ),
    );
  });

  it.each([
    { mark: { start: -1, end: 2 } },
    { mark: { start: 3, end: 2 } },
    { mark: { start: 0, end: 11 } },
  ])('throws a RangeError for a mark outside the text: $mark', ({ mark }) => {
    expect(() => segmentText(10, [mark])).toThrow(RangeError);
  });
});

describe('boundary input', () => {
  it.each([
    { start: '', end: '4', message: 'Start: expected a whole number of characters from 0 to 10, got “”' },
    { start: '1.5', end: '4', message: 'Start: expected a whole number' },
    { start: '-1', end: '4', message: 'Start: expected a whole number' },
    { start: '2', end: 'x', message: 'End: expected a whole number' },
    { start: '2', end: '11', message: 'End: expected at most 10' },
    { start: '4', end: '4', message: 'End: expected more than the start (4), got 4' },
    { start: '5', end: '3', message: 'End: expected more than the start (5), got 3' },
  ])('refuses start “$start”, end “$end” with a message naming the field', ({ start, end, message }) => {
    const result = parseSpanRange(start, end, 10);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toContain(message);
  });

  it('reads good boundaries, spaces around them allowed', () => {
    expect(parseSpanRange(' 2', '10 ', 10)).toEqual({ ok: true, value: { start: 2, end: 10 } });
    expect(parseBoundary('Start', '0', 0)).toEqual({ ok: true, value: 0 });
  });
});

describe('document status', () => {
  const listing = (layers: Record<string, number>): DocumentListing => ({ id: 'd', characters: 10, layers: Object.entries(layers).map(([layer, spans]) => ({ layer, spans })) });

  const cases: { readonly layers: Record<string, number>; readonly status: string }[] = [
    { layers: {}, status: 'not-started' },
    { layers: { alice: 0, bob: 0 }, status: 'not-started' },
    { layers: { alice: 3 }, status: 'in-progress' },
    { layers: { alice: 3, bob: 0 }, status: 'in-progress' },
    { layers: { alice: 3, bob: 1 }, status: 'annotated' },
    { layers: { alice: 3, bob: 1, gold: 0 }, status: 'annotated' },
    { layers: { alice: 0, gold: 2 }, status: 'curated' },
    { layers: { shared: 4 }, status: 'in-progress' },
  ];
  it.each(cases)('$layers is $status for annotators alice and bob', ({ layers, status }) => {
    expect(documentStatus(listing(layers), ['alice', 'bob'])).toBe(status);
  });

  it('takes the annotators from every document’s layers but shared and gold', () => {
    expect(projectAnnotators([listing({ bob: 1, gold: 1 }), listing({ alice: 0, shared: 2 })])).toEqual(['alice', 'bob']);
  });
});

describe('agreement colors', () => {
  it('is white at 0, full blue at 1, full red at −1, grey when undefined', () => {
    expect(agreementFill(0)).toBe('#ffffff');
    expect(agreementFill(1)).toBe('#1f4e79');
    expect(agreementFill(-1)).toBe('#a4161a');
    expect(agreementFill(2)).toBe('#1f4e79');
    expect(agreementFill(null)).toBe('#e9ecef');
    expect(agreementInk(0.9)).toBe('#ffffff');
    expect(agreementInk(0.1)).toBe('#1b1f24');
  });
});
