/**
 * Discontinuous annotations in the editor: `addFragment` adds a stretch of
 * text to an annotation as one more piece ("the National … Guard"). The
 * annotation keeps its id; its `start` and `end` become the covering span
 * and its `fragments` the pieces (joined where they touch or overlap). It
 * is written through the binding as an `add` of the same id (the Yjs
 * binding rewrites the entry's anchors in place) and applied as a `patch`.
 */
import type { Command } from 'prosemirror-state';
import { spanFromRanges } from '@glossa/core';
import type { SpanAnnotation, SpanFragment } from '@glossa/core';
import { spanPieces } from './decorations.js';
import { AnnotationPluginMissingError } from './plugin-parts.js';
import { annotationPluginOptions } from './plugin.js';
import { annotationPluginKey } from './state.js';
import type { AnnotationAction } from './state.js';

/**
 * Adds `[from, to)` (by default the text selection) as a piece of
 * annotation `id` (by default the selected one). Not applicable without an
 * annotation, with an empty range, a range inside the annotation's pieces
 * already, or when `canChange(id)` says no.
 */
export function addFragment(options: { readonly id?: string; readonly from?: number; readonly to?: number; readonly canChange?: (id: string) => boolean } = {}): Command {
  return (state, dispatch) => {
    const resolved = annotationPluginOptions(state);
    const plugin = annotationPluginKey.getState(state);
    if (resolved === undefined || plugin === undefined) throw new AnnotationPluginMissingError();
    const id = options.id ?? plugin.selectedId;
    if (id === null || id === undefined || !(options.canChange?.(id) ?? true)) return false;
    const span = plugin.spans.get(id);
    if (span === undefined) return false;
    const from = options.from ?? state.selection.from;
    const to = options.to ?? state.selection.to;
    if (!(from >= 0 && from < to && to <= state.doc.content.size)) return false;
    const pieces = spanPieces(span);
    if (pieces.some((piece) => piece.from <= from && to <= piece.to)) return false;
    const ranges: SpanFragment[] = [...pieces.map((piece): SpanFragment => [piece.from, piece.to]), [from, to]];
    ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const extent = spanFromRanges(ranges);
    if (extent === undefined) return false;
    if (dispatch !== undefined) {
      const { fragments: _old, ...rest } = span;
      const extended: SpanAnnotation = extent.fragments === undefined ? { ...rest, start: extent.start, end: extent.end } : { ...rest, ...extent };
      resolved.binding?.write({ type: 'add', span: extended }, state.doc);
      const action: AnnotationAction = { type: 'patch', spans: [extended] };
      dispatch(state.tr.setMeta(annotationPluginKey, action));
    }
    return true;
  };
}
