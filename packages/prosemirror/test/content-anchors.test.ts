import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { ContentIndex, createContentDoc, editContentText, readContentText } from '@glossa/collab';
import { ContentAnchors } from '../src/index.js';

const edit = fc.record({ at: fc.nat(), remove: fc.nat(4), insert: fc.constantFrom('', 'x', '\n', 'é', 'ab\ncd', '😀') });

describe('ContentAnchors', () => {
  it('encodes and resolves anchors exactly as ContentIndex does, through random edits', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, -1)), { minLength: 1, maxLength: 8 }), (edits, probes) => {
        const doc = createContentDoc('the National Guard\n\nwas deployed 😀 here');
        const anchors: Uint8Array[] = [];
        for (const step of edits) {
          const text = readContentText(doc);
          const at = step.at % (text.length + 1);
          const remove = Math.min(step.remove, text.length - at);
          // Never split a surrogate pair.
          if (/[\udc00-\udfff]/.test(text[at] ?? '') || /[\udc00-\udfff]/.test(text[at + remove] ?? '')) continue;
          editContentText(doc, at, remove, step.insert);
          const index = new ContentIndex(doc);
          const fast = new ContentAnchors(doc);
          expect(fast.length).toBe(index.length);
          for (const [offset, assoc] of probes) {
            const o = offset % (index.length + 1);
            expect(fast.encodeAnchor(o, assoc)).toEqual(index.encodeAnchor(o, assoc));
            anchors.push(index.encodeAnchor(o, assoc));
          }
          for (const anchor of anchors) expect(fast.resolveEncoded(anchor)).toBe(index.resolveEncoded(anchor));
        }
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['bytes that do not decode', new Uint8Array([255, 255, 255])],
    ['an anchor into another type', Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().getText('other'), 0))],
  ])('resolves %s to null', (_name, bytes) => {
    expect(new ContentAnchors(createContentDoc('abc')).resolveEncoded(bytes)).toBeNull();
  });

  it('throws a RangeError for an offset outside the text', () => {
    expect(() => new ContentAnchors(createContentDoc('abc')).encodeAnchor(4, 0)).toThrow(RangeError);
  });
});
