import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { docToText, posToTextOffset, textOffsetToPos, textToDoc } from '../src/index.js';

/** The reference: walk the document and count, position by position. */
function slowTextOffsetToPos(text: string, t: number): number {
  const before = text.slice(0, t);
  const paragraph = before.split('\n').length - 1;
  return t + 1 + paragraph;
}

describe('text ⇄ document', () => {
  it.each([
    ['', 1],
    ['one line', 1],
    ['a\nb', 2],
    ['\n\n', 3],
    ['trailing\n', 2],
    ['crlf\r\nkept', 2],
    ['emoji 👩‍👩‍👧 and e\u0301', 1],
  ])('round-trips %j through %i paragraphs', (text, paragraphs) => {
    const doc = textToDoc(text);
    expect(doc.childCount).toBe(paragraphs);
    expect(docToText(doc)).toBe(text);
  });

  it('round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '\n', ' ', '😀', '\r') }), (text) => {
        expect(docToText(textToDoc(text))).toBe(text);
      }),
    );
  });
});

describe('text offset ⇄ position', () => {
  it('puts paragraph i at sum of (length + 2) of the previous ones plus one', () => {
    const doc = textToDoc('ab\n\ncde');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((t) => textOffsetToPos(doc, t))).toEqual([1, 2, 3, 5, 7, 8, 9, 10]);
  });

  it('agrees with a slow reference and round-trips every offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '😀', ' ') }), (text) => {
        const doc = textToDoc(text);
        for (let t = 0; t <= text.length; t++) {
          const pos = textOffsetToPos(doc, t);
          expect(pos).toBe(slowTextOffsetToPos(text, t));
          expect(posToTextOffset(doc, pos)).toBe(t);
          expect(doc.textBetween(textOffsetToPos(doc, 0), pos, '\n')).toBe(text.slice(0, t));
        }
      }),
    );
  });

  it('maps positions between paragraphs to the start of the next one', () => {
    const doc = textToDoc('ab\ncd');
    expect(posToTextOffset(doc, 0)).toBe(0);
    expect(posToTextOffset(doc, 4)).toBe(3);
    expect(posToTextOffset(doc, doc.content.size)).toBe(5);
  });

  it.each([
    ['negative offset', () => textOffsetToPos(textToDoc('abc'), -1), /text offset -1 is outside the document's text \[0, 3\]/],
    ['offset past the end', () => textOffsetToPos(textToDoc('abc'), 4), /text offset 4 is outside/],
    ['fractional offset', () => textOffsetToPos(textToDoc('abc'), 1.5), /text offset 1.5 is outside/],
    ['negative position', () => posToTextOffset(textToDoc('abc'), -1), /position -1 is outside the document \[0, 5\]/],
    ['position past the end', () => posToTextOffset(textToDoc('abc'), 6), /position 6 is outside/],
    ['NaN position', () => posToTextOffset(textToDoc('abc'), Number.NaN), /position NaN is outside/],
  ])('throws a RangeError for a %s', (_name, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});
