/**
 * The workbench's key bindings in the editor, so that everything can be
 * done without a mouse:
 *
 * | keys                              | does                                                    |
 * |-----------------------------------|---------------------------------------------------------|
 * | `Alt-ArrowDown` / `Alt-ArrowUp`   | select the next / previous annotation                   |
 * | `Alt-Shift-ArrowRight` / `…Left`  | extend the selection by a word                          |
 * | a label's hotkey                  | label the selection, or relabel the selected annotation |
 * | `Alt-a` / `Alt-r` / `Alt-p`       | accept / reject / reset the selected annotation         |
 * | `Alt-Delete`                      | delete the selected annotation                          |
 * | `Mod-z` / `Mod-Shift-z`, `Mod-y`  | undo / redo my own changes (annotations; text if I may edit it) |
 * | `Escape`                          | clear the annotation selection                          |
 */
import type { Command, EditorState } from 'prosemirror-state';
import { hotkeyMap } from '@glossa/core';
import type { AnnotationStatus, LabelSchema } from '@glossa/core';
import {
  annotateSelection,
  annotationPluginKey,
  deleteAnnotation,
  extendSelectionByWord,
  relabel,
  selectAnnotation,
  selectNextAnnotation,
  selectPreviousAnnotation,
  setStatus,
} from '@glossa/prosemirror';

/** What the bindings need to know about the user's rights and the undo history. */
export interface WorkbenchKeymapOptions {
  readonly schema: LabelSchema;
  /** Whether new annotations can be made now (there is a layer to write to). */
  readonly canAnnotate: () => boolean;
  /** Whether the user may change the annotation with this editor id. */
  readonly canChange: (id: string) => boolean;
  readonly undo: () => boolean;
  readonly redo: () => boolean;
}

/** The selected annotation's id, when the text selection is exactly that annotation. */
export function selectedAnnotationUnderSelection(state: EditorState): string | null {
  const plugin = annotationPluginKey.getState(state);
  if (plugin === undefined || plugin.selectedId === null) return null;
  const span = plugin.spans.get(plugin.selectedId);
  if (span === undefined) return null;
  return span.start === state.selection.from && span.end === state.selection.to ? span.id : null;
}

/**
 * Applies `label`: relabels the selected annotation when the selection is
 * exactly that annotation, otherwise labels the selected text (snapped to
 * whole words). Not applicable when neither is possible.
 */
export function applyLabel(label: string, options: Pick<WorkbenchKeymapOptions, 'canAnnotate' | 'canChange'>): Command {
  return (state, dispatch, view) => {
    const selected = selectedAnnotationUnderSelection(state);
    if (selected !== null && options.canChange(selected)) return relabel(selected, label)(state, dispatch, view);
    if (!options.canAnnotate()) return false;
    return annotateSelection(label, { snapToWords: true })(state, dispatch, view);
  };
}

function onSelected(options: WorkbenchKeymapOptions, make: (id: string) => Command): Command {
  return (state, dispatch, view) => {
    const id = annotationPluginKey.getState(state)?.selectedId ?? null;
    if (id === null || !options.canChange(id)) return false;
    return make(id)(state, dispatch, view);
  };
}

/** Sets the status of the selected annotation, when the user may change it. */
export function setSelectedStatus(status: AnnotationStatus, options: WorkbenchKeymapOptions): Command {
  return onSelected(options, (id) => setStatus(id, status));
}

/** The key bindings, as a map from prosemirror-keymap key names to commands. */
export function workbenchBindings(options: WorkbenchKeymapOptions): Record<string, Command> {
  const bindings: Record<string, Command> = {
    'Alt-ArrowDown': selectNextAnnotation,
    'Alt-ArrowUp': selectPreviousAnnotation,
    'Alt-Shift-ArrowRight': extendSelectionByWord(1),
    'Alt-Shift-ArrowLeft': extendSelectionByWord(-1),
    'Alt-a': setSelectedStatus('accepted', options),
    'Alt-r': setSelectedStatus('rejected', options),
    'Alt-p': setSelectedStatus('proposed', options),
    'Alt-Delete': onSelected(options, (id) => deleteAnnotation(id)),
    'Mod-z': () => options.undo(),
    'Mod-Shift-z': () => options.redo(),
    'Mod-y': () => options.redo(),
    Escape: (state, dispatch) => {
      if (annotationPluginKey.getState(state)?.selectedId == null) return false;
      return selectAnnotation(null)(state, dispatch);
    },
  };
  for (const [key, label] of hotkeyMap(options.schema)) bindings[key] = applyLabel(label.id, options);
  return bindings;
}
