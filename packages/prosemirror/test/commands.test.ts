import { describe, it, expect } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import {
  AnnotationPluginMissingError,
  annotateSelection,
  annotationBindings,
  annotationStyles,
  deleteAnnotation,
  extendSelectionByWord,
  relabel,
  selectAnnotation,
  selectNextAnnotation,
  selectPreviousAnnotation,
  setNote,
  setStatus,
  textToDoc,
} from '../src/index.js';
import { makeState, pluginState, printSpans, run, span, testSchema } from './fixtures.js';

const text = 'the National Guard was deployed';

function select(state: EditorState, fromText: number, toText: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, fromText + 1, toText + 1)));
}

describe('annotateSelection', () => {
  it('annotates the exact selection, or whole words when snapping', () => {
    const exact = run(select(makeState(text), 6, 15), annotateSelection('org'));
    expect(exact.applied).toBe(true);
    expect(printSpans(exact.state)).toEqual(['new-1:"tional Gu"']);
    const snapped = run(select(makeState(text), 6, 15), annotateSelection('org', { snapToWords: true }));
    expect(printSpans(snapped.state)).toEqual(['new-1:"National Guard"']);
    const fromSpace = run(select(makeState(text), 3, 13), annotateSelection('org', { snapToWords: true }));
    expect(printSpans(fromSpace.state)).toEqual(['new-1:"National"']);
    expect(pluginState(snapped.state).spans.get('new-1')).toMatchObject({ author: 'tester', status: 'proposed', source: 'human' });
  });

  it('is not applicable to an empty selection', () => {
    expect(run(makeState(text), annotateSelection('org')).applied).toBe(false);
  });

  it.each([
    ['an unknown label', () => annotateSelection('nope')(select(makeState(text), 0, 3)), /Unknown label "nope": the schema "test" has no span label/],
    ['relabel to an unknown label', () => relabel('a', 'nope')(makeState(text, [span('a', 0, 3)])), /Unknown label "nope"/],
    ['an unknown status', () => setStatus('a', 'maybe' as 'accepted'), /Unknown status "maybe"/],
    ['a bad word direction', () => extendSelectionByWord(2 as 1), /direction must be 1 or -1/],
  ])('throws a RangeError for %s', (_name, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('throws AnnotationPluginMissingError without the plugin', () => {
    const state = EditorState.create({ doc: textToDoc(text) });
    expect(() => deleteAnnotation('a')(state)).toThrow(AnnotationPluginMissingError);
  });
});

describe('editing commands', () => {
  const base = () => makeState(text, [span('a', 4, 18), span('b', 19, 22)]);

  it('relabels, sets notes and statuses, deletes', () => {
    let state = run(base(), relabel('a', 'place')).state;
    state = run(state, setNote('a', 'federal force')).state;
    state = run(state, setStatus('a', 'accepted')).state;
    expect(pluginState(state).spans.get('a')).toMatchObject({ label: 'place', note: 'federal force', status: 'accepted', start: 5, end: 19 });
    state = run(state, deleteAnnotation('a')).state;
    expect(printSpans(state)).toEqual(['b:"was"']);
  });

  it.each([
    ['relabel', relabel('zz', 'org')],
    ['setNote', setNote('zz', 'x')],
    ['setStatus', setStatus('zz', 'accepted')],
    ['deleteAnnotation', deleteAnnotation('zz')],
    ['selectAnnotation', selectAnnotation('zz')],
  ])('%s is not applicable to an unknown id', (_name, command) => {
    const { applied, state } = run(base(), command);
    expect(applied).toBe(false);
    expect(printSpans(state)).toEqual(['a:"National Guard"', 'b:"was"']);
  });

  it('walks annotations with next and previous, selecting their text', () => {
    let state = base();
    state = run(state, selectNextAnnotation).state;
    expect(pluginState(state).selectedId).toBe('a');
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('National Guard');
    state = run(state, selectNextAnnotation).state;
    expect(pluginState(state).selectedId).toBe('b');
    expect(run(state, selectNextAnnotation).applied).toBe(false);
    state = run(state, selectPreviousAnnotation).state;
    expect(pluginState(state).selectedId).toBe('a');
    expect(run(state, selectPreviousAnnotation).applied).toBe(false);
  });

  it('extends the selection by words and across paragraphs', () => {
    let state = makeState('one two\nthree');
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1)));
    state = run(state, extendSelectionByWord(1)).state;
    expect(state.doc.textBetween(state.selection.from, state.selection.to, '\n')).toBe('one');
    state = run(state, extendSelectionByWord(1)).state;
    state = run(state, extendSelectionByWord(1)).state;
    expect(state.doc.textBetween(state.selection.from, state.selection.to, '\n')).toBe('one two\n');
    state = run(state, extendSelectionByWord(-1)).state;
    expect(state.doc.textBetween(state.selection.from, state.selection.to, '\n')).toBe('one two');
  });
});

describe('keymap and styles', () => {
  it('binds each schema hotkey to its label', () => {
    const bindings = annotationBindings(testSchema);
    expect(Object.keys(bindings)).toEqual(expect.arrayContaining(['o', 'p', 'Alt-ArrowDown', 'Alt-ArrowUp']));
    const { state, applied } = run(select(makeState(text), 5, 9), bindings['p']!);
    expect(applied).toBe(true);
    expect(printSpans(state)).toEqual(['new-1:"National"']);
    expect(pluginState(state).spans.get('new-1')?.label).toBe('place');
    expect(run(makeState(text), bindings['p']!).applied).toBe(false);
    expect(Object.keys(annotationBindings(testSchema, { hotkeyModifier: 'Alt-' }))).toContain('Alt-o');
  });

  it('never puts label ids, names or invalid colors in the stylesheet', () => {
    const css = annotationStyles({ ...testSchema, textColor: 'red} body{display:none' });
    expect(css).not.toMatch(/Odd|<script>|url\(|display:none/);
    expect(css).toContain('.glossa-annotation { color: #000000;');
    expect(css).toContain('.glossa-annotation.glossa-depth-2 {');
    expect(annotationStyles(testSchema)).toContain('color: #111111');
  });
});
