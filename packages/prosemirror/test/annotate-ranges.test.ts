import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { AnnotationPluginMissingError, annotateRanges, findTextMatches, planOccurrences, textToDoc } from '../src/index.js';
import { pluginState, printSpans, run, span } from './fixtures.js';
import { recordingBinding, stateWith } from './aid-fixtures.js';

const TEXT = 'the Guard and the guard, then the Guardia';

describe('planOccurrences', () => {
  it('skips occurrences an annotation of the same label covers exactly, and only those', () => {
    // "Guard" at 4 carries org exactly; "guard" at 18 carries place; "Guard" inside "Guardia" is covered by a longer org span.
    const state = stateWith(TEXT, [span('a', 4, 9, 'org'), span('b', 18, 23, 'place'), span('c', 34, 41, 'org')]);
    const matches = findTextMatches(state.doc, 'guard');
    const plan = planOccurrences(state, matches, 'org');
    const quote = (m: { from: number; to: number }): string => `${m.from}:${state.doc.textBetween(m.from, m.to)}`;
    expect(plan.skipped.map(quote)).toEqual(['5:Guard']);
    expect(plan.create.map(quote)).toEqual(['19:guard', '35:Guard']);
    expect(planOccurrences(state, matches, 'org', { counts: (s) => s.id !== 'a' }).skipped).toEqual([]);
  });
});

describe('annotateRanges', () => {
  it('creates one annotation per range in one transaction and writes each through the binding', () => {
    const binding = recordingBinding();
    const state = stateWith(TEXT, [], [], binding);
    const ranges = findTextMatches(state.doc, 'guard', { wholeWord: true });
    let transactions = 0;
    let next = state;
    const applied = annotateRanges(ranges, 'place')(state, (tr) => {
      transactions++;
      next = state.apply(tr);
    });
    expect([applied, transactions]).toEqual([true, 1]);
    expect(printSpans(next)).toEqual(['new-1:"Guard"', 'new-2:"guard"']);
    expect(pluginState(next).spans.get('new-1')).toMatchObject({ label: 'place', author: 'tester', status: 'proposed', source: 'human' });
    expect(binding.written.map((action) => (action.type === 'add' ? `${action.span.id}@${action.span.start}` : action.type))).toEqual(['new-1@5', 'new-2@19']);
  });

  it('leaves out empty ranges and ranges outside the text, and is not applicable when none is left', () => {
    const state = stateWith(TEXT, []);
    expect(run(state, annotateRanges([{ from: 3, to: 3 }, { from: 40, to: 99 }], 'org')).applied).toBe(false);
    expect(printSpans(run(state, annotateRanges([{ from: 5, to: 10 }, { from: 7, to: 2 }], 'org')).state)).toEqual(['new-1:"Guard"']);
  });

  it('throws for an unknown label and without the plugin', () => {
    expect(() => annotateRanges([{ from: 1, to: 4 }], 'nope')(stateWith(TEXT, []))).toThrow(/Unknown label "nope"/);
    const bare = EditorState.create({ doc: textToDoc(TEXT) });
    expect(() => annotateRanges([{ from: 1, to: 4 }], 'org')(bare)).toThrow(AnnotationPluginMissingError);
    expect(() => planOccurrences(bare, [], 'org')).toThrow(AnnotationPluginMissingError);
  });
});
