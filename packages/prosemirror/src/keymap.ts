/**
 * The annotation keymap, so that annotating needs no mouse:
 *
 * | keys                                | does                                                                          |
 * |-------------------------------------|-------------------------------------------------------------------------------|
 * | `Alt-ArrowDown` / `Alt-ArrowUp`     | select the next / previous annotation                                         |
 * | `Alt-Shift-ArrowDown` / `…Up`       | select the next / previous suggestion                                         |
 * | `Alt-u`                             | select the next most uncertain suggestion (score nearest 0.5 first)           |
 * | `Alt-Shift-ArrowRight` / `…Left`    | extend the selection by a word                                                |
 * | a label's hotkey                    | label the selection, relabel the selected annotation, or accept the selected suggestion with that label |
 * | `Alt-a` / `Alt-r`                   | accept / reject the selected suggestion, or set the selected annotation's status |
 * | `Alt-p`                             | reset the selected annotation's status                                        |
 * | `Alt-Shift-a`                       | accept every suggestion in view scoring at least `acceptInViewMinScore`       |
 * | `Alt-Delete`                        | delete the selected annotation                                                |
 * | `Escape`                            | clear the annotation or suggestion selection                                  |
 *
 * An application extends the bindings with its own keys (undo, say) and
 * says which annotations the user may change (`canChange`) and whether they
 * may annotate now (`canAnnotate`).
 */
import { keymap } from 'prosemirror-keymap';
import type { Command, EditorState, Plugin } from 'prosemirror-state';
import { hotkeyMap } from '@glossa/core';
import type { AnnotationStatus, LabelSchema } from '@glossa/core';
import {
  annotateSelection,
  deleteAnnotation,
  extendSelectionByWord,
  relabel,
  selectAnnotation,
  selectNextAnnotation,
  selectPreviousAnnotation,
  setStatus,
} from './commands.js';
import { annotationPluginKey } from './state.js';
import {
  acceptSuggestion,
  acceptSuggestionsInView,
  clearSuggestionSelection,
  rejectSuggestion,
  selectMostUncertainSuggestion,
  selectNextSuggestion,
  selectPreviousSuggestion,
  selectedSuggestion,
} from './suggestion-commands.js';
import type { VisibleRangeOf } from './suggestion-commands.js';

/** The first of `commands` that applies, as prosemirror-commands' `chainCommands` (which this package does not depend on). */
function firstOf(...commands: readonly Command[]): Command {
  return (state, dispatch, view) => commands.some((command) => command(state, dispatch, view));
}

/** Options of `annotationBindings` and `annotationKeymap`. */
export interface AnnotationKeymapOptions {
  /**
   * A modifier prefix for label hotkeys in prosemirror-keymap syntax, e.g.
   * `'Alt-'`. Without one, a hotkey applies its label only when text is
   * selected and types normally otherwise. @default ''
   */
  readonly hotkeyModifier?: string;
  /** Snap new annotations to whole words. @default true */
  readonly snapToWords?: boolean;
  /** Whether new annotations can be made now. @default always */
  readonly canAnnotate?: () => boolean;
  /** Whether the user may change (relabel, set the status of, delete) the annotation with this id. @default always */
  readonly canChange?: (id: string) => boolean;
  /** The lowest score `Alt-Shift-a` accepts, in [0, 1]. @default 0.8 */
  readonly acceptInViewMinScore?: number;
  /** How `Alt-Shift-a` measures what is in view. @default the editor's part of the window (`visibleRange`) */
  readonly visibleRange?: VisibleRangeOf;
}

/** What `applyLabel` needs to know about the user's rights. */
export type ApplyLabelOptions = Pick<AnnotationKeymapOptions, 'snapToWords' | 'canAnnotate' | 'canChange'>;

/** The selected annotation's id, when the text selection is exactly that annotation. */
export function selectedAnnotationUnderSelection(state: EditorState): string | null {
  const plugin = annotationPluginKey.getState(state);
  if (plugin === undefined || plugin.selectedId === null) return null;
  const span = plugin.spans.get(plugin.selectedId);
  if (span === undefined) return null;
  return span.start === state.selection.from && span.end === state.selection.to ? span.id : null;
}

/** The selected suggestion's id, when the text selection is exactly that suggestion. */
export function selectedSuggestionUnderSelection(state: EditorState): string | null {
  if (annotationPluginKey.getState(state) === undefined) return null;
  const suggestion = selectedSuggestion(state);
  if (suggestion === null) return null;
  return suggestion.start === state.selection.from && suggestion.end === state.selection.to ? suggestion.id : null;
}

/**
 * Applies `label`: relabels the selected annotation when the text selection
 * is exactly that annotation and the user may change it; accepts the
 * selected suggestion with `label` when the text selection is exactly it
 * and the user may annotate; otherwise labels the selected text (snapped to
 * whole words unless `snapToWords` is false) when the user may annotate.
 * Not applicable when none is possible.
 */
export function applyLabel(label: string, options: ApplyLabelOptions = {}): Command {
  const snapToWords = options.snapToWords ?? true;
  return (state, dispatch, view) => {
    const selected = selectedAnnotationUnderSelection(state);
    if (selected !== null && (options.canChange?.(selected) ?? true)) return relabel(selected, label)(state, dispatch, view);
    if (!(options.canAnnotate?.() ?? true)) return false;
    const suggestion = selectedSuggestionUnderSelection(state);
    if (suggestion !== null) return acceptSuggestion({ id: suggestion, label })(state, dispatch, view);
    return annotateSelection(label, { snapToWords })(state, dispatch, view);
  };
}

/** `command` when the user may annotate now (accepting or rejecting a suggestion writes to their layer). */
function whenAnnotating(canAnnotate: () => boolean, command: Command): Command {
  return (state, dispatch, view) => canAnnotate() && command(state, dispatch, view);
}

/** Runs `make(id)` on the selected annotation, when there is one and the user may change it. */
function onSelected(canChange: (id: string) => boolean, make: (id: string) => Command): Command {
  return (state, dispatch, view) => {
    const id = annotationPluginKey.getState(state)?.selectedId ?? null;
    if (id === null || !canChange(id)) return false;
    return make(id)(state, dispatch, view);
  };
}

/** Sets the status of the selected annotation, when the user may change it. */
export function setSelectedStatus(status: AnnotationStatus, canChange: (id: string) => boolean = () => true): Command {
  return onSelected(canChange, (id) => setStatus(id, status));
}

/** Clears the annotation selection. Not applicable when no annotation is selected. */
export const clearAnnotationSelection: Command = (state, dispatch) => {
  if (annotationPluginKey.getState(state)?.selectedId == null) return false;
  return selectAnnotation(null)(state, dispatch);
};

/**
 * The key bindings of the annotation commands (see the module comment), as
 * a map from prosemirror-keymap key names to commands, for an application
 * to extend with its own keys. A label hotkey that is also one of the fixed
 * keys takes that key.
 */
export function annotationBindings(schema: LabelSchema, options: AnnotationKeymapOptions = {}): Record<string, Command> {
  const modifier = options.hotkeyModifier ?? '';
  const canChange = options.canChange ?? (() => true);
  const canAnnotate = options.canAnnotate ?? (() => true);
  const bindings: Record<string, Command> = {
    'Alt-ArrowDown': selectNextAnnotation,
    'Alt-ArrowUp': selectPreviousAnnotation,
    'Alt-Shift-ArrowDown': selectNextSuggestion,
    'Alt-Shift-ArrowUp': selectPreviousSuggestion,
    'Alt-u': selectMostUncertainSuggestion,
    'Alt-Shift-ArrowRight': extendSelectionByWord(1),
    'Alt-Shift-ArrowLeft': extendSelectionByWord(-1),
    'Alt-a': firstOf(whenAnnotating(canAnnotate, acceptSuggestion()), setSelectedStatus('accepted', canChange)),
    'Alt-r': firstOf(whenAnnotating(canAnnotate, rejectSuggestion()), setSelectedStatus('rejected', canChange)),
    'Alt-p': setSelectedStatus('proposed', canChange),
    'Alt-Shift-a': whenAnnotating(canAnnotate, acceptSuggestionsInView(options.acceptInViewMinScore ?? 0.8, options.visibleRange)),
    'Alt-Delete': onSelected(canChange, (id) => deleteAnnotation(id)),
    Escape: firstOf(clearSuggestionSelection, clearAnnotationSelection),
  };
  for (const [key, label] of hotkeyMap(schema)) bindings[`${modifier}${key}`] = applyLabel(label.id, options);
  return bindings;
}

/** A keymap plugin with `annotationBindings(schema, options)`; put it before the base keymap. */
export function annotationKeymap(schema: LabelSchema, options: AnnotationKeymapOptions = {}): Plugin {
  return keymap(annotationBindings(schema, options));
}
