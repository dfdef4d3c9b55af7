// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { EditorState, Plugin, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { annotationPlugin, annotationPluginKey, textToDoc } from '@glossa/prosemirror';
import type { AnnotationAction } from '@glossa/prosemirror';
import { snapshotReportingDispatch } from '../src/editor/annotation-editor.js';
import type { EditorSnapshot } from '../src/editor/annotation-editor.js';

const SCHEMA: LabelSchema = {
  version: 1,
  name: 'test',
  textColor: '#111111',
  groups: [],
  documentLabels: [],
  labels: [{ id: 'org', name: 'Organization', description: 'An organization.', color: '#ffcc00', hotkey: 'o' }],
};

const TEXT = 'The National Guard was deployed.';

function span(id: string, start: number, end: number): SpanAnnotation {
  return { id, start, end, label: 'org', author: 'tester', status: 'proposed', note: '', created: 0, source: 'human' };
}

/**
 * A plugin view that, like the annotation plugin's layer settler, corrects
 * the spans from inside the view update that follows each text change: it
 * moves span `a` to cover exactly `Guard` wherever the text now has it.
 */
function correctingPlugin(): Plugin {
  return new Plugin({
    view: () => ({
      update: (view, previous) => {
        if (view.state.doc.eq(previous.doc)) return;
        const text = view.state.doc.textBetween(0, view.state.doc.content.size);
        const at = text.indexOf('Guard') + 1; // one paragraph: position = offset + 1
        const current = annotationPluginKey.getState(view.state)?.spans.get('a');
        if (current === undefined || current.start === at) return;
        const action: AnnotationAction = { type: 'patch', spans: [{ ...current, start: at, end: at + 'Guard'.length }] };
        view.dispatch(view.state.tr.setMeta(annotationPluginKey, action));
      },
    }),
  });
}

function mount(): { view: EditorView; reports: EditorSnapshot[] } {
  const state = EditorState.create({
    doc: textToDoc(TEXT),
    plugins: [annotationPlugin({ schema: SCHEMA, annotations: [span('a', 4, 18)], viewportMargin: null, compactAfterIdleMs: null }), correctingPlugin()],
  });
  const reports: EditorSnapshot[] = [];
  const view = new EditorView(document.createElement('div'), { state, dispatchTransaction: snapshotReportingDispatch(state, (snapshot) => reports.push(snapshot)) });
  return { view, reports };
}

const quote = (snapshot: EditorSnapshot | undefined, id: string): string => {
  const found = snapshot?.spans.get(id);
  return found === undefined ? '<none>' : snapshot?.textBetween(found.start, found.end) ?? '<none>';
};

describe('snapshotReportingDispatch', () => {
  it('reports last the state corrected from inside the view update, not the one the transaction produced', () => {
    const { view, reports } = mount();
    view.dispatch(view.state.tr.insertText('Army and ', 5));
    expect(quote(reports.at(-1), 'a')).toBe('Guard');
    expect(reports.at(-1)?.spans.get('a')).toEqual(annotationPluginKey.getState(view.state)?.spans.get('a'));
    view.destroy();
  });

  it('reports selection changes and stays quiet for transactions that change neither annotations nor selection', () => {
    const { view, reports } = mount();
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 5, 9)));
    expect(reports.map((r) => r.hasTextSelection)).toEqual([true]);
    view.dispatch(view.state.tr.setMeta('unrelated', true));
    expect(reports).toHaveLength(1);
    view.dispatch(view.state.tr.setMeta(annotationPluginKey, { type: 'select', id: 'a' } satisfies AnnotationAction));
    expect(reports.map((r) => r.selectedId)).toEqual([null, 'a']);
    view.destroy();
  });
});
