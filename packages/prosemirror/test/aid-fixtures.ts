/**
 * Fixtures for the tests of the editing aids: an editor state over a text
 * with the annotation plugin and the aids' plugins, a recording binding,
 * and selecting by text offsets.
 */
import { EditorState, TextSelection } from 'prosemirror-state';
import type { Plugin } from 'prosemirror-state';
import type { SpanAnnotation } from '@glossa/core';
import { annotationPlugin, spansToPositions, textToDoc, textOffsetToPos } from '../src/index.js';
import type { AnnotationAction, AnnotationBinding } from '../src/index.js';
import { testSchema } from './fixtures.js';

/** A binding that keeps nothing and records what was written to it. */
export interface RecordingBinding extends AnnotationBinding {
  readonly written: AnnotationAction[];
}

/** A binding that records its writes and resolves to `spans` (text offsets) whatever was written. */
export function recordingBinding(spans: readonly SpanAnnotation[] = []): RecordingBinding {
  const written: AnnotationAction[] = [];
  return {
    written,
    resolve: (doc) => ({ spans: spansToPositions(doc, spans), orphans: [] }),
    write: (action) => {
      written.push(action);
    },
    subscribe: () => () => undefined,
  };
}

/** An editor state over `text` with the annotation plugin (annotations in text offsets) and `plugins` after it. */
export function stateWith(text: string, annotations: readonly SpanAnnotation[], plugins: readonly Plugin[] = [], binding?: AnnotationBinding): EditorState {
  let counter = 0;
  const annotation = binding === undefined
    ? annotationPlugin({ schema: testSchema, annotations, viewportMargin: null, createId: () => `new-${++counter}`, userId: 'tester' })
    : annotationPlugin({ schema: testSchema, binding, viewportMargin: null, createId: () => `new-${++counter}`, userId: 'tester' });
  return EditorState.create({ doc: textToDoc(text), plugins: [annotation, ...plugins] });
}

/** `state` with the text between offsets `from` and `to` selected. */
export function selectText(state: EditorState, from: number, to: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, textOffsetToPos(state.doc, from), textOffsetToPos(state.doc, to))));
}
