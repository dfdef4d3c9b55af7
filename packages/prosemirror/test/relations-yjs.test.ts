// @vitest-environment happy-dom
/**
 * The relation plugin over real Yjs layer rooms: two editors on synced docs
 * see each other's relations; deleting an end hides a relation and an undo
 * brings both back; pieces added in the editor reach the layer room and
 * come back as pieces in another editor.
 */
import { describe, it, expect, afterEach } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin } from 'y-prosemirror';
import { CONTENT_FRAGMENT, createContentDoc, createUserUndoManager, layerUndoScope, localOrigin, resolveLayer, writeAnnotations } from '@glossa/collab';
import type { LabelSchema } from '@glossa/core';
import {
  addFragment,
  annotationPlugin,
  annotationPluginKey,
  completeRelation,
  deleteAnnotation,
  documentSchema,
  relationPlugin,
  relationPluginKey,
  reverseRelation,
  selectAnnotation,
  startRelation,
  yjsAnnotationBinding,
  yjsRelationBinding,
} from '../src/index.js';
import type { RelationBinding } from '../src/index.js';
import { span, testSchema } from './fixtures.js';

const schema: LabelSchema = {
  ...testSchema,
  relationLabels: [{ id: 'in', name: 'Located in', description: 'Where.', directed: true, sourceLabels: ['org'], targetLabels: ['place'], color: '#66bb66', hotkey: 'i' }],
};

const text = 'the National Guard of Paris and the Guard of Lyon';

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

/** Two-way sync of two docs. */
function link(a: Y.Doc, b: Y.Doc): void {
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'sync') Y.applyUpdate(b, update, 'sync');
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'sync') Y.applyUpdate(a, update, 'sync');
  });
}

function bind(contentDoc: Y.Doc, layerDoc: Y.Doc, userId: string, relationBinding?: RelationBinding): EditorView {
  const state = EditorState.create({
    schema: documentSchema,
    plugins: [
      ySyncPlugin(contentDoc.getXmlFragment(CONTENT_FRAGMENT)),
      annotationPlugin({ schema, userId, binding: yjsAnnotationBinding({ layerDoc, contentDoc, userId }), viewportMargin: null }),
      relationPlugin({ schema, userId, binding: relationBinding ?? yjsRelationBinding({ layerDoc, userId }), draw: false }),
    ],
  });
  const view = new EditorView(document.createElement('div'), { state });
  views.push(view);
  return view;
}

function run(view: EditorView, ...commands: ((state: EditorState, dispatch?: EditorView['dispatch']) => boolean)[]): void {
  for (const command of commands) {
    if (!command(view.state, view.dispatch)) throw new Error('a command did not apply');
  }
}

function relationsOf(view: EditorView): { from: string; to: string; label: string }[] {
  return [...(relationPluginKey.getState(view.state)?.relations.values() ?? [])].map(({ from, to, label }) => ({ from, to, label }));
}

function setup(): { views: [EditorView, EditorView]; layers: [Y.Doc, Y.Doc]; contents: [Y.Doc, Y.Doc] } {
  const content = createContentDoc(text);
  const otherContent = new Y.Doc();
  Y.applyUpdate(otherContent, Y.encodeStateAsUpdate(content));
  link(content, otherContent);
  const layer = new Y.Doc();
  writeAnnotations(layer, content, [span('a', 4, 18, 'org'), span('b', 22, 27, 'place'), span('c', 36, 41, 'org'), span('d', 45, 49, 'place')]);
  const otherLayer = new Y.Doc();
  Y.applyUpdate(otherLayer, Y.encodeStateAsUpdate(layer));
  link(layer, otherLayer);
  return { views: [bind(content, layer, 'ann'), bind(otherContent, otherLayer, 'bob')], layers: [layer, otherLayer], contents: [content, otherContent] };
}

describe('relations over Yjs', () => {
  it('a relation made in one editor shows in the other, under the id the layer gives it, and a reversal comes back', () => {
    const { views: [ann, bob] } = setup();
    run(ann, selectAnnotation('a'), startRelation(), selectAnnotation('b'), completeRelation('in'));
    const [made] = [...(relationPluginKey.getState(ann.state)?.relations.keys() ?? [])];
    expect(made).toMatch(/^r:/);
    expect(relationsOf(bob)).toEqual([{ from: 'a', to: 'b', label: 'in' }]);
    expect(relationPluginKey.getState(bob.state)?.relations.has(made as string)).toBe(true);
    // `in` joins an org to a place, so the reversal is refused; make a relation that can be reversed.
    expect(reverseRelation(made as string)(bob.state, bob.dispatch)).toBe(false);
  });

  it('two editors making the same relation at once end with one', () => {
    const { views: [ann, bob] } = setup();
    run(ann, selectAnnotation('c'), startRelation(), selectAnnotation('d'));
    run(bob, selectAnnotation('c'), startRelation(), selectAnnotation('d'));
    run(ann, completeRelation('in'));
    run(bob, completeRelation('in'));
    expect(relationsOf(ann)).toEqual([{ from: 'c', to: 'd', label: 'in' }]);
    expect(relationsOf(bob)).toEqual([{ from: 'c', to: 'd', label: 'in' }]);
  });

  it('deleting an end takes the relation out of the layer with it; one undo brings both back', () => {
    const { views: [ann, bob], layers: [layer] } = setup();
    const undo = createUserUndoManager(layerUndoScope(layer), localOrigin('ann'));
    run(ann, selectAnnotation('a'), startRelation(), selectAnnotation('b'), completeRelation('in'));
    undo.stopCapturing();
    run(ann, deleteAnnotation('a'));
    expect(relationsOf(ann)).toEqual([]);
    expect(relationsOf(bob)).toEqual([]);
    undo.undo();
    expect(annotationPluginKey.getState(ann.state)?.spans.has('a')).toBe(true);
    expect(relationsOf(ann)).toEqual([{ from: 'a', to: 'b', label: 'in' }]);
    expect(relationsOf(bob)).toEqual([{ from: 'a', to: 'b', label: 'in' }]);
  });
});

describe('pieces over Yjs', () => {
  it('a piece added in one editor is stored as fragments and shows as pieces in the other', () => {
    const { views: [ann, bob], layers: [layer], contents: [content] } = setup();
    run(ann, selectAnnotation('c'));
    ann.dispatch(ann.state.tr.setSelection(TextSelection.create(ann.state.doc, 46, 50)));
    run(ann, addFragment());
    const stored = resolveLayer(layer, content).spans.find((s) => s.id === 'c');
    expect(stored).toMatchObject({ start: 36, end: 49, fragments: [[36, 41], [45, 49]] });
    expect(annotationPluginKey.getState(bob.state)?.spans.get('c')).toMatchObject({ start: 37, end: 50, fragments: [[37, 42], [46, 50]] });
    // Joining the pieces makes it contiguous again in the layer.
    run(ann, selectAnnotation('c'), addFragment({ from: 42, to: 46 }));
    expect(resolveLayer(layer, content).spans.find((s) => s.id === 'c')).toMatchObject({ start: 36, end: 49 });
    expect(resolveLayer(layer, content).spans.find((s) => s.id === 'c')?.fragments).toBeUndefined();
  });
});
