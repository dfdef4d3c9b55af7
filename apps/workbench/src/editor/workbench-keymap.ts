/**
 * The workbench's key bindings in the editor, so that everything can be
 * done without a mouse: the annotation keymap of @glossa/prosemirror
 * (`annotationBindings`: moving between annotations, extending the
 * selection, label hotkeys, `Alt-a` / `Alt-r` / `Alt-p` for the status,
 * `Alt-Delete`, `Escape`), limited to what the user may do, plus:
 *
 * | keys                              | does                                                                  |
 * |-----------------------------------|-----------------------------------------------------------------------|
 * | `Mod-z` / `Mod-Shift-z`, `Mod-y`  | undo / redo my own changes (the annotations, or the text while editing it) |
 * | `Alt-b`                           | start or end adjusting the selected annotation's boundaries           |
 * | `Alt-o`                           | annotate all occurrences of the selected text (a dialog)              |
 * | `Alt-f`                           | add the selected text to the selected annotation as one more piece     |
 *
 * and the relation keymap of @glossa/prosemirror (`relationBindings`:
 * `Alt-l`, the relation label hotkeys, `Alt-k`, `Alt-v`, and `Alt-Delete`
 * and `Escape` on the selected relation before the selected annotation).
 *
 * Every key is listed for users in `shortcuts.ts`, which a test holds to
 * these bindings.
 */
import type { Command } from 'prosemirror-state';
import type { LabelSchema } from '@glossa/core';
import { addFragment, annotationBindings, relationBindings, toggleBoundaryAdjustment } from '@glossa/prosemirror';

/** What the editor's keys ask of the page around it. */
export interface EditorActions {
  /** Undoes the user's last change in the current mode; returns whether there was one. */
  readonly undo: () => boolean;
  /** Redoes the last undone change; returns whether there was one. */
  readonly redo: () => boolean;
  /** Opens "annotate all occurrences" for the selected text; returns whether it opened. */
  readonly annotateAll: () => boolean;
}

/** What the bindings need to know about the user's rights and the page. */
export interface WorkbenchKeymapOptions {
  readonly schema: LabelSchema;
  /** Whether new annotations can be made now (there is a layer to write to, and the text is not being edited). */
  readonly canAnnotate: () => boolean;
  /** Whether the user may change the annotation with this editor id now. */
  readonly canChange: (id: string) => boolean;
  /** Whether the user may change or delete the relation with this editor id now. */
  readonly canChangeRelation: (id: string) => boolean;
  readonly actions: EditorActions;
}

/** The key bindings, as a map from prosemirror-keymap key names to commands. */
export function workbenchBindings(options: WorkbenchKeymapOptions): Record<string, Command> {
  const { actions } = options;
  const annotation = annotationBindings(options.schema, { canAnnotate: options.canAnnotate, canChange: options.canChange, snapToWords: true });
  const relation = relationBindings(options.schema, { canAnnotate: options.canAnnotate, canChangeRelation: options.canChangeRelation });
  // Keys both sets bind act on a relation first (deleting or leaving the selected relation), then on the annotation.
  const shared = Object.fromEntries(
    Object.keys(relation)
      .filter((key) => key in annotation)
      .map((key): [string, Command] => [key, (state, dispatch, view) => (relation[key] as Command)(state, dispatch, view) || (annotation[key] as Command)(state, dispatch, view)]),
  );
  return {
    ...annotation,
    ...relation,
    ...shared,
    'Alt-f': addFragment({ canChange: options.canChange }),
    'Mod-z': () => actions.undo(),
    'Mod-Shift-z': () => actions.redo(),
    'Mod-y': () => actions.redo(),
    'Alt-b': toggleBoundaryAdjustment(options.canChange),
    'Alt-o': (state) => options.canAnnotate() && !state.selection.empty && actions.annotateAll(),
  };
}
