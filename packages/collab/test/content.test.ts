import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
  CONTENT_FRAGMENT,
  LAYOUT_VERSION,
  createContentDoc,
  editContentText,
  readContentMeta,
  readContentText,
  resolveLayer,
  writeAnnotations,
  writeContentText,
} from '../src/index.js';
import { offBoundary, span } from './tagged.js';
import { ClientIds, clientIdSeed } from '../../../tests/support/seeded.js';

describe('content room layout', () => {
  it('stores paragraphs as y-prosemirror does, and the meta with the layout version', () => {
    const doc = createContentDoc('One\n\nTwo 😀', { title: 'Interview', language: 'es' });
    const children = doc.getXmlFragment(CONTENT_FRAGMENT).toArray();
    expect(children.map((c) => (c as Y.XmlElement).nodeName)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    const first = (children[0] as Y.XmlElement).toArray();
    expect(first).toHaveLength(1);
    expect(first[0]).toBeInstanceOf(Y.XmlText);
    expect((first[0] as Y.XmlText).toString()).toBe('One');
    expect((children[1] as Y.XmlElement).length).toBe(0);
    expect(readContentMeta(doc)).toEqual({ title: 'Interview', language: 'es', layout: LAYOUT_VERSION });
  });

  it.each([
    ['plain', 'The National Guard'],
    ['empty', ''],
    ['only line breaks', '\n\n'],
    ['CRLF and trailing break', 'a\r\nb\r\n'],
    ['emoji and ZWJ', '👩‍👩‍👧 e\u0301 🇲🇽'],
    ['mojibake', 'MedellÃn'],
  ])('reads back the text exactly: %s', (_what, text) => {
    const doc = createContentDoc(text);
    expect(readContentText(doc)).toBe(text);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readContentText(copy)).toBe(text);
  });

  it('ignores formatting when reading text', () => {
    const doc = createContentDoc('abc');
    const text = (doc.getXmlFragment(CONTENT_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.format(0, 2, { bold: true });
    expect(readContentText(doc)).toBe('abc');
  });
});

describe('editContentText', () => {
  it('applies random edits like string splicing', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).map((s) => s.replace(/[\ud800-\udfff]/g, 'x')),
        fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.constantFrom('', 'a', '\n', 'b\nc', '\n\n', '😀', 'xyz\n')), { maxLength: 15 }),
        clientIdSeed,
        (initial, edits, idSeed) => {
          const doc = new ClientIds(idSeed).during(() => createContentDoc(initial));
          let expected = initial;
          for (const [at0, del0, insert] of edits) {
            // Edits never split a surrogate pair (Yjs would turn each half into U+FFFD).
            const at = offBoundary(expected, at0 % (expected.length + 1));
            const del = offBoundary(expected, Math.min(at + del0, expected.length)) - at;
            editContentText(doc, at, del, insert);
            expected = expected.slice(0, at) + insert + expected.slice(at + del);
            expect(readContentText(doc)).toBe(expected);
          }
        },
      ),
    );
  });

  it('joins paragraphs by moving the second one into the first and deleting its element', () => {
    const doc = createContentDoc('ab\ncd');
    const second = doc.getXmlFragment(CONTENT_FRAGMENT).get(1) as Y.XmlElement;
    editContentText(doc, 2, 1, '');
    expect(readContentText(doc)).toBe('abcd');
    expect(second._item?.deleted).toBe(true);
  });

  it('splits at a paragraph start without moving its text', () => {
    const doc = createContentDoc('abc');
    const first = (doc.getXmlFragment(CONTENT_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    editContentText(doc, 0, 0, '\n');
    expect(readContentText(doc)).toBe('\nabc');
    expect((doc.getXmlFragment(CONTENT_FRAGMENT).get(1) as Y.XmlElement).get(0)).toBe(first);
  });

  it.each([
    ['past the end', 4, 0],
    ['a deletion past the end', 2, 2],
    ['a negative offset', -1, 0],
    ['a fractional offset', 0.5, 0],
  ])('throws a RangeError for an edit %s', (_what, at, del) => {
    expect(() => editContentText(createContentDoc('abc'), at, del, 'x')).toThrow(/outside the text/);
  });
});

describe('writeContentText', () => {
  it('rewrites only what changed, so annotations elsewhere keep their place', () => {
    const content = createContentDoc('The National Guard\nwas deployed in May.');
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('g', 4, 18), span('m', 35, 38)]);
    writeContentText(content, 'The National Guard\nwas sent in May.');
    expect(readContentText(content)).toBe('The National Guard\nwas sent in May.');
    const spans = resolveLayer(layer, content).spans;
    expect(spans.map((s) => [s.id, s.start, s.end])).toEqual([['g', 4, 18], ['m', 31, 34]]);
  });

  it('fills a doc that has no paragraphs', () => {
    const doc = new Y.Doc();
    writeContentText(doc, 'a\nb');
    expect(readContentText(doc)).toBe('a\nb');
    writeContentText(doc, '');
    expect(readContentText(doc)).toBe('');
  });
});
