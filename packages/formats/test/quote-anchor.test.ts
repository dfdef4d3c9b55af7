import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anchorQuote } from '../src/index.js';

describe('anchorQuote', () => {
  it('ranks the occurrences of a quote in a long repetitive text by context and hint', () => {
    // 500 000 occurrences of "ab", nearly all with the same context.
    const text = 'ab'.repeat(500_000);
    const quote = { exact: 'ab', prefix: 'xy'.repeat(16), suffix: 'ab'.repeat(16) };
    expect(anchorQuote(text, { ...quote, hint: 600_001 })).toEqual({ start: 600_000, end: 600_002, kind: 'exact', errors: 0 });
    // Without a hint, the first occurrence with the best context: the suffix fits everywhere but near the end.
    expect(anchorQuote(text, quote)?.start).toBe(0);
  });

  it('finds an exact quote', () => {
    expect(anchorQuote('a cat, a cat sat', { exact: 'cat', prefix: 'a cat, a ', suffix: ' sat' })).toEqual({ start: 9, end: 12, kind: 'exact', errors: 0 });
  });

  it('prefers the occurrence nearest the hint when contexts tie', () => {
    const text = 'x ab x ab x ab x';
    expect(anchorQuote(text, { exact: 'ab', hint: 8 })?.start).toBe(7);
    expect(anchorQuote(text, { exact: 'ab', hint: 14 })?.start).toBe(12);
    expect(anchorQuote(text, { exact: 'ab' })?.start).toBe(2);
  });

  it('lets context outweigh the hint', () => {
    const text = 'red apple, green apple';
    expect(anchorQuote(text, { exact: 'apple', prefix: 'green ', hint: 0 })?.start).toBe(17);
  });

  it('returns null for an empty quote and for a quote beyond the error budget', () => {
    expect(anchorQuote('anything', { exact: '' })).toBeNull();
    expect(anchorQuote('The National Guard', { exact: 'The Navy Seals' })).toBeNull();
    expect(anchorQuote('The Natonal Guard', { exact: 'The National Guard' }, { maxErrorRatio: 0 })).toBeNull();
  });

  it('reports the edit distance of a fuzzy match', () => {
    expect(anchorQuote('The Natonal Guard is here', { exact: 'The National Guard' })).toEqual({ start: 0, end: 17, kind: 'fuzzy', errors: 1 });
  });

  it('searches fuzzily only within the window around the hint', () => {
    const text = `${'z'.repeat(300)}The Natonal Guard`;
    const quote = { exact: 'The National Guard', hint: 0 };
    expect(anchorQuote(text, quote, { fuzzyWindow: 100 })).toBeNull();
    expect(anchorQuote(text, quote, { fuzzyWindow: 400 })?.start).toBe(300);
  });

  it('never splits a surrogate pair and keeps following combining marks', () => {
    const text = 'say 😀hello and cafe\u0301 now';
    const emoji = anchorQuote(text, { exact: '\udc00hello and' });
    expect(emoji).not.toBeNull();
    expect(text.slice(emoji?.start, emoji?.end)).toBe('😀hello and');
    const cafe = anchorQuote(text, { exact: 'xnd cafe' });
    expect(cafe?.kind).toBe('fuzzy');
    expect(text.slice(cafe?.start, cafe?.end)).toBe('and cafe\u0301');
  });

  it.each([
    ['a negative hint', { exact: 'a', hint: -1 }, {}],
    ['a hint past the end', { exact: 'a', hint: 99 }, {}],
    ['an error ratio of 1', { exact: 'a' }, { maxErrorRatio: 1 }],
    ['a negative window', { exact: 'a' }, { fuzzyWindow: -5 }],
  ])('throws RangeError for %s', (_name, quote, options) => {
    expect(() => anchorQuote('abc', quote, options)).toThrow(RangeError);
  });

  it('finds a quote again after unrelated inserts and deletes (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀', 'e\u0301', 'ש'), minLength: 1, maxLength: 40 }),
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀', 'e\u0301', 'ש'), minLength: 1, maxLength: 40 }),
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀', 'e\u0301', 'ש'), minLength: 1, maxLength: 40 }),
        fc.string({ unit: fc.constantFrom('a', 'c', '😀'), maxLength: 20 }),
        fc.boolean(),
        (before, quoted, after, inserted, insertBefore) => {
          const edited = insertBefore ? inserted + before + quoted + after : before + quoted + after + inserted;
          const found = anchorQuote(edited, { exact: quoted, prefix: before.slice(-32), suffix: after.slice(0, 32), hint: before.length });
          expect(found).not.toBeNull();
          expect(found?.kind).toBe('exact');
          expect(edited.slice(found?.start, found?.end)).toBe(quoted);
          if (edited.indexOf(quoted) === edited.lastIndexOf(quoted)) {
            expect(found?.start).toBe(edited.indexOf(quoted));
          }
        },
      ),
    );
  });
});
