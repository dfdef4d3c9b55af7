/**
 * The workbench's key bindings in the editor, so that everything can be
 * done without a mouse: the annotation keymap of @glossa/prosemirror
 * (`annotationBindings`: moving between annotations, extending the
 * selection, label hotkeys, `Alt-a` / `Alt-r` / `Alt-p` for the status,
 * `Alt-Delete`, `Escape`), limited to what the user may do, plus undo:
 *
 * | keys                              | does                                                            |
 * |-----------------------------------|-----------------------------------------------------------------|
 * | `Mod-z` / `Mod-Shift-z`, `Mod-y`  | undo / redo my own changes (annotations; text if I may edit it) |
 */
import type { Command } from 'prosemirror-state';
import type { LabelSchema } from '@glossa/core';
import { annotationBindings } from '@glossa/prosemirror';

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

/** The key bindings, as a map from prosemirror-keymap key names to commands. */
export function workbenchBindings(options: WorkbenchKeymapOptions): Record<string, Command> {
  return {
    ...annotationBindings(options.schema, { canAnnotate: options.canAnnotate, canChange: options.canChange, snapToWords: true }),
    'Mod-z': () => options.undo(),
    'Mod-Shift-z': () => options.redo(),
    'Mod-y': () => options.redo(),
  };
}
