/**
 * Drawing suggestions: one inline decoration per stretch covered by the
 * same shown suggestions, in its own element (never merged into an
 * annotation's), so a suggestion can never pass for an annotation, with or
 * without colour: a dashed underline instead of a tint and solid bands, a
 * marker before each suggestion, and an accessible description that starts
 * with "Suggested".
 */
import { Decoration } from 'prosemirror-view';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { SpanAnnotation } from '@glossa/core';
import { buildSegments, listItem } from './decorations.js';
import type { DecorationContext, DecorationKind, Segment } from './decorations.js';
import type { LiveSpanSet } from './live-spans.js';
import { isSuggestionShown, suggestionById } from './suggestion-state.js';
import type { SuggestionInfo, SuggestionState } from './suggestion-state.js';
import { FALLBACK_LABEL_COLOR, SUGGESTION_CLASS, SUGGESTION_SELECTED_CLASS, SUGGESTION_START_CLASS } from './styles.js';

/** The spec attached to each suggestion decoration, used to find it again. */
export interface SuggestionSegmentSpec {
  readonly glossaSuggestion: true;
  readonly ids: readonly string[];
}

/** What a suggestion decoration needs besides the spans: label names and colors, the suggestions' fields, the selection. */
export interface SuggestionDecorationContext {
  readonly colors: ReadonlyMap<string, string>;
  readonly names: ReadonlyMap<string, string>;
  readonly info: ReadonlyMap<string, SuggestionInfo>;
  /** The selected suggestion's id, if any. */
  readonly selectedId: string | null;
}

/** A score as people read it: two decimals. */
function formatScore(score: number): string {
  return score.toFixed(2);
}

/** The accessible description of one suggestion: label name, score, recommender and why. */
export function describeSuggestion(info: SuggestionInfo, names: ReadonlyMap<string, string>): string {
  const name = names.get(info.label) ?? info.label;
  const text = `Suggested ${name} (score ${formatScore(info.score)}, ${info.recommender})`;
  return info.explanation === undefined || info.explanation === '' ? text : `${text}: ${info.explanation}`;
}

/**
 * The inline decoration of one stretch of suggestions. It is an element of
 * its own (`nodeName: 'span'`), nested in or around an annotation's.
 * Attributes: `class` (`glossa-suggestion`, `glossa-suggestion-start` on the
 * stretch where a suggestion starts, which draws the marker,
 * `glossa-suggestion-selected`), `style` (the validated color of the
 * outermost suggestion's label as `--glossa-s`), `data-suggestion-ids`,
 * `data-suggestion-labels` (space-separated, URI-encoded), `title` and
 * `aria-description`.
 */
export function suggestionDecoration(segment: Segment, context: SuggestionDecorationContext): Decoration {
  const ids = segment.spans.map((span) => span.id);
  const starts = segment.spans.some((span) => span.start === segment.from);
  const selected = context.selectedId !== null && ids.includes(context.selectedId);
  const outer = segment.spans[0] as SpanAnnotation;
  const description = segment.spans
    .map((span) => context.info.get(span.id))
    .filter((info): info is SuggestionInfo => info !== undefined)
    .map((info) => describeSuggestion(info, context.names))
    .join('\n');
  const spec: SuggestionSegmentSpec = { glossaSuggestion: true, ids };
  return Decoration.inline(
    segment.from,
    segment.to,
    {
      nodeName: 'span',
      class: `${SUGGESTION_CLASS}${starts ? ` ${SUGGESTION_START_CLASS}` : ''}${selected ? ` ${SUGGESTION_SELECTED_CLASS}` : ''}`,
      style: `--glossa-s: ${context.colors.get(outer.label) ?? FALLBACK_LABEL_COLOR}`,
      'data-suggestion-ids': ids.map(listItem).join(' '),
      'data-suggestion-labels': segment.spans.map((span) => listItem(span.label)).join(' '),
      title: description,
      'aria-description': description,
    },
    spec,
  );
}

/** The suggestion decorations of a state: its shown suggestions, drawn as `suggestionDecoration` draws them. */
export function suggestionDecorations(
  suggestions: SuggestionState,
  annotations: LiveSpanSet,
  doc: ProseMirrorNode,
  context: Pick<DecorationContext, 'colors' | 'names'>,
): DecorationKind {
  const drawing: SuggestionDecorationContext = { ...context, info: suggestions.info, selectedId: suggestions.selectedId };
  return {
    owns: (spec) => spec['glossaSuggestion'] === true,
    // A change in or at the edge of a suggestion (its text, an annotation over it) can show or hide all of it.
    widen: (from, to) => {
      let wide = { from, to };
      for (const span of suggestions.spans.find(Math.max(0, from - 1), to + 1)) wide = { from: Math.min(wide.from, span.start), to: Math.max(wide.to, span.end) };
      return wide;
    },
    draw: (from, to) => {
      if (suggestions.spans.size === 0) return [];
      const shown = suggestions.spans.find(from, to).filter((span) => {
        const suggestion = suggestionById(suggestions, span.id);
        return suggestion !== undefined && isSuggestionShown(suggestion, suggestions, annotations, doc);
      });
      return buildSegments(shown, from, to).map((segment) => suggestionDecoration(segment, drawing));
    },
  };
}
