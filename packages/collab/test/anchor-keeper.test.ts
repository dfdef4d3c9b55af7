import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { splitsSurrogatePair } from '@glossa/core';
import {
  ContentIndex,
  createContentDoc,
  deleteAnnotations,
  diffTexts,
  editContentText,
  keepAnchors,
  mapOffset,
  readContentText,
  resolveLayer,
  resolveEntry,
  writeAnnotations,
} from '../src/index.js';
import { annotationsMap, readAnnotationEntries } from '../src/annotation-entry.js';
import { editedRange } from '../src/content-edits.js';
import { offBoundary, printLayer, span, taggedContent } from './tagged.js';
import { ClientIds, clientIdSeed } from '../../../tests/support/seeded.js';

/**
 * The straightforward repair, for comparison: index the whole content before
 * and after each local transaction that deletes an anchored character, diff
 * the whole texts, and re-anchor every annotation hit.
 */
function keepAnchorsByWholeIndex(layer: Y.Doc, content: Y.Doc): void {
  content.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.deleteSet.clients.size === 0 || !transaction.local) return;
    const changedTypes = [...transaction.changed.keys()].flatMap((type) => (type._item === null ? [] : [type._item.id]));
    const hit = readAnnotationEntries(layer).entries.filter((record) =>
      [record.start, record.end].some((bytes) => {
        const rpos = Y.decodeRelativePosition(bytes);
        const id = rpos.item ?? rpos.type;
        return id !== null && (Y.isDeleted(transaction.deleteSet, id) || changedTypes.some((changed) => Y.compareIDs(changed, id)));
      }),
    );
    if (hit.length === 0) return;
    const before = new ContentIndex(content, { before: transaction });
    const after = new ContentIndex(content);
    const change = diffTexts(before.text, after.text);
    layer.transact(() => {
      for (const record of hit) {
        const old = resolveEntry(record, before);
        const map = annotationsMap(layer).get(record.annotation.id) as Y.Map<unknown>;
        if (old === null) continue;
        const start = mapOffset(old.start, change, 0);
        const end = mapOffset(old.end, change, -1);
        if (start < end) {
          const now = resolveEntry(record, after);
          if (now === null || now.start !== start || now.end !== end) {
            map.set('start', after.encodeAnchor(start, 0));
            map.set('end', after.encodeAnchor(end, -1));
          }
        } else if (map.get('quote') !== before.text.slice(old.start, old.end)) {
          map.set('quote', before.text.slice(old.start, old.end));
        }
      }
    }, { kind: 'reanchor' });
  });
}

/** An edit of the plain text, with positions as fractions of the text's length. */
type EditStep =
  | { readonly kind: 'type'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'replace'; readonly at: number; readonly length: number; readonly text: string }
  | { readonly kind: 'split'; readonly at: number }
  | { readonly kind: 'join'; readonly which: number }
  | { readonly kind: 'both'; readonly first: number; readonly second: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const step: fc.Arbitrary<EditStep> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), at: position, text: fc.constantFrom('x', 'yz', 'p\nq', '\n\n', 'long text') }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: position, length: fc.integer({ min: 1, max: 20 }), text: fc.constantFrom('r', 'r\ns', '\n', 'tu\n') }),
  fc.record({ kind: fc.constant('split' as const), at: position }),
  fc.record({ kind: fc.constant('join' as const), which: position }),
  fc.record({ kind: fc.constant('both' as const), first: position, second: position }),
);

function applyStep(content: Y.Doc, edit: EditStep): void {
  const text = readContentText(content);
  const at = (fraction: number): number => Math.min(text.length, Math.floor(fraction * (text.length + 1)));
  switch (edit.kind) {
    case 'type':
      editContentText(content, at(edit.at), 0, edit.text);
      return;
    case 'delete': {
      const from = at(edit.at);
      editContentText(content, from, Math.min(edit.length, text.length - from), '');
      return;
    }
    case 'replace': {
      const from = at(edit.at);
      editContentText(content, from, Math.min(edit.length, text.length - from), edit.text);
      return;
    }
    case 'split':
      editContentText(content, at(edit.at), 0, '\n');
      return;
    case 'join': {
      const breaks = [...text.matchAll(/\n/g)].map((match) => match.index);
      const chosen = breaks[Math.min(breaks.length - 1, Math.floor(edit.which * breaks.length))];
      if (chosen !== undefined) editContentText(content, chosen, 1, '');
      return;
    }
    case 'both': {
      // Two edits far apart in one transaction: a split late in the text, then a join early in it.
      const split = Math.max(at(edit.first), at(edit.second));
      const join = text.indexOf('\n', Math.min(at(edit.first), at(edit.second)));
      content.transact(() => {
        editContentText(content, split, 0, '\n');
        if (join >= 0 && join < split) editContentText(content, join, 1, '');
      });
      return;
    }
  }
}

const SOURCE_TEXT = 'The National Guard\n\nwas deployed in May.\nThe mayor said\nit would stay.\n\nEnd';

describe('keepAnchors repairs only what an edit touched', () => {
  it('gives the same spans and orphans as re-indexing the whole document, on random edit histories', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(position, fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 8 }),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        clientIdSeed,
        (ranges, steps, idSeed) => {
          const ids = new ClientIds(idSeed);
          const content = ids.during(() => createContentDoc(SOURCE_TEXT));
          const fast = ids.doc();
          const reference = ids.doc();
          const spans = ranges.map(([at, length], i) => {
            const start = Math.min(SOURCE_TEXT.length - 1, Math.floor(at * SOURCE_TEXT.length));
            return span(`s${i}`, start, Math.min(SOURCE_TEXT.length, start + length));
          });
          writeAnnotations(fast, content, spans);
          Y.applyUpdate(reference, Y.encodeStateAsUpdate(fast));
          keepAnchors(fast, content);
          keepAnchorsByWholeIndex(reference, content);
          for (const edit of steps) {
            applyStep(content, edit);
            expect(resolveLayer(fast, content)).toEqual(resolveLayer(reference, content));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('indexes the touched paragraphs and one untouched paragraph on each side of a 1 MB document', () => {
    const paragraphs = Array.from({ length: 30_000 }, (_, i) => `Paragraph ${i} of a long document.`);
    const content = createContentDoc(paragraphs.join('\n'));
    expect(readContentText(content).length).toBeGreaterThan(1_000_000);
    const splitAt = paragraphs.slice(0, 2500).join('\n').length + 1 + 'Paragraph 2500'.length;
    let indexed: ContentIndex[] = [];
    content.on('afterTransaction', (transaction: Y.Transaction) => {
      const range = editedRange(content, transaction);
      if (range !== null) indexed = [new ContentIndex(content, { before: transaction, range }), new ContentIndex(content, { range })];
    });
    editContentText(content, splitAt, 0, '\n');
    const [before, after] = indexed;
    expect(before?.text).toBe(['Paragraph 2499 of a long document.', 'Paragraph 2500 of a long document.', 'Paragraph 2501 of a long document.'].join('\n'));
    expect(after?.text).toBe(['Paragraph 2499 of a long document.', 'Paragraph 2500', ' of a long document.', 'Paragraph 2501 of a long document.'].join('\n'));
  });

  it('reaches the start and the end of the document when no paragraph there is left alone', () => {
    const content = createContentDoc('one\ntwo');
    let range: ReturnType<typeof editedRange> = null;
    content.on('afterTransaction', (transaction: Y.Transaction) => {
      range = editedRange(content, transaction);
    });
    editContentText(content, 2, 3, '');
    expect(range).toEqual({ first: null, last: null });
  });

  it('is null for a transaction that touches only the metadata', () => {
    const content = createContentDoc('one');
    let range: ReturnType<typeof editedRange> | 'unset' = 'unset';
    content.on('afterTransaction', (transaction: Y.Transaction) => {
      range = editedRange(content, transaction);
    });
    content.getMap('meta').set('title', 'One');
    expect(range).toBeNull();
  });

  it('follows annotations written, moved and deleted after it started', () => {
    const { content, tags } = taggedContent('ab<a>cd<x>ef<b>gh\nij<c>klmn<d>op');
    const layer = new Y.Doc();
    keepAnchors(layer, content);
    writeAnnotations(layer, content, [span('g', tags.a as number, tags.b as number), span('h', tags.c as number, tags.d as number)]);
    editContentText(content, tags.x as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('ab[g:cd\nef]gh\nij[h:klmn]op');
    // Moved: `g` now covers "gh"; the next split inside it must use the new anchors.
    const moved = readContentText(content).indexOf('gh');
    writeAnnotations(layer, content, [span('g', moved, moved + 2)]);
    editContentText(content, moved + 1, 0, '\n');
    expect(printLayer(layer, content)).toBe('abcd\nef[g:g\nh]\nij[h:klmn]op');
    deleteAnnotations(layer, ['g']);
    const y = readContentText(content).indexOf('mn');
    editContentText(content, y, 0, '\n');
    expect(printLayer(layer, content)).toBe('abcd\nefg\nh\nij[h:kl\nmn]op');
  });

  it('maps through the same change as a diff of the whole text when the edited run is a prefix of the old one', () => {
    // The run's texts are "\n\n\nional Guard\n" and "\n\n": the whole texts share one more "\n", after the run.
    const { content, tags } = taggedContent('\n\n\n<a>ional Guard\n\n<b>was deployed');
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('g', tags.a as number, tags.b as number)]);
    keepAnchors(layer, content);
    editContentText(content, 0, 14, '\n');
    expect(printLayer(layer, content)).toBe('\n\n\nwas deployed | orphans: g="ional Guard\\n\\n"');
  });

  it('keeps a span that starts at the end of a paragraph when a split earlier in that paragraph moves the end', () => {
    // The start is anchored at the end of the first paragraph's text; the split moves that end into a new paragraph.
    const { content, tags } = taggedContent('The Nat<x>ional Guard<a>\nwas<b> deployed');
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('g', tags.a as number, tags.b as number)]);
    keepAnchors(layer, content);
    editContentText(content, tags.x as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('The Nat\nional Guard[g:\nwas] deployed');
  });

  it('keeps every span on its text through splits alone, on random documents and splits', () => {
    const paragraph = fc.constantFrom('', 'a', 'The National Guard', 'was deployed', '😀 in May');
    // Offsets as integers taken modulo the text's length: uniform over the text, paragraph ends included.
    const offset = fc.nat({ max: 10_000 });
    fc.assert(
      fc.property(
        fc.array(paragraph, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(offset, fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 6 }),
        fc.array(offset, { minLength: 1, maxLength: 8 }),
        clientIdSeed,
        (paragraphs, ranges, splits, idSeed) => {
          const source = paragraphs.join('\n');
          fc.pre(source.length >= 2);
          const ids = new ClientIds(idSeed);
          const content = ids.during(() => createContentDoc(source));
          const layer = ids.doc();
          const spans = ranges.map(([at, length], i) => {
            const start = offBoundary(source, at % source.length);
            const end = Math.min(source.length, start + length);
            return span(`s${i}`, start, end + (splitsSurrogatePair(source, end) ? 1 : 0));
          });
          writeAnnotations(layer, content, spans);
          keepAnchors(layer, content);
          for (const at of splits) {
            const text = readContentText(content);
            editContentText(content, offBoundary(text, at % (text.length + 1)), 0, '\n');
            const now = readContentText(content);
            const resolved = resolveLayer(layer, content);
            expect(resolved.orphans).toEqual([]);
            // A split only inserts a line break: each span still covers its text, line breaks aside.
            expect(Object.fromEntries(resolved.spans.map((s) => [s.id, now.slice(s.start, s.end).replaceAll('\n', '')]))).toEqual(
              Object.fromEntries(spans.map((s) => [s.id, source.slice(s.start, s.end).replaceAll('\n', '')])),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('repairs a span whose other end lies in a paragraph far from the edit', () => {
    const { content, tags } = taggedContent('a<a>b\nc\nd\ne\nf<x>g<b>h');
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('g', tags.a as number, tags.b as number)]);
    keepAnchors(layer, content);
    editContentText(content, tags.x as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('a[g:b\nc\nd\ne\nf\ng]h');
    editContentText(content, 1, 0, '\n');
    expect(printLayer(layer, content)).toBe('a\n[g:b\nc\nd\ne\nf\ng]h');
  });
});
