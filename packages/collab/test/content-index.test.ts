import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { ContentIndex, createContentDoc, editContentText, readContentText } from '../src/index.js';
import { offBoundary } from './tagged.js';
import { ClientIds, clientIdSeed } from '../../../tests/support/seeded.js';

/** One edit of a random history: `at` and `del` are fractions of the text, so they fit any state. */
interface EditOp {
  readonly kind: 'edit';
  readonly client: number;
  readonly at: number;
  readonly del: number;
  readonly insert: string;
}
interface SyncOp {
  readonly kind: 'sync';
  readonly from: number;
  readonly to: number;
}
interface AnchorOp {
  readonly kind: 'anchor';
  readonly client: number;
  readonly at: number;
  readonly assoc: number;
}
type Op = EditOp | SyncOp | AnchorOp;

const CLIENTS = 3;
const piece = fc.constantFrom('a', 'bc', 'def', '\n', ' ', '😀', 'é', 'x\ny', '\n\n', 'Guard');
const insertText = fc.array(piece, { maxLength: 3 }).map((parts) => parts.join(''));
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('edit' as const), client: fc.nat(CLIENTS - 1), at: fraction, del: fc.double({ min: 0, max: 0.3, noNaN: true }), insert: insertText }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(CLIENTS - 1), to: fc.nat(CLIENTS - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('anchor' as const), client: fc.nat(CLIENTS - 1), at: fraction, assoc: fc.constantFrom(0, -1) }) },
);

function replay(ops: readonly Op[], gc: boolean, ids: ClientIds): { docs: Y.Doc[]; anchors: Y.RelativePosition[] } {
  const initial = ids.during(() => createContentDoc('The National Guard\nwas deployed 🇲🇽 in May\n\nend'));
  const docs = Array.from({ length: CLIENTS }, () => {
    const doc = ids.doc({ gc });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(initial));
    return doc;
  });
  const anchors: Y.RelativePosition[] = [];
  for (const o of ops) {
    if (o.kind === 'edit') {
      const doc = docs[o.client] as Y.Doc;
      const text = readContentText(doc);
      const at = offBoundary(text, Math.floor(o.at * text.length));
      const del = offBoundary(text, Math.min(text.length, at + Math.floor(o.del * text.length))) - at;
      editContentText(doc, at, Math.max(0, del), o.insert);
    } else if (o.kind === 'sync') {
      const from = docs[o.from] as Y.Doc;
      const to = docs[o.to] as Y.Doc;
      Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    } else {
      const index = new ContentIndex(docs[o.client] as Y.Doc);
      const at = offBoundary(index.text, Math.floor(o.at * index.length));
      const rpos = index.relativePosition(at, o.assoc);
      expect(index.resolve(rpos)).toBe(at);
      anchors.push(rpos);
    }
  }
  return { docs, anchors };
}

function oneByOne(index: ContentIndex, rpos: Y.RelativePosition): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(rpos, index.doc, false);
  return absolute === null ? null : index.offsetOfAbsolute(absolute);
}

describe('ContentIndex: text offsets and paragraphs', () => {
  const index = new ContentIndex(createContentDoc('ab\n\ncde'));

  it('reads the plain text and paragraphs', () => {
    expect(index.text).toBe('ab\n\ncde');
    expect(index.paragraphs).toHaveLength(3);
    expect([0, 1, 2].map((i) => [index.paragraphStart(i), index.paragraphLength(i)])).toEqual([[0, 2], [3, 0], [4, 3]]);
  });

  it.each([
    ['a negative offset', () => index.paragraphAt(-1), /outside the text/],
    ['an offset past the end', () => index.paragraphAt(8), /outside the text/],
    ['a fractional offset', () => index.paragraphAt(1.5), /outside the text/],
    ['a missing paragraph', () => index.paragraphStart(3), /no paragraph 3/],
    ['an anchor past the end', () => index.encodeAnchor(9, 0), /outside the text/],
  ])('throws a RangeError for %s', (_what, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('resolves what it encodes at every offset, for both associations', () => {
    for (let offset = 0; offset <= index.length; offset++) {
      for (const assoc of [0, -1]) expect(index.resolveEncoded(index.encodeAnchor(offset, assoc))).toBe(offset);
    }
  });

  it('answers null for bytes that are not a relative position and for positions outside the content', () => {
    expect(index.resolveEncoded(new Uint8Array([7, 7, 7]))).toBeNull();
    const other = new Y.Doc();
    other.getText('t').insert(0, 'hello');
    expect(index.resolve(Y.createRelativePositionFromTypeIndex(other.getText('t'), 2))).toBeNull();
  });
});

describe('ContentIndex: batch resolution equals Yjs one by one', () => {
  for (const gc of [true, false]) {
    it(`on random concurrent edit histories (gc ${gc ? 'on' : 'off'})`, () => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), clientIdSeed, (ops, idSeed) => {
          const { docs, anchors } = replay(ops, gc, new ClientIds(idSeed));
          for (const doc of docs) {
            const index = new ContentIndex(doc);
            for (const rpos of anchors) expect(index.resolve(rpos)).toBe(oneByOne(index, rpos));
          }
          // After a full sync every client resolves every anchor alike.
          for (const a of docs) for (const b of docs) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
          const results = docs.map((doc) => {
            const index = new ContentIndex(doc);
            return anchors.map((rpos) => {
              const batch = index.resolve(rpos);
              expect(batch).toBe(oneByOne(index, rpos));
              return batch;
            });
          });
          for (const r of results) expect(r).toEqual(results[0]);
        }),
        { numRuns: 150 },
      );
    });
  }
});
