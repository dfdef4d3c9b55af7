/**
 * The annotation keymap: the schema's label hotkeys plus keys for moving
 * between annotations and extending the selection by words.
 */
import { keymap } from 'prosemirror-keymap';
import type { Plugin } from 'prosemirror-state';
import type { Command } from 'prosemirror-state';
import { hotkeyMap } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import {
  annotateSelection,
  deleteSelectedAnnotation,
  extendSelectionByWord,
  selectNextAnnotation,
  selectPreviousAnnotation,
} from './commands.js';

/** Options of `annotationKeymap`. */
export interface AnnotationKeymapOptions {
  /**
   * A modifier prefix for label hotkeys in prosemirror-keymap syntax, e.g.
   * `'Alt-'`. Without one, a hotkey applies its label only when text is
   * selected and types normally otherwise. @default ''
   */
  readonly hotkeyModifier?: string;
  /** Snap new annotations to whole words. @default true */
  readonly snapToWords?: boolean;
}

/**
 * The key bindings of the annotation commands, as a map from prosemirror-keymap
 * key names to commands: each label hotkey applies its label to the
 * selection; `Alt-ArrowDown` / `Alt-ArrowUp` select the next / previous
 * annotation; `Alt-Shift-ArrowRight` / `Alt-Shift-ArrowLeft` extend the
 * selection by a word; `Alt-Delete` deletes the selected annotation.
 */
export function annotationBindings(schema: LabelSchema, options: AnnotationKeymapOptions = {}): Record<string, Command> {
  const modifier = options.hotkeyModifier ?? '';
  const snapToWords = options.snapToWords ?? true;
  const bindings: Record<string, Command> = {
    'Alt-ArrowDown': selectNextAnnotation,
    'Alt-ArrowUp': selectPreviousAnnotation,
    'Alt-Shift-ArrowRight': extendSelectionByWord(1),
    'Alt-Shift-ArrowLeft': extendSelectionByWord(-1),
    'Alt-Delete': deleteSelectedAnnotation,
  };
  for (const [key, label] of hotkeyMap(schema)) {
    bindings[`${modifier}${key}`] = annotateSelection(label.id, { snapToWords });
  }
  return bindings;
}

/** A keymap plugin with `annotationBindings(schema, options)`; put it before the base keymap. */
export function annotationKeymap(schema: LabelSchema, options: AnnotationKeymapOptions = {}): Plugin {
  return keymap(annotationBindings(schema, options));
}
