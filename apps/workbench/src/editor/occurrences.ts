/**
 * The preview of "annotate all occurrences": every occurrence of a text
 * with a little of the text around it, which of them would get a new
 * annotation with the chosen label and which already carry it (in the
 * layer written to) and are skipped.
 */
import type { EditorState } from 'prosemirror-state';
import { findTextMatches, planOccurrences } from '@glossa/prosemirror';
import type { TextMatch, TextSearchOptions } from '@glossa/prosemirror';
import { splitLayeredId } from '../session/composite-layer.js';

/** How many characters of context are shown on each side of an occurrence. */
export const CONTEXT_CHARACTERS = 32;

/** One occurrence as the preview lists it. */
export interface OccurrencePreview {
  readonly from: number;
  readonly to: number;
  /** The text of its paragraph before it (at most `CONTEXT_CHARACTERS`, `…` when cut). */
  readonly before: string;
  readonly text: string;
  /** The text of its paragraph after it, likewise. */
  readonly after: string;
  /** Whether an annotation with the label already covers exactly it. */
  readonly skipped: boolean;
}

/** What annotating every occurrence would do. */
export interface OccurrencesPreview {
  /** Every occurrence, in document order. */
  readonly occurrences: readonly OccurrencePreview[];
  /** The occurrences that would get a new annotation. */
  readonly create: readonly TextMatch[];
}

/** The context of a match inside its paragraph. */
function context(state: EditorState, match: TextMatch): { before: string; after: string } {
  const $from = state.doc.resolve(match.from);
  const start = $from.start();
  const end = $from.end();
  const before = state.doc.textBetween(Math.max(start, match.from - CONTEXT_CHARACTERS), match.from);
  const after = state.doc.textBetween(match.to, Math.min(end, match.to + CONTEXT_CHARACTERS));
  return {
    before: (match.from - CONTEXT_CHARACTERS > start ? '…' : '') + before,
    after: after + (match.to + CONTEXT_CHARACTERS < end ? '…' : ''),
  };
}

/**
 * The occurrences of `query` (with `options`) in the document and what
 * annotating them with `label` in `layer` would do; an annotation of
 * another layer does not make an occurrence skipped.
 */
export function previewOccurrences(state: EditorState, query: string, options: TextSearchOptions, label: string, layer: string): OccurrencesPreview {
  const matches = findTextMatches(state.doc, query, options);
  const plan = planOccurrences(state, matches, label, { counts: (span) => splitLayeredId(span.id).layer === layer });
  const skipped = new Set(plan.skipped);
  const occurrences = matches.map((match) => ({ ...match, ...context(state, match), text: state.doc.textBetween(match.from, match.to), skipped: skipped.has(match) }));
  return { occurrences, create: plan.create };
}
