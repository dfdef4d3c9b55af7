import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignToTokens, splitSentences, tokenize } from '../src/index.js';

describe('tokenize', () => {
  it.each([
    ['Ban 😀 all spam now', ['Ban', '😀', 'all', 'spam', 'now']],
    ["don't stop, U.S. 3.14!", ["don't", 'stop', ',', 'U.S', '.', '3.14', '!']],
    ['👩‍👩‍👧 and 🇲🇽', ['👩‍👩‍👧', 'and', '🇲🇽']],
    ['cafe\u0301 ok', ['cafe\u0301', 'ok']],
    ['שלום עולם.', ['שלום', 'עולם', '.']],
    ['  \n\t ', []],
    ['"quoted"—dash', ['"', 'quoted', '"', '—', 'dash']],
  ])('%j', (text, expected) => {
    expect(tokenize(text).map((t) => t.text)).toEqual(expected);
  });

  it('gives UTF-16 offsets that slice to the token and code point offsets that slice the code point array', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const cps = Array.from(text);
        for (const t of tokenize(text)) {
          expect(text.slice(t.start, t.end)).toBe(t.text);
          expect(cps.slice(t.cpStart, t.cpEnd).join('')).toBe(t.text);
          expect(/\s/u.test(t.text) && t.text.trim() === '').toBe(false);
        }
      }),
    );
  });

  it('is idempotent on its own output joined by spaces (the CoNLL import text)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), (text) => {
        const once = tokenize(text).map((t) => t.text);
        expect(tokenize(once.join(' ')).map((t) => t.text)).toEqual(once);
      }),
    );
  });
});

describe('splitSentences', () => {
  it('breaks at sentence ends and line breaks, never inside kept ranges', () => {
    const text = 'First one. Second one!\nThird';
    const tokens = tokenize(text);
    const words = (s: { first: number; last: number }[]) => s.map((r) => tokens.slice(r.first, r.last).map((t) => t.text).join(' '));
    expect(words(splitSentences(text, tokens))).toEqual(['First one .', 'Second one !', 'Third']);
    const keep = [{ start: text.indexOf('one.'), end: text.indexOf('Second') + 6 }];
    expect(words(splitSentences(text, tokens, keep))).toEqual(['First one . Second one !', 'Third']);
  });
});

describe('alignToTokens', () => {
  const text = 'Ban 😀 all spam now';
  const tokens = tokenize(text);
  it.each([
    ['exact span', 0, 10, { first: 0, last: 3, exact: true }],
    ['starts inside a token', 1, 3, { first: 0, last: 1, exact: false }],
    ['ends in whitespace', 11, 16, { first: 3, last: 4, exact: false }],
  ])('%s', (_name, start, end, expected) => {
    expect(alignToTokens(tokens, start, end)).toEqual(expected);
  });
  it('returns undefined for a span over whitespace only', () => {
    expect(alignToTokens(tokens, 3, 4)).toBeUndefined();
  });
});
