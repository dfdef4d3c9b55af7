/**
 * Shared fixtures for the prosemirror package tests: a small label schema,
 * editor states with the annotation plugin, and readable printers.
 */
import { EditorState } from 'prosemirror-state';
import type { Transaction } from 'prosemirror-state';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { annotationPlugin, annotationPluginKey, textToDoc } from '../src/index.js';
import type { AnnotationBinding, AnnotationPluginState } from '../src/index.js';

/** A schema with three labels, two with hotkeys, one with an invalid color. */
export const testSchema: LabelSchema = {
  version: 1,
  name: 'test',
  textColor: '#111111',
  groups: [],
  documentLabels: [],
  labels: [
    { id: 'org', name: 'Organization', description: 'An organization.', color: '#ffcc00', hotkey: 'o' },
    { id: 'place', name: 'Place', description: 'A place.', color: '#00aaff', hotkey: 'p' },
    { id: 'odd', name: 'Odd</style><script>', description: 'Bad color.', color: 'red;background:url(x)' },
  ],
};

/** An annotation with defaults for the fields a test does not care about. */
export function span(id: string, start: number, end: number, label = 'org'): SpanAnnotation {
  return { id, start, end, label, author: 'tester', status: 'proposed', note: '', created: 0, source: 'human' };
}

/** An editor state over `text` with the annotation plugin and `annotations` (text offsets). */
export function makeState(
  text: string,
  annotations: readonly SpanAnnotation[] = [],
  extra: { binding?: AnnotationBinding; userId?: string } = {},
): EditorState {
  let counter = 0;
  return EditorState.create({
    doc: textToDoc(text),
    plugins: [
      annotationPlugin({
        schema: testSchema,
        annotations,
        viewportMargin: null,
        createId: () => `new-${++counter}`,
        userId: extra.userId ?? 'tester',
        ...(extra.binding === undefined ? {} : { binding: extra.binding }),
      }),
    ],
  });
}

/** The plugin state of an editor state. */
export function pluginState(state: EditorState): AnnotationPluginState {
  const value = annotationPluginKey.getState(state);
  if (value === undefined) throw new Error('plugin missing');
  return value;
}

/** Runs a command and returns the resulting state (the input state when it did not apply). */
export function run(state: EditorState, command: (s: EditorState, d?: (tr: Transaction) => void) => boolean): { state: EditorState; applied: boolean } {
  let next = state;
  const applied = command(state, (tr) => {
    next = state.apply(tr);
  });
  return { state: next, applied };
}

/** The spans of a state as `id:[from,to)` strings in the document's text, e.g. `a:"National Guard"`. */
export function printSpans(state: EditorState): string[] {
  return pluginState(state)
    .spans.toArray()
    .map((s) => `${s.id}:${JSON.stringify(state.doc.textBetween(s.start, s.end, '\n'))}`);
}

/** Whether a character of text starts at `pos`. */
function isCharacter(state: EditorState, pos: number): boolean {
  const $pos = state.doc.resolve(pos);
  return $pos.parent.isTextblock && $pos.parentOffset < $pos.parent.content.size;
}

/** For each position with annotation decorations, the annotation ids they list (sorted, joined). */
export function decoratedIds(state: EditorState): Map<number, string> {
  const out = new Map<number, string>();
  const decorations = pluginState(state).decorations.find(undefined, undefined, (spec: { glossaSegment?: boolean }) => spec.glossaSegment === true);
  for (const decoration of decorations) {
    const ids = (decoration.spec as { ids: string[] }).ids;
    for (let pos = decoration.from; pos < decoration.to; pos++) {
      if (!isCharacter(state, pos)) continue;
      const previous = out.get(pos);
      const all = previous === undefined ? [...ids] : [...previous.split(','), ...ids];
      out.set(pos, [...new Set(all)].sort().join(','));
    }
  }
  return out;
}

/** For each position covered by a span, the covering ids (sorted, joined): what the decorations must show. */
export function expectedIds(state: EditorState): Map<number, string> {
  const out = new Map<number, string>();
  for (const s of pluginState(state).spans.toArray()) {
    for (let pos = s.start; pos < s.end; pos++) {
      if (!isCharacter(state, pos)) continue;
      const previous = out.get(pos);
      out.set(pos, (previous === undefined ? [s.id] : [...previous.split(','), s.id]).sort().join(','));
    }
  }
  return out;
}
