import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Token } from '../src/index.js';
import { alignToTokens, splitSentences, tokenize } from '../src/index.js';

const texts = (text: string): string[] => tokenize(text).map((t) => t.text);

/** Pieces that exercise every rule, mixed with arbitrary code points (lone surrogates included). */
const piece = fc.oneof(
  fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', '\ufeff', 'a', 'Z', 'é', 'e\u0301', '\u0301', '1', '٣', '_', "'", '’', '.', ',', ':', ';', '-', '"', '¿', '…', '😀', '👍🏽', '\u200d', '\ufe0f', '\u20e3', '#', '🇲', '🇽', '👩‍👩‍👧', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '東', 'カ', 'ー', 'ส', 'ั', 'ש', '״', '\u200b', '\u00ad', '\ud800', '\udc00'),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const anyText = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));

describe('tokenize: the rules of the README', () => {
  it.each<[string, string, string[]]>([
    ['words and punctuation', 'Ban all spam, now!', ['Ban', 'all', 'spam', ',', 'now', '!']],
    ['one apostrophe, period or colon between letters stays inside', "don't l’homme U.S. e.g. a:b l·l", ["don't", 'l’homme', 'U.S', '.', 'e.g', '.', 'a:b', 'l·l']],
    ['a joiner not between two letters is a token', "dogs' 'tis a..b", ['dogs', "'", "'", 'tis', 'a', '.', '.', 'b']],
    ['one period, comma, semicolon or apostrophe between digits stays inside', "3.14 1,000 1.000,50 1'000 1;2", ['3.14', '1,000', '1.000,50', "1'000", '1;2']],
    ['letters and digits make one word; joiners need the same class on both sides', '2nd 3.5km v1.2 a.1 ab.12', ['2nd', '3.5km', 'v1.2', 'a', '.', '1', 'ab', '.', '12']],
    ['the colon is no joiner between digits', '10:30', ['10', ':', '30']],
    ['hyphens and other punctuation are tokens of their own', 'well-known COVID-19 --', ['well', '-', 'known', 'COVID', '-', '19', '-', '-']],
    ['connector punctuation is part of words', 'foo_bar _x x_ __', ['foo_bar', '_x', 'x_', '__']],
    ['symbols, other numbers and letter numbers', '$5 50% x² ½ Ⅻ', ['$', '5', '50', '%', 'x', '²', '½', 'Ⅻ']],
    ['combining marks and format characters stay with their base', 'cafe\u0301 ex\u00adample', ['cafe\u0301', 'ex\u00adample']],
    ['a mark with nothing before it is a token', '\u0301abc', ['\u0301', 'abc']],
    ['U+200B ZERO WIDTH SPACE is a token, not an extender', 'a\u200bb', ['a', '\u200b', 'b']],
    ['emoji: ZWJ sequences, skin tones, presentation selectors, tags', '👩‍👩‍👧 👍🏽 ❤️‍🔥 🏴󠁧󠁢󠁥󠁮󠁧󠁿 😀😀', ['👩‍👩‍👧', '👍🏽', '❤️‍🔥', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '😀', '😀']],
    ['flags pair regional indicators from the left', '🇲🇽🇺 🇺', ['🇲🇽', '🇺', '🇺']],
    ['keycaps are whole, one token each', '1️⃣2️⃣ #️⃣ *⃣', ['1️⃣', '2️⃣', '#️⃣', '*⃣']],
    ['an emoji after a word is a token', 'abc😀', ['abc', '😀']],
    ['each Han and Kana letter is a token', '東京Tower です。', ['東', '京', 'Tower', 'で', 'す', '。']],
    ['each Thai letter is a token with its marks', 'สวัสดี', ['ส', 'วั', 'ส', 'ดี']],
    ['Hebrew and the gershayim', 'צה״ל שלום.', ['צה״ל', 'שלום', '.']],
    ['whitespace of every kind separates', 'a\u00a0b\u3000c\ufeffd\te\nf', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['only whitespace', '  \n\t ', []],
    ['quotes and dashes', '"quoted"—dash', ['"', 'quoted', '"', '—', 'dash']],
    ['a lone surrogate is a token of its own', 'a\ud800b', ['a', '\ud800', 'b']],
  ])('%s', (_rule, text, expected) => {
    expect(texts(text)).toEqual(expected);
  });

  it('gives code point offsets beside UTF-16 offsets', () => {
    expect(tokenize('a😀 b')).toEqual([
      { text: 'a', start: 0, end: 1, cpStart: 0, cpEnd: 1 },
      { text: '😀', start: 1, end: 3, cpStart: 1, cpEnd: 2 },
      { text: 'b', start: 4, end: 5, cpStart: 3, cpEnd: 4 },
    ]);
  });
});

describe('tokenize: properties', () => {
  it('offsets slice to the token in both units; tokens are in order, never overlap and never contain whitespace', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const points = Array.from(text);
        let previous: Token | undefined;
        for (const t of tokenize(text)) {
          expect(t.text.length).toBeGreaterThan(0);
          expect(text.slice(t.start, t.end)).toBe(t.text);
          expect(points.slice(t.cpStart, t.cpEnd).join('')).toBe(t.text);
          expect(/\s/u.test(t.text)).toBe(false);
          if (previous !== undefined) {
            expect(t.start).toBeGreaterThanOrEqual(previous.end);
            expect(t.cpStart).toBeGreaterThanOrEqual(previous.cpEnd);
          }
          previous = t;
        }
      }),
    );
  });

  it('the tokens put together are the text without its whitespace', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(texts(text).join('')).toBe(text.replace(/\s/gu, ''));
      }),
    );
  });

  it('each token tokenizes to itself', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const t of texts(text)) expect(texts(t)).toEqual([t]);
      }),
    );
  });

  it('is idempotent on its own output joined by spaces (the CoNLL import text)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = texts(text);
        expect(texts(once.join(' '))).toEqual(once);
      }),
    );
  });
});

describe('tokenize agrees with Intl.Segmenter (UAX #29) on ordinary English and Spanish', () => {
  const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
  const segments = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment).filter((s) => !/^\s+$/u.test(s));
  it.each([
    'The police said on Tuesday that the mayor’s plan, which costs $3.5 million, would cut crime by 12%.',
    "Dr. Smith didn't arrive until 10:30 a.m.; the U.S. delegation (and e.g. Canada's) had left.",
    'She asked: "Is this the 2nd or 3rd report?" — nobody knew.',
    'Email john@example.com or visit https://example.org/reports?id=42&lang=en for details.',
    'It was a well-known, long-standing issue... wasn’t it? Yes!',
    'Numbers like 1,000,000 and 3.14159 or 1.000,50 stay whole; ranges like 1990-2000 do not.',
    '¿Dónde está la biblioteca? ¡No lo sé! El niño comió 2,5 kg de pan.',
    'La policía informó que el alcalde, según fuentes oficiales, renunció el 3 de mayo de 2021.',
    'Según el informe «Seguridad Ciudadana», los robos bajaron un 15 % en Lima y México.',
    'Él dijo: —No volveré jamás… ¿Entiendes?',
  ])('%s', (text) => {
    expect(texts(text)).toEqual(segments(text));
  });
});

describe('splitSentences', () => {
  const sentences = (text: string, keep: { start: number; end: number }[] = []): string[] => {
    const tokens = tokenize(text);
    return splitSentences(text, tokens, keep).map((r) =>
      tokens
        .slice(r.first, r.last)
        .map((t) => t.text)
        .join(' '),
    );
  };

  it.each<[string, string, string[]]>([
    ['terminals and line breaks end sentences', 'First one. Second one!\nThird', ['First one .', 'Second one !', 'Third']],
    ['a line break always ends a sentence', 'no terminal\nnext line\r\nand\u2028more', ['no terminal', 'next line', 'and', 'more']],
    ['closing quotes and brackets written right after stay', 'He said "no." Then (he left.) Done', ['He said " no . "', 'Then ( he left . )', 'Done']],
    ['several terminals are one run', 'Really?! Yes... Fine', ['Really ? !', 'Yes . . .', 'Fine']],
    ['a lowercase word after a period continues', 'The U.S. government met. It agreed.', ['The U.S . government met .', 'It agreed .']],
    ['a lowercase word after ? or ! still ends it', 'Why? because.', ['Why ?', 'because .']],
    ['a continuing mark after a terminal continues', 'Etc., and so on. Next', ['Etc . , and so on .', 'Next']],
    ['CJK terminals need no space', '東京です。大阪です。', ['東 京 で す 。', '大 阪 で す 。']],
    ['no tokens, no sentences', ' \n ', []],
  ])('%s', (_rule, text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });

  it('never breaks strictly inside a kept range, in any order', () => {
    const text = 'First one. Second one!\nThird. Fourth';
    const keep = [
      { start: text.indexOf('Third'), end: text.indexOf('Fourth') + 3 },
      { start: text.indexOf('one.'), end: text.indexOf('Second') + 6 },
    ];
    expect(sentences(text, keep)).toEqual(['First one . Second one !', 'Third . Fourth']);
  });

  it('covers every token exactly once, in order, and keeps ranges whole (property)', () => {
    fc.assert(
      fc.property(anyText, fc.array(fc.tuple(fc.nat(60), fc.nat(10)), { maxLength: 4 }), (text, raw) => {
        const tokens = tokenize(text);
        const keep = raw.map(([s, n]) => ({ start: Math.min(s, text.length), end: Math.min(s + n, text.length) }));
        const ranges = splitSentences(text, tokens, keep);
        let next = 0;
        for (const r of ranges) {
          expect(r.first).toBe(next);
          expect(r.last).toBeGreaterThan(r.first);
          next = r.last;
          const breakAt = (tokens[r.first] as Token).start;
          if (r.first > 0) for (const k of keep) expect(k.start < breakAt && breakAt < k.end).toBe(false);
        }
        expect(next).toBe(tokens.length);
      }),
    );
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
