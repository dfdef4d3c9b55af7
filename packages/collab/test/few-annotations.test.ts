import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { splitsSurrogatePair } from '@glossa/core';
import type { SpanAnnotation } from '@glossa/core';
import {
  ANNOTATIONS_MAP,
  createContentDoc,
  editContentText,
  readAnnotationEntries,
  readAnnotationEntry,
  readContentText,
  resolveLayer,
  writeAnnotations,
  writeFewAnnotations,
} from '../src/index.js';
import { offBoundary, span } from './tagged.js';
import { ClientIds, clientIdSeed } from '../../../tests/support/seeded.js';

/** Every entry of a layer as plain values, to compare two layers written differently. */
function entries(layer: Y.Doc): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  layer.getMap<Y.Map<unknown>>(ANNOTATIONS_MAP).forEach((map, id) => {
    out[id] = Object.fromEntries([...map.entries()].map(([key, value]) => [key, value instanceof Uint8Array ? Array.from(value) : value]));
  });
  return out;
}

const paragraph = fc.constantFrom('', 'a', 'The National Guard', 'was deployed', '😀 in May', 'x'.repeat(40));
/** A text edit as fractions of the text, so it fits any state. */
const edit = fc.record({ at: fc.nat({ max: 10_000 }), del: fc.nat({ max: 12 }), insert: fc.constantFrom('', 'yz', '\n', 'p\nq', '🇲🇽') });

describe('writeFewAnnotations', () => {
  it('writes the same entries as writeAnnotations, on edited documents and spans anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(paragraph, { minLength: 1, maxLength: 8 }),
        fc.array(edit, { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat({ max: 10_000 }), fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 5 }),
        clientIdSeed,
        (paragraphs, edits, ranges, idSeed) => {
          const ids = new ClientIds(idSeed);
          const content = ids.during(() => createContentDoc(paragraphs.join('\n')));
          for (const e of edits) {
            const text = readContentText(content);
            const at = offBoundary(text, e.at % (text.length + 1));
            const del = offBoundary(text, Math.min(text.length, at + e.del)) - at;
            editContentText(content, at, Math.max(0, del), e.insert);
          }
          const text = readContentText(content);
          fc.pre(text.length >= 1);
          const spans = ranges.map(([at, length], i): SpanAnnotation => {
            const start = Math.min(offBoundary(text, at % text.length), text.length - 1);
            let end = Math.min(text.length, start + length);
            if (splitsSurrogatePair(text, end)) end++;
            return span(`s${i}`, start, end);
          });
          const whole = ids.doc();
          const few = ids.doc();
          writeAnnotations(whole, content, spans);
          writeFewAnnotations(few, content, spans);
          expect(entries(few)).toEqual(entries(whole));
          expect(resolveLayer(few, content).spans).toEqual(resolveLayer(whole, content).spans);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('anchors spans in paragraphs far apart on a large document and resolves them back', () => {
    const paragraphs = Array.from({ length: 5_000 }, (_, i) => `Paragraph ${i} of a long document.`);
    const content = createContentDoc(paragraphs.join('\n'));
    const text = readContentText(content);
    const near = text.indexOf('Paragraph 10 ');
    const across = text.indexOf('document.\nParagraph 2501 ');
    const far = text.indexOf('Paragraph 4999 ');
    const spans = [span('near', near, near + 12), span('across', across, across + 24), span('far', far, far + 14)];
    const layer = new Y.Doc();
    writeFewAnnotations(layer, content, spans);
    const resolved = resolveLayer(layer, content);
    expect(resolved.spans.map((s) => [s.id, text.slice(s.start, s.end)])).toEqual([
      ['near', 'Paragraph 10'],
      ['across', 'document.\nParagraph 2501'],
      ['far', 'Paragraph 4999'],
    ]);
    expect(readAnnotationEntries(layer).entries.map((r) => r.quote)).toEqual(['document.\nParagraph 2501', 'Paragraph 4999', 'Paragraph 10']);
  });

  const TEXT = 'The National Guard 🇲🇽\nwas deployed in May.';
  const bad: [string, SpanAnnotation][] = [
    ['an empty range', span('a', 3, 3)],
    ['a range past the end', span('a', 0, TEXT.length + 1)],
    ['a negative start', span('a', -1, 3)],
    ['a fractional offset', span('a', 0.5, 3)],
    ['a split surrogate pair', span('a', 0, 20)],
    ['a split surrogate pair at the start of the second paragraph', span('a', 20, 25)],
    ['an empty id', span('', 0, 3)],
    ['an empty label', span('a', 0, 3, { label: '' })],
    ['an unknown status', span('a', 0, 3, { status: 'done' as never })],
    ['an unknown source', span('a', 25, 30, { source: 'ai' as never })],
    ['a created time that is not a number', span('a', 0, 3, { created: Number.NaN })],
  ];
  it.each(bad)('refuses %s with the message writeAnnotations gives, writing nothing', (_name, input) => {
    const content = createContentDoc(TEXT);
    const expected = (() => {
      try {
        writeAnnotations(new Y.Doc(), content, [input]);
        return 'no error';
      } catch (error) {
        return error instanceof RangeError ? error.message : `not a RangeError: ${String(error)}`;
      }
    })();
    expect(expected).toMatch(/^annotation /);
    const layer = new Y.Doc();
    expect(() => writeFewAnnotations(layer, content, [span('ok', 0, 3), input])).toThrow(new RangeError(expected));
    expect(layer.getMap(ANNOTATIONS_MAP).size).toBe(0);
  });

  it('refuses any span on a document without paragraphs', () => {
    const content = new Y.Doc();
    expect(() => writeFewAnnotations(new Y.Doc(), content, [span('a', 0, 1)])).toThrow(/not a non-empty range of the text \(0\.\.0\)/);
  });
});

describe('readAnnotationEntry and keys the layout does not name', () => {
  it('reads a gold annotation with provenance and other extra keys as a record, not a problem', () => {
    const content = createContentDoc('The National Guard was deployed.');
    const gold = new Y.Doc();
    writeAnnotations(gold, content, [span('g1', 4, 18)]);
    const entry = gold.getMap(ANNOTATIONS_MAP).get('g1') as Y.Map<unknown>;
    entry.set('provenance', ['ana', 'ben']);
    entry.set('reviewedBy', new Y.Map());
    entry.set('confidence', null);
    const read = readAnnotationEntry('g1', entry);
    expect('entry' in read && read.entry.annotation).toEqual({ id: 'g1', label: 'militarization', author: 'ana', status: 'proposed', note: '', created: 1_700_000_000_000, source: 'human' });
    expect(resolveLayer(gold, content)).toEqual({
      spans: [span('g1', 4, 18)],
      orphans: [],
      problems: [],
      relations: { live: [], dangling: [], duplicates: [], problems: [] },
      models: new Map(),
    });
  });

  it('keeps the extra keys when writeAnnotations or writeFewAnnotations re-anchors the annotation', () => {
    const content = createContentDoc('The National Guard was deployed.');
    const gold = new Y.Doc();
    writeAnnotations(gold, content, [span('g1', 4, 18)]);
    const entry = gold.getMap(ANNOTATIONS_MAP).get('g1') as Y.Map<unknown>;
    entry.set('provenance', ['ana', 'ben']);
    writeAnnotations(gold, content, [span('g1', 4, 12)]);
    writeFewAnnotations(gold, content, [span('g1', 0, 12)]);
    expect(entry.get('provenance')).toEqual(['ana', 'ben']);
    expect(resolveLayer(gold, content).spans).toEqual([span('g1', 0, 12)]);
  });

  it('still reports a malformed documented field as a problem beside extra keys', () => {
    const entry = new Y.Doc().getMap<unknown>('x');
    entry.set('start', new Uint8Array([1]));
    entry.set('end', new Uint8Array([1]));
    entry.set('label', 'militarization');
    entry.set('status', 'done');
    entry.set('provenance', 'not an array');
    expect(readAnnotationEntry('g1', entry)).toEqual({ problem: { id: 'g1', field: 'status', message: 'annotations/g1/status: expected one of proposed, accepted, rejected, found "done"' } });
  });
});
