/**
 * The stylesheet for annotation decorations and remote presence.
 *
 * Nothing a user typed ever reaches the CSS: label ids and names are not used
 * in selectors, and the only values taken from the schema are colors that
 * pass the `#rrggbb` check. Per-annotation colors travel as CSS custom
 * properties (`--glossa-c0`, `--glossa-c1`, …) in the `style` attribute of
 * each decoration, again only after validation.
 */
import { isLongHexColor } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';

/** The class on every annotated stretch of text. */
export const ANNOTATION_CLASS = 'glossa-annotation';

/** The class added to the stretches of the selected annotation. */
export const SELECTED_CLASS = 'glossa-annotation-selected';

/** The class on every stretch of text under a shown suggestion (an element of its own, never an annotation's). */
export const SUGGESTION_CLASS = 'glossa-suggestion';

/** The class on the stretch where a suggestion starts: it draws the suggestion marker before it. */
export const SUGGESTION_START_CLASS = 'glossa-suggestion-start';

/** The class added to the stretches of the selected suggestion. */
export const SUGGESTION_SELECTED_CLASS = 'glossa-suggestion-selected';

/** The marker drawn before each suggestion, so it is told from an annotation without colour. */
export const SUGGESTION_MARKER = '◇';

/** The class prefix for the number of annotations covering a stretch: `glossa-depth-2`. */
export const DEPTH_CLASS_PREFIX = 'glossa-depth-';

/** The class of a remote user's caret widget. */
export const REMOTE_CURSOR_CLASS = 'glossa-remote-cursor';

/** The class of the name tag inside a remote caret. */
export const REMOTE_CURSOR_LABEL_CLASS = 'glossa-remote-cursor-label';

/** The class of a remote user's selection highlight. */
export const REMOTE_SELECTION_CLASS = 'glossa-remote-selection';

/**
 * How many nested annotations get their own underline band; deeper ones
 * share the innermost band. @default 6
 */
export const MAX_STACK_DEPTH = 6;

/** The underline band height in pixels per nesting level. */
const BAND_PX = 3;

/** The color used for labels whose color is missing or invalid, and for unknown labels. */
export const FALLBACK_LABEL_COLOR = '#9e9e9e';

/** `color` when it is a `#rrggbb` color, otherwise `fallback`, lowercased either way. */
export function safeColor(color: string | undefined, fallback: string = FALLBACK_LABEL_COLOR): string {
  return (color !== undefined && isLongHexColor(color) ? color : fallback).toLowerCase();
}

/**
 * The color of each label of a schema, validated: labels with an invalid
 * color get `FALLBACK_LABEL_COLOR`.
 */
export function labelColors(schema: LabelSchema): ReadonlyMap<string, string> {
  return new Map(schema.labels.map((label) => [label.id, safeColor(label.color)]));
}

/**
 * Builds the stylesheet for annotation decorations and remote presence.
 * Each annotated stretch is underlined with one band per covering annotation
 * (outermost at the bottom) and tinted with the innermost label's color, so
 * nested and overlapping annotations all stay visible.
 *
 * Suggestions are drawn unlike any annotation: no tint and no solid band,
 * but a dashed underline in the label's color and a marker (`◇`, read out
 * as "suggestion") before each; the selected one has a dashed outline. In
 * greyscale the two still differ in line style and the marker.
 *
 * The schema contributes only its validated text color; label colors are set
 * per decoration. Insert the result with
 * `style.textContent = annotationStyles(schema)`.
 *
 * @example
 * const style = document.createElement('style');
 * style.textContent = annotationStyles(schema);
 * document.head.append(style);
 */
export function annotationStyles(schema: LabelSchema): string {
  const textColor = safeColor(schema.textColor, '#000000');
  const rules: string[] = [
    `.${ANNOTATION_CLASS} { color: ${textColor}; border-radius: 1px; box-decoration-break: clone; -webkit-box-decoration-break: clone; }`,
  ];
  for (let depth = 1; depth <= MAX_STACK_DEPTH; depth++) {
    const bands: string[] = [];
    for (let level = 0; level < depth; level++) {
      bands.push(`inset 0 -${BAND_PX * (level + 1)}px 0 var(--glossa-c${level}, ${FALLBACK_LABEL_COLOR})`);
    }
    rules.push(
      `.${ANNOTATION_CLASS}.${DEPTH_CLASS_PREFIX}${depth} { ` +
        `background-color: color-mix(in srgb, var(--glossa-c${depth - 1}, ${FALLBACK_LABEL_COLOR}) 22%, transparent); ` +
        `box-shadow: ${bands.join(', ')}; padding-bottom: ${BAND_PX * (depth - 1)}px; }`,
    );
  }
  rules.push(
    `.${SELECTED_CLASS} { outline: 2px solid ${textColor}; outline-offset: 1px; }`,
    `.${ANNOTATION_CLASS}[data-statuses~="rejected"] { text-decoration: line-through; }`,
    `.${SUGGESTION_CLASS} { text-decoration-line: underline; text-decoration-style: dashed; text-decoration-thickness: 2px; text-underline-offset: 0.35em; text-decoration-skip-ink: none; text-decoration-color: var(--glossa-s, ${FALLBACK_LABEL_COLOR}); box-decoration-break: clone; -webkit-box-decoration-break: clone; }`,
    // The second `content` (with alternative text) wins where supported; the first is the fallback.
    `.${SUGGESTION_START_CLASS}::before { content: "${SUGGESTION_MARKER}"; content: "${SUGGESTION_MARKER}" / "suggestion"; color: var(--glossa-s, ${FALLBACK_LABEL_COLOR}); font-size: 0.7em; vertical-align: super; line-height: 0; margin-right: 1px; user-select: none; pointer-events: none; }`,
    `.${SUGGESTION_SELECTED_CLASS} { outline: 2px dashed ${textColor}; outline-offset: 2px; }`,
    `.${REMOTE_CURSOR_CLASS} { position: relative; margin-left: -1px; margin-right: -1px; border-left: 2px solid var(--glossa-user-color, ${FALLBACK_LABEL_COLOR}); word-break: normal; pointer-events: none; }`,
    `.${REMOTE_CURSOR_LABEL_CLASS} { position: absolute; top: -1.4em; left: -2px; padding: 0 4px; font-size: 12px; line-height: normal; white-space: nowrap; user-select: none; color: #ffffff; background-color: var(--glossa-user-color, ${FALLBACK_LABEL_COLOR}); }`,
    `.${REMOTE_SELECTION_CLASS} { background-color: color-mix(in srgb, var(--glossa-user-color, ${FALLBACK_LABEL_COLOR}) 30%, transparent); }`,
  );
  return rules.join('\n') + '\n';
}
