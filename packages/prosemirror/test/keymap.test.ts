import { describe, it, expect } from 'vitest';
import { TextSelection } from 'prosemirror-state';
import type { Command, EditorState } from 'prosemirror-state';
import { annotationBindings, applyLabel } from '../src/index.js';
import type { AnnotationKeymapOptions } from '../src/index.js';
import { makeState, pluginState, printSpans, run, span, testSchema } from './fixtures.js';

const text = 'the National Guard was deployed';

/** A state over `text` with annotation `a` on "National Guard" (text offsets 4–18), selected when `selected`. */
function withAnnotation(selected: boolean): EditorState {
  const state = makeState(text, [span('a', 4, 18)]);
  if (!selected) return state;
  return run(state, annotationBindings(testSchema)['Alt-ArrowDown'] as Command).state;
}

function press(state: EditorState, key: string, options: AnnotationKeymapOptions = {}): { state: EditorState; applied: boolean } {
  const command = annotationBindings(testSchema, options)[key];
  if (command === undefined) throw new Error(`no binding for ${key}`);
  return run(state, command);
}

describe('annotationBindings', () => {
  it('relabels the selected annotation with a hotkey when the text selection is exactly it, and labels new text otherwise', () => {
    const selected = withAnnotation(true);
    expect(pluginState(selected).selectedId).toBe('a');
    const relabelled = press(selected, 'p');
    expect(relabelled.applied).toBe(true);
    expect(pluginState(relabelled.state).spans.get('a')?.label).toBe('place');
    expect(printSpans(relabelled.state)).toEqual(['a:"National Guard"']);

    const elsewhere = selected.apply(selected.tr.setSelection(TextSelection.create(selected.doc, 20, 23)));
    const added = press(elsewhere, 'p');
    expect(printSpans(added.state)).toEqual(['a:"National Guard"', 'new-1:"was"']);
  });

  it('sets the status of, deletes and deselects the selected annotation', () => {
    const selected = withAnnotation(true);
    expect(pluginState(press(selected, 'Alt-a').state).spans.get('a')?.status).toBe('accepted');
    expect(pluginState(press(selected, 'Alt-r').state).spans.get('a')?.status).toBe('rejected');
    const accepted = press(selected, 'Alt-a').state;
    expect(pluginState(press(accepted, 'Alt-p').state).spans.get('a')?.status).toBe('proposed');
    expect(printSpans(press(selected, 'Alt-Delete').state)).toEqual([]);
    expect(pluginState(press(selected, 'Escape').state).selectedId).toBeNull();
  });

  it('does nothing to an annotation the user may not change, and makes none when the user may not annotate', () => {
    const selected = withAnnotation(true);
    const readOnly: AnnotationKeymapOptions = { canChange: () => false, canAnnotate: () => false };
    for (const key of ['p', 'Alt-a', 'Alt-r', 'Alt-p', 'Alt-Delete']) expect(press(selected, key, readOnly).applied).toBe(false);
    expect(press(withAnnotation(false), 'Alt-a').applied).toBe(false);
    expect(press(withAnnotation(false), 'Escape').applied).toBe(false);
    const elsewhere = selected.apply(selected.tr.setSelection(TextSelection.create(selected.doc, 20, 23)));
    expect(press(elsewhere, 'p', { canAnnotate: () => false }).applied).toBe(false);
  });

  it('puts the hotkey modifier before label hotkeys only', () => {
    const keys = Object.keys(annotationBindings(testSchema, { hotkeyModifier: 'Ctrl-' }));
    expect(keys).toEqual(expect.arrayContaining(['Ctrl-o', 'Ctrl-p', 'Alt-a', 'Escape']));
    expect(keys).not.toContain('o');
  });

  it('snaps new annotations to whole words unless told not to', () => {
    const state = makeState(text);
    const partial = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 7, 16)));
    expect(printSpans(run(partial, applyLabel('org')).state)).toEqual(['new-1:"National Guard"']);
    expect(printSpans(run(partial, applyLabel('org', { snapToWords: false })).state)).toEqual(['new-2:"tional Gu"']);
  });
});
