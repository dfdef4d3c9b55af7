// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { EditorView } from 'prosemirror-view';
import { LABEL_TAG_CLASS, deleteAnnotation, labelTagsPlugin, labelTagsShown, relabel, setLabelTagsShown } from '../src/index.js';
import { run, span, testSchema } from './fixtures.js';
import { stateWith } from './aid-fixtures.js';

const TEXT = 'the National Guard was deployed';

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

function mount(shown: boolean): EditorView {
  const state = stateWith(TEXT, [span('inner', 13, 18, 'place'), span('outer', 4, 18, 'org'), span('same', 4, 12, 'odd')], [labelTagsPlugin({ schema: testSchema, shown })]);
  const view = new EditorView(document.createElement('div'), { state });
  views.push(view);
  return view;
}

/** The tags in the editor, in document order, as their text. */
function tags(view: EditorView): string[] {
  return Array.from(view.dom.querySelectorAll(`.${LABEL_TAG_CLASS}`), (tag) => tag.textContent ?? '');
}

describe('labelTagsPlugin', () => {
  it('puts the label name before each annotation, outermost first, as text outside the document', () => {
    const view = mount(true);
    expect(tags(view)).toEqual(['Organization', 'Odd</style><script>', 'Place']);
    expect(view.dom.querySelector('script')).toBeNull();
    const tag = view.dom.querySelector(`.${LABEL_TAG_CLASS}`);
    expect([tag?.getAttribute('contenteditable'), tag?.getAttribute('aria-hidden'), tag?.getAttribute('data-label')]).toEqual(['false', 'true', 'org']);
    // The document's text is unchanged by the tags.
    expect(view.state.doc.textContent).toBe(TEXT);
  });

  it('follows relabels and deletions, and is switched on and off', () => {
    const view = mount(false);
    expect(tags(view)).toEqual([]);
    expect(labelTagsShown(view.state)).toBe(false);
    expect(setLabelTagsShown(true)(view.state, view.dispatch)).toBe(true);
    expect(setLabelTagsShown(true)(view.state)).toBe(false);
    relabel('inner', 'org')(view.state, view.dispatch);
    deleteAnnotation('same')(view.state, view.dispatch);
    expect(tags(view)).toEqual(['Organization', 'Organization']);
    setLabelTagsShown(false)(view.state, view.dispatch);
    expect(tags(view)).toEqual([]);
    expect(run(stateWith(TEXT, []), setLabelTagsShown(true)).applied).toBe(false);
  });
});
