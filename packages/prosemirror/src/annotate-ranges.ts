/**
 * Annotating many stretches at once ("annotate all occurrences"): a plan
 * that says which occurrences would get a new annotation and which already
 * carry the label, and a command that creates the annotations of a plan in
 * one step of the plugin state (each written through the binding).
 */
import type { Command, EditorState } from 'prosemirror-state';
import { labelById } from '@glossa/core';
import type { SpanAnnotation } from '@glossa/core';
import { AnnotationPluginMissingError } from './commands.js';
import { annotationPluginOptions } from './plugin.js';
import { annotationPluginKey } from './state.js';
import type { AnnotationAction } from './state.js';
import type { TextMatch } from './text-search.js';

/** What annotating a set of occurrences with one label would do. */
export interface OccurrencePlan {
  /** The occurrences that would get a new annotation, in document order. */
  readonly create: readonly TextMatch[];
  /** The occurrences left alone: an annotation with the label covers exactly them already. */
  readonly skipped: readonly TextMatch[];
}

/** Options of `planOccurrences`. */
export interface OccurrencePlanOptions {
  /**
   * Which existing annotations count when looking for one that already
   * carries the label (those of the layer written to, say). @default every one
   */
  readonly counts?: (span: SpanAnnotation) => boolean;
}

/**
 * Splits `matches` into those to annotate with `label` and those an
 * annotation with that label already covers exactly (same start and end).
 * @throws AnnotationPluginMissingError when the annotation plugin is not installed.
 */
export function planOccurrences(state: EditorState, matches: readonly TextMatch[], label: string, options: OccurrencePlanOptions = {}): OccurrencePlan {
  const plugin = annotationPluginKey.getState(state);
  if (plugin === undefined) throw new AnnotationPluginMissingError();
  const counts = options.counts ?? (() => true);
  const create: TextMatch[] = [];
  const skipped: TextMatch[] = [];
  for (const match of matches) {
    const carried = plugin.spans.find(match.from, match.to, (span) => span.start === match.from && span.end === match.to && span.label === label && counts(span));
    (carried.length > 0 ? skipped : create).push(match);
  }
  return { create, skipped };
}

/**
 * Annotates each range `[from, to)` (positions) with `label`, as the
 * plugin's user, in one transaction; each new annotation is written
 * through the binding. Empty ranges and ranges outside the document are
 * left out; not applicable when none is left.
 * @throws RangeError when `label` is not a span label of the schema.
 * @throws AnnotationPluginMissingError when the annotation plugin is not installed.
 */
export function annotateRanges(ranges: readonly TextMatch[], label: string): Command {
  return (state, dispatch) => {
    const options = annotationPluginOptions(state);
    if (options === undefined || annotationPluginKey.getState(state) === undefined) throw new AnnotationPluginMissingError();
    if (labelById(options.schema, label) === undefined) {
      throw new RangeError(`Unknown label "${label}": the schema "${options.schema.name}" has no span label with this id`);
    }
    const size = state.doc.content.size;
    const valid = ranges.filter((range) => range.from >= 0 && range.from < range.to && range.to <= size);
    if (valid.length === 0) return false;
    if (dispatch !== undefined) {
      const created = Date.now();
      const spans: SpanAnnotation[] = valid.map((range) => ({
        id: options.createId(),
        start: range.from,
        end: range.to,
        label,
        author: options.userId,
        status: 'proposed',
        note: '',
        created,
        source: 'human',
      }));
      for (const span of spans) options.binding?.write({ type: 'add', span }, state.doc);
      const action: AnnotationAction = { type: 'patch', spans };
      dispatch(state.tr.setMeta(annotationPluginKey, action));
    }
    return true;
  };
}
