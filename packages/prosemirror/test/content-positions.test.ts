import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { CONTENT_FRAGMENT, ContentIndex, ContentParagraphs, createContentDoc, editContentText, readContentText, touchedParagraphs } from '@glossa/collab';
import type { TouchedParagraphs } from '@glossa/collab';
import { ContentPositions, ParagraphIndex, textToDoc } from '../src/index.js';
import { ClientIds, clientIdSeed } from '../../../tests/support/seeded.js';

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat(4),
  insert: fc.constantFrom('', 'x', '\n', 'é', 'ab\ncd', '😀'),
  // Typing straight into a paragraph's text, as y-prosemirror does for a keystroke.
  inPlace: fc.boolean(),
});

/** Whether `offset` falls between the halves of a surrogate pair of `text`. */
function splitsPair(text: string, offset: number): boolean {
  return /[\udc00-\udfff]/.test(text[offset] ?? '');
}

/** Types `insert` (no line breaks) at text offset `at` straight into the XmlText holding it. */
function typeInPlace(doc: Y.Doc, at: number, insert: string): boolean {
  const paragraphs = doc.getXmlFragment(CONTENT_FRAGMENT).toArray();
  let start = 0;
  for (const paragraph of paragraphs) {
    const text = (paragraph as Y.XmlElement).get(0);
    const length = text instanceof Y.XmlText ? text.length : 0;
    if (at <= start + length) {
      if (!(text instanceof Y.XmlText)) return false;
      text.insert(at - start, insert);
      return true;
    }
    start += length + 1;
  }
  return false;
}

describe('ContentPositions', () => {
  it('resolves and encodes anchors as ContentIndex does in text offsets, through random edits', () => {
    fc.assert(
      fc.property(
        fc.array(edit, { maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, -1)), { minLength: 1, maxLength: 8 }),
        clientIdSeed,
        (edits, probes, idSeed) => {
          const doc = new ClientIds(idSeed).during(() => createContentDoc('the National Guard\n\nwas deployed 😀 here'));
          const fragment = doc.getXmlFragment(CONTENT_FRAGMENT);
          const anchors: Uint8Array[] = [];
          for (const step of edits) {
            const text = readContentText(doc);
            const at = step.at % (text.length + 1);
            const remove = Math.min(step.remove, text.length - at);
            if (splitsPair(text, at) || splitsPair(text, at + remove)) continue;
            if (step.inPlace && !step.insert.includes('\n') && step.insert !== '') typeInPlace(doc, at, step.insert);
            else editContentText(doc, at, remove, step.insert);
            const pmDoc = textToDoc(readContentText(doc));
            const index = new ContentIndex(doc);
            const pmIndex = ParagraphIndex.of(pmDoc);
            const positions = new ContentPositions(fragment, pmDoc);
            expect(ContentParagraphs.of(fragment).count).toBe(pmIndex.paragraphCount);
            for (const [offset, assoc] of probes) {
              const o = offset % (index.length + 1);
              expect(positions.encodeAnchor(pmIndex.textOffsetToPos(o), assoc)).toEqual(index.encodeAnchor(o, assoc));
              anchors.push(index.encodeAnchor(o, assoc));
            }
            for (const anchor of anchors) {
              const expected = index.resolveEncoded(anchor);
              expect(positions.resolveEncoded(anchor)).toBe(expected === null ? null : pmIndex.textOffsetToPos(expected));
            }
            expect(positions.inconsistent).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('marks itself inconsistent when the editor shows another text', () => {
    const doc = createContentDoc('abc\ndef');
    const fragment = doc.getXmlFragment(CONTENT_FRAGMENT);
    const anchor = new ContentIndex(doc).encodeAnchor(5, 0);
    const longer = new ContentPositions(fragment, textToDoc('abc\ndefg'));
    expect(longer.resolveEncoded(anchor)).toBeNull();
    expect(longer.inconsistent).toBe(true);
    expect(new ContentPositions(fragment, textToDoc('abc')).inconsistent).toBe(true);
  });

  it.each([
    ['bytes that do not decode', new Uint8Array([255, 255, 255])],
    ['an anchor into another type', Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().getText('other'), 0))],
    ['an anchor naming another root type', Y.encodeRelativePosition(new Y.RelativePosition(null, 'elsewhere', null, 0))],
  ])('resolves %s to null', (_name, bytes) => {
    const doc = createContentDoc('abc');
    expect(new ContentPositions(doc.getXmlFragment(CONTENT_FRAGMENT), textToDoc('abc')).resolveEncoded(bytes)).toBeNull();
    expect(doc.share.has('elsewhere')).toBe(false);
  });

  it('throws a RangeError for a position outside the document', () => {
    const doc = createContentDoc('abc');
    expect(() => new ContentPositions(doc.getXmlFragment(CONTENT_FRAGMENT), textToDoc('abc')).encodeAnchor(9, 0)).toThrow(RangeError);
  });
});

describe('touchedParagraphs', () => {
  it('covers every paragraph whose text changed, and counts the paragraphs, through random edits', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 15 }), clientIdSeed, (edits, idSeed) => {
        const doc = new ClientIds(idSeed).during(() => createContentDoc('one\ntwo\nthree\nfour\nfive'));
        const fragment = doc.getXmlFragment(CONTENT_FRAGMENT);
        let seen: TouchedParagraphs | null = null;
        doc.on('afterTransaction', (transaction: Y.Transaction) => {
          seen = touchedParagraphs(transaction, fragment);
        });
        for (const step of edits) {
          const before = readContentText(doc).split('\n');
          const text = before.join('\n');
          const at = step.at % (text.length + 1);
          const remove = Math.min(step.remove, text.length - at);
          if (splitsPair(text, at) || splitsPair(text, at + remove)) continue;
          seen = null;
          if (step.inPlace && !step.insert.includes('\n') && step.insert !== '') typeInPlace(doc, at, step.insert);
          else editContentText(doc, at, remove, step.insert);
          const after = readContentText(doc).split('\n');
          if (before.join('\n') === after.join('\n')) continue;
          // Outside the touched paragraphs, the paragraphs are those from before.
          const touched = seen as TouchedParagraphs | null;
          expect(touched).not.toBeNull();
          if (touched === null) return;
          expect(touched.paragraphCount).toBe(after.length);
          const kept = after.length - 1 - touched.last;
          expect(after.slice(0, touched.first)).toEqual(before.slice(0, touched.first));
          expect(after.slice(touched.last + 1)).toEqual(before.slice(before.length - kept));
        }
      }),
      { numRuns: 200 },
    );
  });
});
