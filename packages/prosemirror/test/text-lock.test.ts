// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { Slice } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';
import { docToText, isTextLocked, setTextLocked, textLockPlugin, textToDoc } from '../src/index.js';
import { run } from './fixtures.js';

const TEXT = 'the National Guard was deployed';

function locked(lockedAtStart?: boolean): EditorState {
  return EditorState.create({ doc: textToDoc(TEXT), plugins: [textLockPlugin(lockedAtStart === undefined ? {} : { locked: lockedAtStart })] });
}

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

function mount(state: EditorState): EditorView {
  const view = new EditorView(document.createElement('div'), { state });
  views.push(view);
  return view;
}

describe('textLockPlugin', () => {
  it('refuses local changes of a locked text and lets selections, Yjs changes and an unlocked text through', () => {
    const state = locked();
    expect(isTextLocked(state)).toBe(true);
    expect(docToText(state.apply(state.tr.insertText('X', 1)).doc)).toBe(TEXT);
    expect(docToText(state.apply(state.tr.delete(1, 5)).doc)).toBe(TEXT);
    const moved = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 5, 19)));
    expect([moved.selection.from, moved.selection.to]).toEqual([5, 19]);
    const remote = state.tr.insertText('Remote ', 1).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(docToText(state.apply(remote).doc)).toBe(`Remote ${TEXT}`);

    const unlocked = run(state, setTextLocked(false));
    expect(unlocked.applied).toBe(true);
    expect(isTextLocked(unlocked.state)).toBe(false);
    expect(docToText(unlocked.state.apply(unlocked.state.tr.insertText('X', 1)).doc)).toBe(`X${TEXT}`);
    expect(run(unlocked.state, setTextLocked(false)).applied).toBe(false);
    expect(isTextLocked(run(unlocked.state, setTextLocked(true)).state)).toBe(true);
  });

  it('can start unlocked, and is no lock without the plugin', () => {
    expect(isTextLocked(locked(false))).toBe(false);
    const bare = EditorState.create({ doc: textToDoc(TEXT) });
    expect(isTextLocked(bare)).toBe(false);
    expect(run(bare, setTextLocked(false)).applied).toBe(false);
  });

  it('takes typing, paste, drop and drag starts while locked, says so in aria-readonly, and lets them be after unlocking', () => {
    const view = mount(locked());
    const handled = (): boolean[] => [
      view.someProp('handleTextInput', (f) => f(view, 1, 4, 'X', () => view.state.tr)) === true,
      view.someProp('handlePaste', (f) => f(view, new Event('paste') as ClipboardEvent, Slice.empty)) === true,
      view.someProp('handleDrop', (f) => f(view, new Event('drop') as DragEvent, Slice.empty, true)) === true,
    ];
    expect(handled()).toEqual([true, true, true]);
    expect(view.dom.getAttribute('aria-readonly')).toBe('true');
    const dragStart = new Event('dragstart', { cancelable: true });
    view.dom.dispatchEvent(dragStart);
    expect(dragStart.defaultPrevented).toBe(true);

    setTextLocked(false)(view.state, view.dispatch);
    expect(handled()).toEqual([false, false, false]);
    expect(view.dom.getAttribute('aria-readonly')).toBe('false');
    const freeDrag = new Event('dragstart', { cancelable: true });
    view.dom.dispatchEvent(freeDrag);
    expect(freeDrag.defaultPrevented).toBe(false);
  });

  it('keeps ProseMirror out of its composing state while locked and lets the commit of a composition reach the page', () => {
    const view = mount(locked());
    const beforeInput = (inputType: string): boolean => {
      const event = new InputEvent('beforeinput', { inputType, cancelable: true });
      view.dom.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(beforeInput('insertText')).toBe(true);
    view.dom.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    expect(view.composing).toBe(false);
    expect(beforeInput('insertText')).toBe(false);
    expect(beforeInput('insertText')).toBe(true);
    expect(beforeInput('historyUndo')).toBe(false);
  });
});
