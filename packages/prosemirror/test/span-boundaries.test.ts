// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { EditorView } from 'prosemirror-view';
import {
  BOUNDARY_HANDLE_ACTIVE_CLASS,
  BOUNDARY_HANDLE_CLASS,
  adjustingAnnotation,
  boundaryHandlesPlugin,
  moveBoundary,
  movedBoundary,
  selectAnnotation,
  setAnnotationRange,
  textOffsetToPos,
  textToDoc,
  toggleBoundaryAdjustment,
} from '../src/index.js';
import type { BoundarySide, BoundaryUnit } from '../src/index.js';
import { pluginState, printSpans, run, span } from './fixtures.js';
import { recordingBinding, stateWith } from './aid-fixtures.js';

const TEXT = 'The National Guard, deployed.\nIt 😀 stayed';

/** The text offset a boundary at text offset `at` moves to, or null. */
function moved(at: number, side: BoundarySide, direction: 1 | -1, unit: BoundaryUnit): number | null {
  const doc = textToDoc(TEXT);
  const pos = movedBoundary(doc, textOffsetToPos(doc, at), side, direction, unit);
  if (pos === null) return null;
  for (let t = 0; t <= TEXT.length; t++) if (textOffsetToPos(doc, t) === pos) return t;
  throw new Error(`position ${pos} is no text offset`);
}

describe('movedBoundary', () => {
  it('moves by a code point, across a paragraph break as one character, and stops at the document edges', () => {
    expect(moved(4, 'start', -1, 'character')).toBe(3);
    expect(moved(29, 'end', 1, 'character')).toBe(30); // the end of paragraph 1 → the start of paragraph 2
    expect(moved(30, 'start', -1, 'character')).toBe(29);
    const emoji = TEXT.indexOf('😀');
    expect(moved(emoji, 'end', 1, 'character')).toBe(emoji + 2);
    expect(moved(emoji + 2, 'start', -1, 'character')).toBe(emoji);
    expect(moved(0, 'start', -1, 'character')).toBeNull();
    expect(moved(TEXT.length, 'end', 1, 'character')).toBeNull();
  });

  it('moves a start to word starts and an end to word ends', () => {
    expect(moved(13, 'start', -1, 'word')).toBe(4); // "Guard" → "National"
    expect(moved(4, 'start', 1, 'word')).toBe(13);
    expect(moved(18, 'end', 1, 'word')).toBe(28); // after "Guard" → after "deployed"
    expect(moved(18, 'end', -1, 'word')).toBe(12); // → after "National"
    expect(moved(28, 'end', 1, 'word')).toBe(29); // no word left: the paragraph's end
  });
});

describe('moving an annotation’s boundaries', () => {
  it('grows and shrinks either side and keeps the annotation selected, with the text selection on it', () => {
    let state = run(stateWith(TEXT, [span('a', 13, 18)]), selectAnnotation('a')).state;
    state = run(state, moveBoundary('a', 'start', -1, 'word')).state;
    expect(printSpans(state)).toEqual(['a:"National Guard"']);
    state = run(state, moveBoundary('a', 'end', 1, 'character')).state;
    expect(printSpans(state)).toEqual(['a:"National Guard,"']);
    state = run(state, moveBoundary('a', 'end', -1, 'word')).state;
    expect(printSpans(state)).toEqual(['a:"National Guard"']);
    expect(pluginState(state).selectedId).toBe('a');
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('National Guard');
  });

  it('writes the new range through the binding as the same annotation, its other fields kept', () => {
    const binding = recordingBinding([{ ...span('b', 4, 12), status: 'accepted', note: 'kept' }]);
    const state = run(stateWith(TEXT, [], [], binding), setAnnotationRange('b', textOffsetToPos(textToDoc(TEXT), 4), textOffsetToPos(textToDoc(TEXT), 18))).state;
    expect(printSpans(state)).toEqual(['b:"National Guard"']);
    expect(binding.written).toEqual([{ type: 'add', span: { ...span('b', 5, 19), status: 'accepted', note: 'kept' } }]);
  });

  it('is not applicable when the span would become empty, at the edge, for an unknown id or an unchanged range', () => {
    const state = stateWith(TEXT, [span('a', 13, 14), span('z', 0, 3)]);
    expect(run(state, moveBoundary('a', 'end', -1, 'character')).applied).toBe(false);
    expect(run(state, moveBoundary('a', 'start', 1, 'character')).applied).toBe(false);
    expect(run(state, moveBoundary('z', 'start', -1, 'character')).applied).toBe(false);
    expect(run(state, moveBoundary('nope', 'end', 1, 'word')).applied).toBe(false);
    expect(run(state, setAnnotationRange('a', 14, 15)).applied).toBe(false);
    expect(run(state, setAnnotationRange('a', 16, 14)).applied).toBe(false);
    expect(() => moveBoundary('a', 'end', 0 as 1, 'word')).toThrow(/direction must be 1 or -1/);
  });
});

describe('boundaryHandlesPlugin', () => {
  const views: EditorView[] = [];
  afterEach(() => {
    for (const view of views.splice(0)) view.destroy();
  });

  function mount(canChange: (id: string) => boolean = () => true): EditorView {
    const plugins = [boundaryHandlesPlugin({ canChange })];
    const view = new EditorView(document.createElement('div'), { state: run(stateWith(TEXT, [span('a', 13, 18), span('b', 30, 32)], plugins), selectAnnotation('a')).state });
    views.push(view);
    return view;
  }

  const handles = (view: EditorView): string[] =>
    Array.from(view.dom.querySelectorAll(`.${BOUNDARY_HANDLE_CLASS}`), (handle) => `${handle.getAttribute('data-boundary') ?? ''}${handle.classList.contains(BOUNDARY_HANDLE_ACTIVE_CLASS) ? '*' : ''}`);

  const press = (view: EditorView, key: string, init: KeyboardEventInit = {}): boolean =>
    view.someProp('handleKeyDown', (f) => f(view, new KeyboardEvent('keydown', { key, ...init }))) === true;

  it('puts handles on the selected annotation when the user may change it', () => {
    expect(handles(mount())).toEqual(['start', 'end']);
    expect(handles(mount(() => false))).toEqual([]);
    const view = mount();
    selectAnnotation(null)(view.state, view.dispatch);
    expect(handles(view)).toEqual([]);
  });

  it('moves the boundaries with the arrow keys while the keyboard mode is on, and ends it', () => {
    const view = mount();
    expect(press(view, 'ArrowLeft')).toBe(false);
    expect(toggleBoundaryAdjustment()(view.state, view.dispatch)).toBe(true);
    expect(adjustingAnnotation(view.state)).toBe('a');
    expect(handles(view)).toEqual(['start*', 'end*']);
    expect(press(view, 'ArrowRight')).toBe(true);
    expect(printSpans(view.state)).toEqual(['a:"Guard,"', 'b:"It"']);
    expect(press(view, 'ArrowLeft', { shiftKey: true, ctrlKey: true })).toBe(true);
    expect(printSpans(view.state)).toEqual(['a:"National Guard,"', 'b:"It"']);
    expect(press(view, 'ArrowLeft', { altKey: true })).toBe(true);
    expect(printSpans(view.state)).toEqual(['a:"National Guard"', 'b:"It"']);
    expect(press(view, 'Escape')).toBe(true);
    expect(adjustingAnnotation(view.state)).toBeNull();
    expect(press(view, 'ArrowRight')).toBe(false);
  });

  it('ends the keyboard mode when another annotation is selected, and does not start it for one the user may not change', () => {
    const view = mount();
    toggleBoundaryAdjustment()(view.state, view.dispatch);
    selectAnnotation('b')(view.state, view.dispatch);
    expect(adjustingAnnotation(view.state)).toBeNull();
    expect(toggleBoundaryAdjustment((id) => id !== 'b')(view.state, view.dispatch)).toBe(false);
  });
});
