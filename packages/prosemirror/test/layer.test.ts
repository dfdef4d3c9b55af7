// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin } from 'y-prosemirror';
import {
  REMOTE_ORIGIN,
  CONTENT_FRAGMENT,
  createContentDoc,
  deleteAnnotations,
  editContentText,
  readContentText,
  resolveLayer,
  updateAnnotation,
  writeAnnotations,
} from '@glossa/collab';
import { seededRandom } from '../../../bench/harness.js';
import {
  annotateSelection,
  annotationPlugin,
  deleteAnnotation,
  docToText,
  documentSchema,
  relabel,
  spansToPositions,
  yjsAnnotationLayer,
} from '../src/index.js';
import { TextSelection } from 'prosemirror-state';
import { pluginState, span, testSchema } from './fixtures.js';

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

/** A real editor bound to a content doc with ySyncPlugin and to a layer doc with the annotation plugin. */
function bind(contentDoc: Y.Doc, layerDoc: Y.Doc, userId = 'me'): EditorView {
  let counter = 0;
  const state = EditorState.create({
    schema: documentSchema,
    plugins: [
      ySyncPlugin(contentDoc.getXmlFragment(CONTENT_FRAGMENT)),
      annotationPlugin({
        schema: testSchema,
        userId,
        layer: yjsAnnotationLayer({ layerDoc, contentDoc, userId }),
        viewportMargin: null,
        createId: () => `${userId}-${++counter}`,
      }),
    ],
  });
  const view = new EditorView(document.createElement('div'), { state });
  views.push(view);
  return view;
}

/** The layer resolved straight from Yjs, in positions of the editor's document, printed for comparison. */
function yjsTruth(view: EditorView, layerDoc: Y.Doc, contentDoc: Y.Doc): string[] {
  const resolved = resolveLayer(layerDoc, contentDoc);
  return spansToPositions(view.state.doc, resolved.spans).map((s) => `${s.id}@${s.start}-${s.end}:${s.label}:${s.note}`).sort();
}

function pluginSpans(view: EditorView): string[] {
  return pluginState(view.state)
    .spans.toArray()
    .map((s) => `${s.id}@${s.start}-${s.end}:${s.label}:${s.note}`)
    .sort();
}

describe('yjsAnnotationLayer', () => {
  it('shows the layer after the first render and writes local commands to Yjs', () => {
    const contentDoc = createContentDoc('the National Guard\nwas deployed');
    const layerDoc = new Y.Doc();
    writeAnnotations(layerDoc, contentDoc, [span('a', 4, 18)], REMOTE_ORIGIN);
    const view = bind(contentDoc, layerDoc);
    expect(docToText(view.state.doc)).toBe('the National Guard\nwas deployed');
    expect(pluginSpans(view)).toEqual(yjsTruth(view, layerDoc, contentDoc));
    expect(pluginSpans(view)).toHaveLength(1);

    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 21, 24)));
    expect(annotateSelection('place')(view.state, view.dispatch)).toBe(true);
    expect(relabel('a', 'place')(view.state, view.dispatch)).toBe(true);
    const resolved = resolveLayer(layerDoc, contentDoc).spans;
    expect(resolved.map((s) => [s.id, s.label, readContentText(contentDoc).slice(s.start, s.end)])).toEqual([
      ['a', 'place', 'National Guard'],
      ['me-1', 'place', 'was'],
    ]);
    expect(deleteAnnotation('me-1')(view.state, view.dispatch)).toBe(true);
    expect(resolveLayer(layerDoc, contentDoc).spans.map((s) => s.id)).toEqual(['a']);
  });

  it('follows remote layer changes and remote text edits', () => {
    const contentDoc = createContentDoc('alpha beta gamma');
    const layerDoc = new Y.Doc();
    const view = bind(contentDoc, layerDoc);
    writeAnnotations(layerDoc, contentDoc, [span('r', 6, 10)], REMOTE_ORIGIN);
    expect(pluginSpans(view)).toEqual(['r@7-11:org:']);
    editContentText(contentDoc, 6, 0, 'XY', REMOTE_ORIGIN); // at the start edge: does not grow
    expect(pluginSpans(view)).toEqual(['r@9-13:org:']);
    editContentText(contentDoc, 9, 0, 'in', REMOTE_ORIGIN); // inside: grows
    expect(pluginSpans(view)).toEqual(['r@9-15:org:']);
    deleteAnnotations(layerDoc, ['r'], REMOTE_ORIGIN);
    expect(pluginSpans(view)).toEqual([]);
  });

  it('equals the spans resolved from Yjs after random local and remote edits', () => {
    const seed = Number(process.env['GLOSSA_SEED'] ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const pick = (n: number): number => Math.floor(random() * n);
    const contentDoc = createContentDoc('the National Guard was deployed\nin Michoacán and Guerrero\n\nby the mayor');
    const layerDoc = new Y.Doc();
    const view = bind(contentDoc, layerDoc);
    let next = 0;
    try {
      for (let step = 0; step < 300; step++) {
        const text = readContentText(contentDoc);
        const choice = pick(8);
        if (choice === 0 || choice === 1) {
          // A remote text edit: insertion (sometimes a line break) or deletion.
          const at = pick(text.length + 1);
          const remove = choice === 1 ? Math.min(pick(4), text.length - at) : 0;
          editContentText(contentDoc, at, remove, remove > 0 ? '' : ['x', ' ', '\n', 'é'][pick(4)]!, REMOTE_ORIGIN);
        } else if (choice === 2) {
          // A local text edit through ProseMirror (and ySyncPlugin) away from annotation edges.
          const size = view.state.doc.content.size;
          const pos = 1 + pick(size - 1);
          const $pos = view.state.doc.resolve(pos);
          if ($pos.parent.isTextblock) {
            const edges = pluginState(view.state).spans.toArray().flatMap((s) => [s.start, s.end]);
            const ambiguous = edges.some((e) => Math.abs(e - pos) <= 2);
            if (!ambiguous) view.dispatch(view.state.tr.insertText('q', pos));
          }
        } else if (choice <= 5 && text.length > 1) {
          const start = pick(text.length - 1);
          const end = start + 1 + pick(Math.min(12, text.length - start));
          writeAnnotations(layerDoc, contentDoc, [span(`r${next++}`, start, end, ['org', 'place'][pick(2)]!)], REMOTE_ORIGIN);
        } else {
          const ids = resolveLayer(layerDoc, contentDoc).spans.map((s) => s.id);
          const id = ids[pick(ids.length)];
          if (id !== undefined) {
            if (choice === 6) deleteAnnotations(layerDoc, [id], REMOTE_ORIGIN);
            else updateAnnotation(layerDoc, id, { note: `n${step}` }, REMOTE_ORIGIN);
          }
        }
        expect(docToText(view.state.doc)).toBe(readContentText(contentDoc));
        expect(pluginSpans(view)).toEqual(yjsTruth(view, layerDoc, contentDoc));
      }
    } catch (error) {
      throw new Error(`layer sync diverged with seed ${seed} (rerun with GLOSSA_SEED=${seed}): ${String(error)}`);
    }
  });
});
