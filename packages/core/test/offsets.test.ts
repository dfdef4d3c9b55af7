import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OffsetIndex, codePointLength, isHighSurrogate, isLowSurrogate, splitsSurrogatePair, toCodePointOffset, toUtf16Offset } from '@glossa/core';

/** The reference: a code point offset is the number of code points `Array.from` sees before it. */
function naiveCodePoint(text: string, utf16: number): number {
  return Array.from(text.slice(0, utf16)).length;
}

/** The reference the other way: the UTF-16 length of the first `codePoint` code points. */
function naiveUtf16(text: string, codePoint: number): number {
  return Array.from(text).slice(0, codePoint).join('').length;
}

/** A UTF-16 offset splits a code point when cutting there changes how many code points `Array.from` sees. */
function naiveIsBoundary(text: string, utf16: number): boolean {
  return Array.from(text.slice(0, utf16)).length + Array.from(text.slice(utf16)).length === Array.from(text).length;
}

/** Fragments that trip up offset conversion, named for failure messages. */
const fragments: Record<string, string> = {
  ascii: 'National Guard',
  emoji: '😀',
  zwjFamily: '👩‍👩‍👧',
  skinTone: '👍🏽',
  flag: '🇫🇷',
  combiningMark: 'e\u0301',
  crlf: 'a\r\nb',
  arabic: 'مرحبا بالعالم',
  hebrew: 'שלום עולם',
  cjk: '漢字かな',
  cjkExtensionB: '𠀀𠀁',
  mathBold: '𝐀𝐁',
  loneHigh: '\ud800',
  loneLow: '\udc00',
  reversedPair: '\udc00\ud800',
};

/** Texts made of tricky fragments in any order, so pairs sit beside marks, joiners and lone halves. */
const fragmentText = fc.array(fc.constantFrom(...Object.values(fragments)), { maxLength: 12 }).map((parts) => parts.join(''));
/** Texts of arbitrary UTF-16 code units: valid pairs, lone surrogates, everything. */
const codeUnitText = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));
const anyText = fc.oneof(
  fragmentText,
  codeUnitText,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

describe('offsets: worked examples', () => {
  const cases: { text: string; utf16Length: number; codePoints: number; pairs: [number, number][] }[] = [
    { text: 'abc', utf16Length: 3, codePoints: 3, pairs: [[0, 0], [2, 2], [3, 3]] },
    { text: 'a😀b', utf16Length: 4, codePoints: 3, pairs: [[1, 1], [3, 2], [4, 3]] },
    // 👩 ZWJ 👩 ZWJ 👧: five code points, three of them pairs.
    { text: '👩‍👩‍👧', utf16Length: 8, codePoints: 5, pairs: [[2, 1], [3, 2], [5, 3], [6, 4], [8, 5]] },
    { text: '👍🏽!', utf16Length: 5, codePoints: 3, pairs: [[2, 1], [4, 2], [5, 3]] },
    { text: '🇫🇷', utf16Length: 4, codePoints: 2, pairs: [[2, 1], [4, 2]] },
    { text: 'e\u0301x', utf16Length: 3, codePoints: 3, pairs: [[1, 1], [2, 2]] },
    { text: 'a\r\nb', utf16Length: 4, codePoints: 4, pairs: [[2, 2], [3, 3]] },
    { text: 'שלום', utf16Length: 4, codePoints: 4, pairs: [[2, 2]] },
    { text: '漢𠀀字', utf16Length: 4, codePoints: 3, pairs: [[1, 1], [3, 2], [4, 3]] },
    // A lone surrogate is one code point of one code unit.
    { text: 'a\ud800b', utf16Length: 3, codePoints: 3, pairs: [[1, 1], [2, 2], [3, 3]] },
    { text: '\udc00\ud800', utf16Length: 2, codePoints: 2, pairs: [[1, 1]] },
    { text: '\ud800\ud800\udc00', utf16Length: 3, codePoints: 2, pairs: [[1, 1], [3, 2]] },
  ];

  for (const { text, utf16Length, codePoints, pairs } of cases) {
    it(`converts ${JSON.stringify(text)}`, () => {
      const index = new OffsetIndex(text);
      expect(index.utf16Length).toBe(utf16Length);
      expect(index.codePointLength).toBe(codePoints);
      expect(codePointLength(text)).toBe(codePoints);
      for (const [utf16, codePoint] of pairs) {
        expect(index.toCodePoint(utf16)).toBe(codePoint);
        expect(index.toUtf16(codePoint)).toBe(utf16);
        expect(toCodePointOffset(text, utf16)).toBe(codePoint);
        expect(toUtf16Offset(text, codePoint)).toBe(utf16);
      }
    });
  }

  it('finds every pair whatever the gap before it, as Array.from pairs them', () => {
    // Pairs are looked for one code unit at a time just after a pair and by a regular expression further on: try every gap across that edge.
    for (let gap = 0; gap <= 40; gap++) {
      for (const pair of ['😀', '\ud800\ud800\udc00', '\udc00😀']) {
        const text = `${'a'.repeat(gap)}${pair}${'b'.repeat(gap)}${pair}x`;
        const index = new OffsetIndex(text);
        expect(index.codePointLength, `gap ${gap}`).toBe(Array.from(text).length);
        expect(codePointLength(text), `gap ${gap}`).toBe(Array.from(text).length);
        for (let u = 0; u <= text.length; u++) {
          expect(index.isBoundary(u), `gap ${gap}, offset ${u}`).toBe(naiveIsBoundary(text, u));
          if (index.isBoundary(u)) expect(index.toCodePoint(u)).toBe(naiveCodePoint(text, u));
        }
      }
    }
  });

  it('rejects an offset between the halves of a pair, naming it', () => {
    const index = new OffsetIndex('a😀b');
    expect(index.isBoundary(2)).toBe(false);
    expect(() => index.toCodePoint(2)).toThrow(new RangeError('UTF-16 offset 2 falls between the two halves of a surrogate pair'));
    expect(() => toCodePointOffset('a😀b', 2)).toThrow(RangeError);
    expect(() => toCodePointOffset('a😀b', 2)).toThrow(/offset 2 falls between the two halves/);
  });
});

describe('offsets: bad offsets', () => {
  const text = 'a😀b'; // 4 code units, 3 code points
  const badUtf16: [string, number][] = [
    ['negative', -1],
    ['past the end', 5],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ];
  const badCodePoint: [string, number][] = [
    ['negative', -1],
    ['past the end', 4],
    ['fractional', 0.5],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ];

  for (const [what, offset] of badUtf16) {
    it(`rejects a ${what} UTF-16 offset`, () => {
      const index = new OffsetIndex(text);
      expect(() => index.toCodePoint(offset)).toThrow(new RangeError(`UTF-16 offset ${offset} is outside the text (0..4)`));
      expect(() => toCodePointOffset(text, offset)).toThrow(new RangeError(`UTF-16 offset ${offset} is outside the text (0..4)`));
      expect(index.isBoundary(offset)).toBe(false);
    });
  }

  for (const [what, offset] of badCodePoint) {
    it(`rejects a ${what} code point offset`, () => {
      const index = new OffsetIndex(text);
      expect(() => index.toUtf16(offset)).toThrow(new RangeError(`Code point offset ${offset} is outside the text (0..3)`));
      expect(() => toUtf16Offset(text, offset)).toThrow(new RangeError(`Code point offset ${offset} is outside the text (0..3)`));
    });
  }

  it('rejects out-of-range offsets in a text without pairs too', () => {
    const index = new OffsetIndex('plain');
    expect(() => index.toCodePoint(6)).toThrow(RangeError);
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(index.isBoundary(6)).toBe(false);
    expect(new OffsetIndex('').toCodePoint(0)).toBe(0);
    expect(() => new OffsetIndex('').toUtf16(1)).toThrow(RangeError);
  });
});

describe('offsets: properties', () => {
  it('agree with Array.from at every UTF-16 offset and reject split pairs', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new OffsetIndex(text);
        expect(index.utf16Length).toBe(text.length);
        expect(index.codePointLength).toBe(Array.from(text).length);
        expect(codePointLength(text)).toBe(Array.from(text).length);
        for (let u = 0; u <= text.length; u++) {
          const boundary = naiveIsBoundary(text, u);
          expect(index.isBoundary(u)).toBe(boundary);
          if (boundary) {
            expect(index.toCodePoint(u)).toBe(naiveCodePoint(text, u));
            expect(toCodePointOffset(text, u)).toBe(naiveCodePoint(text, u));
          } else {
            expect(() => index.toCodePoint(u)).toThrow(RangeError);
            expect(() => toCodePointOffset(text, u)).toThrow(RangeError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agree with Array.from at every code point offset', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new OffsetIndex(text);
        for (let c = 0; c <= index.codePointLength; c++) {
          expect(index.toUtf16(c)).toBe(naiveUtf16(text, c));
          expect(toUtf16Offset(text, c)).toBe(naiveUtf16(text, c));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agree with Array.from for offsets looked up in any order, each search starting where the last ended', () => {
    fc.assert(
      fc.property(anyText, fc.array(fc.nat(), { maxLength: 60 }), (text, picks) => {
        const index = new OffsetIndex(text);
        const boundaries = [...Array(text.length + 1).keys()].filter((u) => naiveIsBoundary(text, u));
        for (const pick of picks) {
          const utf16 = boundaries[pick % boundaries.length] as number;
          expect(index.toCodePoint(utf16)).toBe(naiveCodePoint(text, utf16));
          const codePoint = pick % (index.codePointLength + 1);
          expect(index.toUtf16(codePoint)).toBe(naiveUtf16(text, codePoint));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trip both ways', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new OffsetIndex(text);
        for (let c = 0; c <= index.codePointLength; c++) {
          expect(index.toCodePoint(index.toUtf16(c))).toBe(c);
        }
        for (let u = 0; u <= text.length; u++) {
          if (index.isBoundary(u)) expect(index.toUtf16(index.toCodePoint(u))).toBe(u);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are strictly increasing over boundaries, each code point one or two code units wide', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new OffsetIndex(text);
        for (let c = 1; c <= index.codePointLength; c++) {
          const width = index.toUtf16(c) - index.toUtf16(c - 1);
          expect(width === 1 || width === 2).toBe(true);
        }
        let previous = -1;
        for (let u = 0; u <= text.length; u++) {
          if (!index.isBoundary(u)) continue;
          const c = index.toCodePoint(u);
          expect(c).toBeGreaterThan(previous);
          previous = c;
        }
        expect(previous).toBe(index.codePointLength);
      }),
      { numRuns: 300 },
    );
  });

  it('convert a whole grapheme cluster as its code points, as Python counts them', () => {
    // Slicing the text by converted offsets gives back the fragment, for every fragment.
    for (const [name, fragment] of Object.entries(fragments)) {
      const text = `«${fragment}»`;
      const index = new OffsetIndex(text);
      const start = index.toCodePoint(1);
      const end = index.toCodePoint(1 + fragment.length);
      expect(Array.from(text).slice(start, end).join(''), name).toBe(fragment);
    }
  });
});

describe('surrogate helpers', () => {
  it.each([
    ['a\u{1F600}b', 2, true],
    ['a\u{1F600}b', 1, false],
    ['a\u{1F600}b', 3, false],
    ['\u{1F600}', 0, false],
    ['\u{1F600}', 2, false],
    ['\uD83D', 1, false],
    ['\uDE00\uD83D', 1, false],
    ['ab', -1, false],
    ['ab', 5, false],
  ])('splitsSurrogatePair(%j, %i) is %s', (text, offset, expected) => {
    expect(splitsSurrogatePair(text, offset)).toBe(expected);
  });

  it('agrees with OffsetIndex.isBoundary at every offset of random texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const index = new OffsetIndex(text);
        for (let offset = 0; offset <= text.length; offset++) expect(splitsSurrogatePair(text, offset)).toBe(!index.isBoundary(offset));
      }),
    );
  });

  it('tells high from low surrogates', () => {
    expect([0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000].map(isHighSurrogate)).toEqual([false, true, true, false, false, false]);
    expect([0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000].map(isLowSurrogate)).toEqual([false, false, false, true, true, false]);
  });
});
