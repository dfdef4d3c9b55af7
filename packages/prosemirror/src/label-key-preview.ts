/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What a label key would do now, shown before it is pressed. `applyLabel`
 * relabels the selected annotation when the selection is exactly it, and
 * otherwise annotates the selection snapped to whole words (so a selection
 * that cuts a word grows to take it whole, and spaces and punctuation at
 * its edges are left out); `labelKeyTarget` answers the same question
 * without doing it, and `labelKeyPreviewPlugin` marks the stretch a new
 * annotation would cover with a CSS custom highlight (`::highlight(name)`
 * in the application's stylesheet), which changes no DOM, so it never
 * disturbs a selection being made with the mouse.
 */
import { Plugin } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { snapSelectionToWords } from './commands.js';
import { selectedAnnotationUnderSelection } from './keymap.js';
import type { ApplyLabelOptions } from './keymap.js';

/** What a label key would do: relabel annotation `id`, or create an annotation on `[from, to)`. */
export type LabelKeyTarget = { readonly kind: 'relabel'; readonly id: string } | { readonly kind: 'create'; readonly from: number; readonly to: number };

/** The name of the CSS highlight of `labelKeyPreviewPlugin` unless one is given. */
export const LABEL_KEY_PREVIEW_HIGHLIGHT = 'glossa-label-key-preview';

/**
 * What `applyLabel(label, options)` would do in `state`, or `null` when it
 * would do nothing (no selection, or nothing the user may do).
 */
export function labelKeyTarget(state: EditorState, options: ApplyLabelOptions = {}): LabelKeyTarget | null {
  const selected = selectedAnnotationUnderSelection(state);
  if (selected !== null && (options.canChange?.(selected) ?? true)) return { kind: 'relabel', id: selected };
  if (!(options.canAnnotate?.() ?? true)) return null;
  const { from, to } = state.selection;
  if (from === to) return null;
  return { kind: 'create', ...((options.snapToWords ?? true) ? snapSelectionToWords(state, from, to) : { from, to }) };
}

/** Options of `labelKeyPreviewPlugin`. */
export interface LabelKeyPreviewOptions {
  /** What the label keys may do now, or `null` when they are off (no preview). */
  readonly labelOptions: () => ApplyLabelOptions | null;
  /** The name of the CSS highlight. @default LABEL_KEY_PREVIEW_HIGHLIGHT */
  readonly highlight?: string;
}

/** The browser's registry of custom highlights, where there is one. */
function highlightRegistry(): HighlightRegistry | null {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined' ? CSS.highlights : null;
}

/** The DOM range of `[from, to)` in the view. */
function domRange(view: EditorView, from: number, to: number): Range {
  const start = view.domAtPos(from, 1);
  const end = view.domAtPos(to, -1);
  const range = view.dom.ownerDocument.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  return range;
}

/**
 * Highlights, in a browser with CSS custom highlights, the stretch a label
 * key would annotate: the selection snapped as `applyLabel` snaps it. No
 * highlight while the selection is exactly a selected annotation (a key
 * relabels it) or when `labelOptions` returns `null`.
 */
export function labelKeyPreviewPlugin(options: LabelKeyPreviewOptions): Plugin {
  const name = options.highlight ?? LABEL_KEY_PREVIEW_HIGHLIGHT;
  return new Plugin({
    view: (view) => {
      const registry = highlightRegistry();
      if (registry === null) return {};
      const highlight = new Highlight();
      registry.set(name, highlight);
      const update = (): void => {
        highlight.clear();
        const labelOptions = options.labelOptions();
        const target = labelOptions === null ? null : labelKeyTarget(view.state, labelOptions);
        if (target?.kind === 'create') highlight.add(domRange(view, target.from, target.to));
      };
      update();
      return {
        update,
        destroy: () => {
          if (registry.get(name) === highlight) registry.delete(name);
        },
      };
    },
  });
}
