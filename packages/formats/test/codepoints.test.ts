import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CodePointCursor } from '../src/codepoints.js';

/** Every UTF-16 offset of a text that is a code point boundary, with its code point offset, counted independently. */
function boundaries(text: string): [number, number][] {
  const out: [number, number][] = [[0, 0]];
  let utf16 = 0;
  for (const [i, point] of Array.from(text).entries()) {
    utf16 += point.length;
    out.push([utf16, i + 1]);
  }
  return out;
}

const text = fc.string({ unit: fc.constantFrom('a', ' ', '😀', 'e\u0301', '👩‍💻', '\ud800', '\udc00', '🇲🇽'), maxLength: 30 });

describe('CodePointCursor', () => {
  it('converts every boundary, queried in any order, like Array.from counts code points', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 40 }), (t, picks) => {
        const all = boundaries(t);
        const cursor = new CodePointCursor(t);
        for (const pick of picks) {
          const [utf16, codePoint] = all[pick % all.length] as [number, number];
          expect(cursor.toCodePoint(utf16)).toBe(codePoint);
        }
      }),
    );
  });

  it.each<[string, string, number, RegExp]>([
    ['between the halves of a pair', 'a😀b', 2, /UTF-16 offset 2 falls between the two halves of a surrogate pair/],
    ['past the end', 'abc', 4, /UTF-16 offset 4 is not an integer in 0\.\.3/],
    ['negative', 'abc', -1, /UTF-16 offset -1 is not an integer/],
    ['not an integer', 'abc', 1.5, /UTF-16 offset 1\.5 is not an integer/],
  ])('throws RangeError for an offset %s', (_case, t, offset, message) => {
    const cursor = new CodePointCursor(t);
    expect(() => cursor.toCodePoint(offset)).toThrow(RangeError);
    expect(() => cursor.toCodePoint(offset)).toThrow(message);
  });

  it('accepts offsets next to lone surrogates, which are code points of their own', () => {
    const cursor = new CodePointCursor('a\udc00\ud800b');
    expect([1, 2, 3, 4].map((o) => cursor.toCodePoint(o))).toEqual([1, 2, 3, 4]);
  });
});
