import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { ContentIndex, createContentDoc, readSuggestionEntries, writeSuggestionsInSlices, writeSuggestionsWith } from '../src/index.js';
import type { SuggestionInput } from '../src/index.js';

const TEXT = 'The National Guard 🇲🇽 patrols.\nThe national guard left, and the Guard came back.';

/** The room's entries as comparable values (id, label, score, recommender, version). */
function entries(room: Y.Doc): string[] {
  return readSuggestionEntries(room).entries.map((e) => `${e.id}|${e.label}|${e.score}|${e.recommender}|${e.modelVersion}|${e.explanation ?? ''}`);
}

/** A suggestion on whole code units that split no surrogate pair. */
const suggestionArb = fc
  .record({ a: fc.nat(TEXT.length - 1), length: fc.integer({ min: 1, max: 12 }), label: fc.constantFrom('org', 'place'), score: fc.constantFrom(0, 0.25, 0.5, 0.9, 1), recommender: fc.constantFrom('strings', 'tagger') })
  .map(({ a, length, label, score, recommender }): SuggestionInput => {
    const clean = (i: number): number => (/[\uDC00-\uDFFF]/.test(TEXT[i] ?? '') ? i - 1 : i);
    const start = clean(a);
    const end = Math.max(start + 1, clean(Math.min(TEXT.length, start + length)));
    return { start, end: clean(end) > start ? clean(end) : Math.min(TEXT.length, start + 2), label, score, recommender, modelVersion: 'v1' };
  })
  .filter((s) => s.end <= TEXT.length && !/[\uDC00-\uDFFF]/.test(TEXT[s.end] ?? '') && !/[\uDC00-\uDFFF]/.test(TEXT[s.start] ?? ''));

function drain(steps: Generator<number, void, void>): number[] {
  const seen: number[] = [];
  for (const step of steps) seen.push(step);
  return seen;
}

describe('writeSuggestionsInSlices', () => {
  it('leaves a room as writeSuggestionsWith does, from any earlier state, in any slice size', () => {
    const index = new ContentIndex(createContentDoc(TEXT));
    fc.assert(
      fc.property(fc.array(suggestionArb, { maxLength: 12 }), fc.array(suggestionArb, { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (before, after, sliceSize) => {
        const whole = new Y.Doc();
        const sliced = new Y.Doc();
        for (const name of ['strings', 'tagger']) {
          const earlier = before.filter((s) => s.recommender === name);
          writeSuggestionsWith(whole, index, name, earlier);
          writeSuggestionsWith(sliced, index, name, earlier);
        }
        const mine = after.filter((s) => s.recommender === 'strings');
        writeSuggestionsWith(whole, index, 'strings', mine);
        const steps = drain(writeSuggestionsInSlices(sliced, index, 'strings', mine, sliceSize));
        expect(entries(sliced)).toEqual(entries(whole));
        // One step per slice, each telling how many are written so far.
        expect(steps).toEqual(Array.from({ length: Math.ceil(mine.length / sliceSize) }, (_, i) => Math.min(mine.length, (i + 1) * sliceSize)));
      }),
    );
  });

  it('writes one transaction per slice, then one removing what is not suggested again', () => {
    const index = new ContentIndex(createContentDoc(TEXT));
    const room = new Y.Doc();
    writeSuggestionsWith(room, index, 'strings', [{ start: 0, end: 3, label: 'org', score: 1, recommender: 'strings', modelVersion: 'v0' }]);
    let transactions = 0;
    room.on('afterTransaction', () => transactions++);
    const suggestions = [4, 23, 36].map((start): SuggestionInput => ({ start, end: start + 5, label: 'org', score: 0.5, recommender: 'strings', modelVersion: 'v1' }));
    drain(writeSuggestionsInSlices(room, index, 'strings', suggestions, 2));
    expect(transactions).toBe(3);
    expect(readSuggestionEntries(room).entries.map((e) => e.modelVersion)).toEqual(['v1', 'v1', 'v1']);
  });

  it('refuses a bad suggestion or slice size before writing anything', () => {
    const index = new ContentIndex(createContentDoc(TEXT));
    const room = new Y.Doc();
    const good: SuggestionInput = { start: 0, end: 3, label: 'org', score: 1, recommender: 'strings', modelVersion: 'v1' };
    expect(() => drain(writeSuggestionsInSlices(room, index, 'strings', [good, { ...good, end: 999 }], 1))).toThrow(/suggestion 1 of "strings": \[0, 999\) is not a non-empty range/);
    expect(() => drain(writeSuggestionsInSlices(room, index, 'strings', [good], 0))).toThrow('sliceSize must be a positive integer, not 0');
    expect(readSuggestionEntries(room).entries).toEqual([]);
  });
});
