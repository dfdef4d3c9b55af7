import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EditorState } from 'prosemirror-state';
import { findInText, findNext, findPrevious, findTextMatches, searchPlugin, searchState, setSearch, textToDoc } from '../src/index.js';
import type { SearchMatchSpec, TextSearchOptions } from '../src/index.js';
import { run } from './fixtures.js';
import { selectText, stateWith } from './aid-fixtures.js';

const TEXT = 'The Guard guarded the guards.\nA guard, the GUARD: guard-posts and Guardia.';

/** The texts of the matches of a query in TEXT. */
function found(query: string, options: TextSearchOptions = {}): string[] {
  return findInText(TEXT, query, options).map(({ start, end }) => `${start}:${TEXT.slice(start, end)}`);
}

describe('finding a text', () => {
  it('ignores case unless asked, and finds whole words only when asked', () => {
    expect(found('guard').length).toBe(7);
    expect(found('guard', { caseSensitive: true })).toEqual(['10:guard', '22:guard', '32:guard', '50:guard']);
    expect(found('guard', { wholeWord: true }).map((match) => match.split(':')[1])).toEqual(['Guard', 'guard', 'GUARD', 'guard']);
    expect(found('guard', { wholeWord: true, caseSensitive: true })).toEqual(['32:guard', '50:guard']);
  });

  it('checks word edges only where the query has a word character, and reads the query literally', () => {
    const text = 'the U.S. and U.S.A. (a+b) U.S.';
    expect(findInText(text, 'U.S.', { wholeWord: true }).map((m) => m.start)).toEqual([4, 13, 26]);
    expect(findInText(text, '(a+b)').map((m) => m.start)).toEqual([20]);
    expect(findInText('naïve naïveté', 'naïve', { wholeWord: true }).map((m) => m.start)).toEqual([0]);
    expect(findInText('x', '')).toEqual([]);
  });

  it('finds what a plain scan finds, case-sensitively, in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '😀') }), fc.string({ unit: fc.constantFrom('a', 'b', 'é'), minLength: 1, maxLength: 3 }), (text, query) => {
        const expected: number[] = [];
        for (let at = text.indexOf(query); at >= 0; at = text.indexOf(query, at + query.length)) expected.push(at);
        expect(findInText(text, query, { caseSensitive: true }).map((m) => m.start)).toEqual(expected);
      }),
    );
  });

  it('finds matches inside paragraphs, in positions', () => {
    const doc = textToDoc('ab\nxab ab');
    expect(findTextMatches(doc, 'ab')).toEqual([
      { from: 1, to: 3 },
      { from: 6, to: 8 },
      { from: 9, to: 11 },
    ]);
    expect(findTextMatches(doc, 'b\nx')).toEqual([]);
  });
});

describe('searchPlugin', () => {
  const base = (): EditorState => stateWith(TEXT, [], [searchPlugin()]);
  const selected = (state: EditorState): string => state.doc.textBetween(state.selection.from, state.selection.to);

  it('highlights every match and moves to the next and previous one, round the ends', () => {
    let state = run(base(), setSearch('guard', { wholeWord: true })).state;
    expect(searchState(state).matches.length).toBe(4);
    expect(searchState(state).decorations.find().length).toBe(4);
    state = run(state, findNext).state;
    expect([selected(state), searchState(state).current]).toEqual(['Guard', 0]);
    state = run(state, findNext).state;
    state = run(state, findNext).state;
    expect([selected(state), searchState(state).current]).toEqual(['GUARD', 2]);
    state = run(state, findNext).state;
    state = run(state, findNext).state;
    expect(searchState(state).current).toBe(0);
    state = run(state, findPrevious).state;
    expect([selected(state), searchState(state).current]).toEqual(['guard', 3]);
  });

  it('starts from the selection, and finds nothing to move to without matches', () => {
    let state = selectText(run(base(), setSearch('guard')).state, 30, 30);
    state = run(state, findNext).state;
    expect(state.selection.from).toBe(TEXT.indexOf('guard', 30) + 2);
    state = run(run(state, setSearch('nowhere')).state, findNext).state;
    expect(run(state, findPrevious).applied).toBe(false);
    expect(searchState(run(state, setSearch('')).state).matches).toEqual([]);
  });

  it('finds the matches again after an edit and keeps the current one', () => {
    let state = run(run(base(), setSearch('guard', { wholeWord: true })).state, findNext).state;
    state = run(state, findNext).state;
    const current = searchState(state).matches[1];
    state = state.apply(state.tr.insertText('guard ', 1));
    expect(searchState(state).matches.length).toBe(5);
    expect(searchState(state).current).toBe(2);
    expect(searchState(state).matches[2]?.from).toBe((current?.from ?? 0) + 'guard '.length);
    const current2 = searchState(state).decorations.find().filter((d) => (d.spec as SearchMatchSpec).current);
    expect(current2.map((d) => d.from)).toEqual([searchState(state).matches[2]?.from]);
  });
});
