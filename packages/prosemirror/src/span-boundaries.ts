/**
 * Moving an annotation's boundaries: where a start or an end goes when it
 * moves by a character or a word, and the commands that move one
 * (`moveBoundary`) or set both (`setAnnotationRange`).
 *
 * A character is a code point (a surrogate pair moves as one), and a
 * paragraph break counts as one character, as in the document's plain
 * text. A start moves from word start to word start, an end from word end
 * to word end (words as `wordRanges` finds them), so growing or shrinking
 * by a word keeps the span on whole words. At a paragraph's edge a
 * boundary moves to the edge of the next or previous paragraph.
 *
 * The new range is written through the binding as an `add` of the same id
 * (the Yjs binding rewrites an existing entry in place: its anchors and
 * quote, keeping every other field) and applied to the plugin state as a
 * `patch`; the annotation stays selected and, when it is the selected one,
 * the text selection follows it.
 */
import { TextSelection } from 'prosemirror-state';
import type { Command } from 'prosemirror-state';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';
import { AnnotationPluginMissingError } from './commands.js';
import { annotationPluginOptions } from './plugin.js';
import { annotationPluginKey } from './state.js';
import type { AnnotationAction } from './state.js';
import { wordRanges } from './words.js';

/** Which boundary of an annotation. */
export type BoundarySide = 'start' | 'end';

/** How far a boundary moves. */
export type BoundaryUnit = 'character' | 'word';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The offset one code point after (`1`) or before (`-1`) `offset` in `text`. */
function stepCharacter(text: string, offset: number, direction: 1 | -1): number {
  if (direction === 1) return offset + (isHighSurrogate(text.charCodeAt(offset)) && isLowSurrogate(text.charCodeAt(offset + 1)) ? 2 : 1);
  return offset - (isLowSurrogate(text.charCodeAt(offset - 1)) && isHighSurrogate(text.charCodeAt(offset - 2)) ? 2 : 1);
}

/** The next word edge of the kind `side` wants after (`1`) or before (`-1`) `offset`, or the text's edge. */
function stepWord(text: string, offset: number, direction: 1 | -1, side: BoundarySide): number {
  const edges = wordRanges(text).map((word) => (side === 'start' ? word.start : word.end));
  if (direction === 1) return edges.find((edge) => edge > offset) ?? text.length;
  let found = 0;
  for (const edge of edges) if (edge < offset) found = edge;
  return found;
}

/**
 * Where the `side` boundary at position `pos` goes when it moves one
 * `unit` right (`1`) or left (`-1`), or `null` at the document's edge.
 */
export function movedBoundary(doc: ProseMirrorNode, pos: number, side: BoundarySide, direction: 1 | -1, unit: BoundaryUnit): number | null {
  const $pos = doc.resolve(pos);
  if (!$pos.parent.isTextblock) return null;
  const text = $pos.parent.textContent;
  const offset = $pos.parentOffset;
  if (direction === 1 ? offset >= text.length : offset <= 0) {
    // A paragraph's edge: on to the edge of the next or previous paragraph.
    if (direction === 1) return $pos.after() < doc.content.size ? $pos.after() + 1 : null;
    return $pos.before() > 0 ? $pos.before() - 1 : null;
  }
  const next = unit === 'character' ? stepCharacter(text, offset, direction) : stepWord(text, offset, direction, side);
  return $pos.start() + next;
}

/**
 * Moves annotation `id` to `[from, to)` (positions). Not applicable when
 * there is no such annotation, the range is empty or outside the document,
 * or nothing would change.
 * @throws AnnotationPluginMissingError when the annotation plugin is not installed.
 */
export function setAnnotationRange(id: string, from: number, to: number): Command {
  return (state, dispatch) => {
    const options = annotationPluginOptions(state);
    const plugin = annotationPluginKey.getState(state);
    if (options === undefined || plugin === undefined) throw new AnnotationPluginMissingError();
    const span = plugin.spans.get(id);
    if (span === undefined || !(from >= 0 && from < to && to <= state.doc.content.size)) return false;
    if (span.start === from && span.end === to) return false;
    if (!state.doc.resolve(from).parent.isTextblock || !state.doc.resolve(to).parent.isTextblock) return false;
    if (dispatch !== undefined) {
      const moved: SpanAnnotation = { ...span, start: from, end: to };
      options.binding?.write({ type: 'add', span: moved }, state.doc);
      const action: AnnotationAction = { type: 'patch', spans: [moved] };
      let tr = state.tr.setMeta(annotationPluginKey, action);
      if (plugin.selectedId === id) tr = tr.setSelection(TextSelection.create(state.doc, from, to));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * Moves the `side` boundary of annotation `id` by one `unit` right (`1`)
 * or left (`-1`): a start moving left and an end moving right grow the
 * span, the others shrink it. Not applicable when there is no such
 * annotation, at the document's edge, or when the span would become empty.
 */
export function moveBoundary(id: string, side: BoundarySide, direction: 1 | -1, unit: BoundaryUnit): Command {
  if (direction !== 1 && direction !== -1) throw new RangeError(`direction must be 1 or -1, got ${String(direction)}`);
  return (state, dispatch, view) => {
    const span = annotationPluginKey.getState(state)?.spans.get(id);
    if (span === undefined) return false;
    const target = movedBoundary(state.doc, side === 'start' ? span.start : span.end, side, direction, unit);
    if (target === null) return false;
    const [from, to] = side === 'start' ? [target, span.end] : [span.start, target];
    return setAnnotationRange(id, from, to)(state, dispatch, view);
  };
}
